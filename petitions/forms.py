import re
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from campaign.spreadsheets import looks_like_formula

from .email_addresses import email_domain, is_ip_literal
from .services import CONSENT_WORDING

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
MARKUP = re.compile(r"[<>{}]|https?:|www\.", re.IGNORECASE)


class CountryChoiceField(forms.ChoiceField):
    """A country select whose 250 choices are built once per language and shared by every form:
    Django otherwise copies and re-checks them for each form, a millisecond of every signature."""

    _choices_by_language = {}

    def __init__(self, **kwargs):
        super().__init__(choices=self.country_choices, **kwargs)

    @classmethod
    def country_choices(cls):
        language = translation.get_language()
        if language not in cls._choices_by_language:
            cls._choices_by_language[language] = [("", _("Choose your country")), *countries]
        return cls._choices_by_language[language]

    def valid_value(self, value):
        return value in countries


def has_control_characters(text):
    return any(unicodedata.category(char) in {"Cc", "Cf", "Co", "Cs"} for char in text)


class EmailAtDomainField(forms.EmailField):
    """An address at a domain name. Django's own check takes `someone@[1.2.3.4]` (and `someone@1.2.3.44`):
    addresses no provider hands out, and a way around the signing limit per domain."""

    def validate(self, value):
        super().validate(value)
        # Before the address validator, so that `someone@1.2.3.4` gets this message rather than "invalid".
        if value and "@" in value and is_ip_literal(email_domain(value)):
            raise forms.ValidationError(
                _("Please use an address at a domain name (such as example.org), not at an IP address."),
                code="ip_literal",
            )


def checked_name(typed):
    """A person's name as a public form takes it (signing, writing to an MP): spaces folded, or a
    ValidationError saying what to change."""
    name = " ".join(typed.split())
    if has_control_characters(name):
        raise forms.ValidationError(_("Please use only letters, spaces and punctuation in your name."))
    if MARKUP.search(name):
        raise forms.ValidationError(_("Please enter just your name, without links or < > { } characters."))
    if len(name) < 2:
        raise forms.ValidationError(_("Please enter your full name."))
    # No one's name starts with = + - or @; a spreadsheet opening the supporter list would run it.
    if looks_like_formula(name):
        raise forms.ValidationError(_("Please enter your name without = + - or @ at the start."))
    return name


class SignatureForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Full name"),
        error_messages={"required": gettext_lazy("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = EmailAtDomainField(
        max_length=254,
        label=gettext_lazy("Email address"),
        error_messages={"required": gettext_lazy("Enter your email address.")},
        help_text=gettext_lazy("We send you a link to confirm your signature. It counts once you have confirmed."),
        # An address reads left to right, whatever the page's language.
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    # Starts at SIGNING_DEFAULT_COUNTRY; static/js/signing.js moves it to the country of the
    # browser's language (en-US, fa-IR…) when the signer has not chosen one yet.
    country = CountryChoiceField(
        label=gettext_lazy("Country"),
        error_messages={"required": gettext_lazy("Choose your country.")},
        widget=forms.Select(attrs={"autocomplete": "country", "data-browser-default": ""}),
    )
    postcode = forms.CharField(
        max_length=10,
        required=False,
        label=gettext_lazy("Postcode"),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "dir": "ltr"}),
    )
    # The words the signer agrees to, in the page's language; signature_submit stores them as shown.
    wants_email = forms.BooleanField(required=False, label=gettext_lazy(CONSENT_WORDING))
    # A consent of its own, never implied by the one above: the name goes to the petition's target.
    name_may_be_delivered = forms.BooleanField(required=False)
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, petition, **kwargs):
        super().__init__(*args, **kwargs)
        self.petition = petition
        if not petition.asks_postcode:
            del self.fields["postcode"]
        self.helper = None
        if not self.is_bound:
            self.describe()

    def describe(self):
        """What only a shown form needs: labels naming the target, help texts with links, the
        layout. A signing POST that goes through never shows the form, so it skips all this (and
        the query for the target's name); a form shown again with its errors gets it then."""
        if self.helper is not None:
            return
        self.fields["country"].initial = settings.SIGNING_DEFAULT_COUNTRY
        if "postcode" in self.fields:
            self.fields["postcode"].label = _("Postcode (required in the UK)")
            self.fields["postcode"].help_text = _(
                "Only if you live in the UK, so that we can tell MPs how many constituents signed."
            )
        # The target's name in <bdi>, so that "UK Government" keeps its order in a Persian sentence.
        self.fields["name_may_be_delivered"].label = format_html(
            _("Yes, my name may be handed to {target} with the petition."),
            target=format_html("<bdi>{}</bdi>", self.petition.addressed_to.name),
        )
        self.fields["name_may_be_delivered"].help_text = _(
            "Optional. Without it your signature is counted but your name is not given to anyone."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "website"],
            Div("website", css_class="form-trap", aria_hidden="true"),
        )
        privacy_url = reverse("campaign:privacy")
        self.fields["wants_email"].help_text = format_html(
            _('Optional. See our <a href="{url}">privacy notice</a> for what we keep and why.'), url=privacy_url
        )

    def clean_name(self):
        return checked_name(self.cleaned_data["name"])

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if has_control_characters(email):
            raise forms.ValidationError(_("Enter a valid email address."))
        return email

    def clean_postcode(self):
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())

    def clean(self):
        cleaned = super().clean()
        if "postcode" in self.fields and cleaned.get("country") == "GB":
            postcode = cleaned.get("postcode", "")
            if not postcode:
                self.add_error("postcode", _("Please enter your postcode."))
            elif not UK_POSTCODE.match(postcode):
                self.add_error("postcode", _("Enter a UK postcode such as SW1A 0AA."))
        return cleaned

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class BulkInvalidationForm(forms.Form):
    petition = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Petition"), empty_label=gettext_lazy("Any petition")
    )
    ip_address = forms.GenericIPAddressField(required=False, label=gettext_lazy("Signed from IP address"))
    email_domain = forms.CharField(
        required=False, max_length=253, label=gettext_lazy("Email domain"), help_text=gettext_lazy("e.g. spam.example")
    )
    signed_from = forms.DateTimeField(
        required=False, label=gettext_lazy("Signed from"), help_text=gettext_lazy("YYYY-MM-DD HH:MM")
    )
    signed_until = forms.DateTimeField(
        required=False, label=gettext_lazy("Signed until"), help_text=gettext_lazy("YYYY-MM-DD HH:MM")
    )
    mark_as = forms.ChoiceField(
        label=gettext_lazy("Mark as"),
        choices=[("invalidated", gettext_lazy("Invalidated")), ("fraudulent", gettext_lazy("Fraudulent"))],
    )

    def __init__(self, *args, **kwargs):
        from .models import Petition

        super().__init__(*args, **kwargs)
        self.fields["petition"].queryset = Petition.objects.all()

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in ("ip_address", "email_domain", "signed_from", "signed_until")):
            raise forms.ValidationError(_("Give at least one condition: an IP address, a domain or a time window."))
        return cleaned

    def conditions(self):
        return {
            name: self.cleaned_data.get(name)
            for name in ("petition", "ip_address", "email_domain", "signed_from", "signed_until")
        }

    def preview_total(self, matching):
        if not hasattr(self, "_total"):
            self._total = matching.count()
        return self._total
