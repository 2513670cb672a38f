from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ContactLog, Stance


class StanceForm(forms.Form):
    """The whip count's quick edit of one person's stance."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    stance = forms.ChoiceField(choices=Stance.Position.choices, label=_("stance"))
    # The filters of the page it came from, to go back to the same list.
    filters = forms.CharField(required=False, widget=forms.HiddenInput)


class ContactForm(forms.ModelForm):
    stance = forms.ChoiceField(
        choices=[("", _("(unchanged)")), *Stance.Position.choices],
        required=False,
        label=_("stance after this contact"),
    )
    filters = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = ContactLog
        fields = ["contacted_on", "channel", "note", "next_step", "next_step_on"]
        widgets = {
            "contacted_on": forms.DateInput(attrs={"type": "date"}),
            "next_step_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("contacted_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        contacted_on, next_step_on = cleaned.get("contacted_on"), cleaned.get("next_step_on")
        if next_step_on and not cleaned.get("next_step"):
            self.add_error("next_step", _("Say what the next step is."))
        if contacted_on and contacted_on > timezone.localdate():
            self.add_error("contacted_on", _("A contact cannot be in the future: give the next step a date instead."))
        if contacted_on and next_step_on and next_step_on < contacted_on:
            self.add_error("next_step_on", _("The next step cannot come before the contact."))
        return cleaned
