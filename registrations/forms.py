"""The registration form, with the signing form's defences: a honeypot, no addresses at IP
literals (petitions.forms.EmailAtDomainField), and no control characters, markup or spreadsheet
formulas in what will be printed on a guest list."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from campaign.spreadsheets import looks_like_formula
from petitions.forms import MARKUP, EmailAtDomainField, has_control_characters

from .services import CONSENT_WORDING


def clean_line(value, *, minimum=0):
    """One line of text for a guest list: spaces tidied, nothing a printer or a spreadsheet would
    misread. Raises ValidationError with a message the person can act on."""
    value = " ".join(value.split())
    if has_control_characters(value):
        raise forms.ValidationError(_("Please use only letters, spaces and punctuation here."))
    if MARKUP.search(value):
        raise forms.ValidationError(_("Please write it without links or < > { } characters."))
    if looks_like_formula(value):
        raise forms.ValidationError(_("Please write it without = + - or @ at the start."))
    if value and len(value) < minimum:
        raise forms.ValidationError(_("Please enter your full name."))
    return value


class RegistrationForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Full name"), widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = EmailAtDomainField(
        max_length=254,
        label=_("Email address"),
        help_text=_("We send you a link to confirm. Your place is held once you have confirmed."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name_on_id = forms.CharField(
        max_length=100,
        label=_("Your name as on your photo ID"),
        help_text=_(
            "Exactly as printed on the passport or driving licence you will bring: the security desk checks it."
        ),
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        label=_("Organisation (optional)"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    accessibility_needs = forms.CharField(
        max_length=500,
        required=False,
        label=_("Accessibility needs (optional)"),
        help_text=_("Anything that would help you take part: step-free access, a hearing loop, a seat near the front."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    wants_email = forms.BooleanField(required=False, label=CONSENT_WORDING)
    # A field people never see: bots that fill every field give themselves away.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        if not registration.wants_name_on_id:
            del self.fields["name_on_id"]
        if not registration.asks_organisation:
            del self.fields["organisation"]
        if not registration.asks_accessibility:
            del self.fields["accessibility_needs"]
        self.fields["wants_email"].help_text = format_html(
            _('Optional. See our <a href="{}">privacy notice</a> for what we keep and why.'),
            reverse("campaign:privacy"),
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "website"],
            Div("website", css_class="form-trap", aria_hidden="true"),
        )

    def clean_name(self):
        return clean_line(self.cleaned_data["name"], minimum=2)

    def clean_name_on_id(self):
        return clean_line(self.cleaned_data["name_on_id"], minimum=2)

    def clean_organisation(self):
        return clean_line(self.cleaned_data.get("organisation", ""))

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if has_control_characters(email):
            raise forms.ValidationError(_("Enter a valid email address."))
        return email

    def clean_accessibility_needs(self):
        text = self.cleaned_data.get("accessibility_needs", "").replace("\r\n", "\n").strip()
        if has_control_characters(text.replace("\n", "")):
            raise forms.ValidationError(_("Please use only letters, spaces and punctuation here."))
        return text

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))


class WalkInForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Name"))
    organisation = forms.CharField(max_length=200, required=False, label=_("Organisation (optional)"))

    def clean_name(self):
        return clean_line(self.cleaned_data["name"], minimum=2)

    def clean_organisation(self):
        return clean_line(self.cleaned_data.get("organisation", ""))
