from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from constituencies.models import Constituency
from constituencies.services import (
    constituencies_for_postcode,
    display_postcode,
    normalise_postcode,
    postcodes_loaded,
)
from petitions.forms import MARKUP, EmailAtDomainField, checked_name, has_control_characters

from .services import keeps_suggested_opening, letter_is_too_similar
from .similarity import words_of

# Shorter than this, a letter says too little to count as the writer's own words; longer, no one reads it.
LETTER_MIN_WORDS = 40
LETTER_MAX_CHARACTERS = 6000


class HoneypotMixin:
    """A field people never see: bots that fill every field give themselves away."""

    def add_honeypot(self):
        self.fields["website"] = forms.CharField(
            required=False,
            label=gettext_lazy("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))

    def helper_with_trap(self):
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = Layout(
            *[name for name in self.fields if name != "website"],
            Div("website", css_class="form-trap", aria_hidden="true"),
        )
        return helper


class PostcodeForm(HoneypotMixin, forms.Form):
    """The writer's postcode, looked up in our own tables: to one constituency, to several (it
    straddles a boundary), or an error on the field."""

    postcode = forms.CharField(
        max_length=20,
        label=gettext_lazy("Your postcode"),
        help_text=gettext_lazy("We look it up on our own server to find your MP; it is not stored."),
        error_messages={"required": gettext_lazy("Enter your postcode.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "dir": "ltr", "autocapitalize": "characters"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_honeypot()
        self.helper = self.helper_with_trap()

    def clean_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["postcode"])
        if postcode is None:
            raise forms.ValidationError(_("Enter a UK postcode such as SW1A 0AA."), code="malformed")
        self.constituencies = constituencies_for_postcode(postcode)
        if not self.constituencies:
            raise forms.ValidationError(
                _("We cannot find %(postcode)s. Check it, or try the postcode of another address where you live.")
                % {"postcode": display_postcode(postcode)},
                code="unknown",
            )
        return postcode


class ConstituencyChoiceForm(forms.Form):
    """Which constituency is the writer's: among those of a straddling postcode, or all of them
    when no postcode data is loaded."""

    constituency = forms.ModelChoiceField(
        queryset=Constituency.objects.none(),
        to_field_name="ons_code",
        label=gettext_lazy("Your constituency"),
        empty_label=gettext_lazy("Choose your constituency"),
        error_messages={
            "required": gettext_lazy("Choose your constituency."),
            "invalid_choice": gettext_lazy("Choose your constituency from the list."),
        },
    )

    def __init__(self, *args, constituencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = constituencies
        self.helper = FormHelper()
        self.helper.form_tag = False


class LetterForm(HoneypotMixin, forms.Form):
    writer_name = forms.CharField(
        max_length=100,
        label=gettext_lazy("Full name"),
        error_messages={"required": gettext_lazy("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    writer_address = forms.CharField(
        max_length=300,
        label=gettext_lazy("Your address"),
        help_text=gettext_lazy(
            "House number and street, town: your MP's office checks it to know you are a constituent."
        ),
        error_messages={"required": gettext_lazy("Enter your address.")},
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address", "dir": "auto"}),
    )
    writer_postcode = forms.CharField(
        max_length=20,
        label=gettext_lazy("Postcode"),
        error_messages={"required": gettext_lazy("Enter your postcode.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "dir": "ltr"}),
    )
    writer_email = EmailAtDomainField(
        max_length=254,
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("We send you a link to confirm your letter; your MP's reply comes to this address."),
        error_messages={"required": gettext_lazy("Enter your email address.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
    subject = forms.CharField(
        max_length=200,
        label=gettext_lazy("Subject"),
        error_messages={"required": gettext_lazy("Give your letter a subject.")},
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    body = forms.CharField(
        max_length=LETTER_MAX_CHARACTERS,
        label=gettext_lazy("Your letter"),
        error_messages={"required": gettext_lazy("Write your letter.")},
        widget=forms.Textarea(attrs={"rows": 14, "dir": "auto"}),
    )

    def __init__(self, *args, campaign, recipient, for_print=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.recipient = recipient
        self.for_print = for_print
        if for_print:
            # A letter the writer prints and posts: we send nothing, so need no address to confirm.
            del self.fields["writer_email"]
        self.add_honeypot()
        self.helper = self.helper_with_trap()

    def clean_writer_name(self):
        return checked_name(self.cleaned_data["writer_name"])

    def clean_writer_address(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["writer_address"].splitlines()]
        address = "\n".join(line for line in lines if line)
        if has_control_characters(address.replace("\n", " ")) or MARKUP.search(address):
            raise forms.ValidationError(_("Please enter just your address, without links or < > { } characters."))
        return address

    def clean_writer_postcode(self):
        postcode = normalise_postcode(self.cleaned_data["writer_postcode"])
        if postcode is None:
            raise forms.ValidationError(_("Enter a UK postcode such as SW1A 0AA."))
        constituency = self.recipient.constituency
        if constituency is not None:
            found = constituencies_for_postcode(postcode)
            # Without postcode data nothing can be checked; with it, an MP hears only from their constituents.
            if not found and postcodes_loaded():
                # Going straight to another seat's page with a made-up postcode must not get round this.
                raise forms.ValidationError(
                    _("We cannot find %(postcode)s. Check it, or try the postcode of another address where you live.")
                    % {"postcode": display_postcode(postcode)}
                )
            if found and constituency not in found:
                raise forms.ValidationError(
                    _("%(postcode)s is not in %(constituency)s: an MP takes letters from their own constituents.")
                    % {"postcode": display_postcode(postcode), "constituency": constituency.name}
                )
        return display_postcode(postcode)

    def clean_writer_email(self):
        email = self.cleaned_data["writer_email"].strip()
        if has_control_characters(email):
            raise forms.ValidationError(_("Enter a valid email address."))
        return email

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if has_control_characters(subject):
            raise forms.ValidationError(_("Please use only letters, spaces and punctuation in the subject."))
        return subject

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").strip()
        if has_control_characters(body.replace("\n", " ").replace("\t", " ")):
            raise forms.ValidationError(_("Please use only letters, spaces and punctuation in your letter."))
        if len(words_of(body)) < LETTER_MIN_WORDS:
            raise forms.ValidationError(
                _("Please write at least %(count)s words: say in your own words why this matters to you.")
                % {"count": LETTER_MIN_WORDS}
            )
        if keeps_suggested_opening(campaign=self.campaign, body=body):
            raise forms.ValidationError(
                _("Please change the suggested opening: put it in your own words, so that your MP reads you, not us.")
            )
        return body

    def clean(self):
        cleaned = super().clean()
        body, email = cleaned.get("body"), cleaned.get("writer_email")
        if self.for_print:
            return cleaned
        if (
            body
            and email
            and letter_is_too_similar(
                campaign=self.campaign,
                body=body,
                writer_email=email,
                recipient_id=self.recipient.person.pk if self.recipient.person else None,
            )
        ):
            self.add_error(
                "body",
                forms.ValidationError(
                    _(
                        "Your letter is very like one another supporter has already sent. MPs set aside letters "
                        "that read the same, so please rewrite it in your own words: why this matters to you, "
                        "what you ask of your MP."
                    ),
                    code="too_similar",
                ),
            )
        return cleaned
