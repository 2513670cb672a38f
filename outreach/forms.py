"""Forms of the outreach admin that are not a model's own."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from people.models import Person

from .audiences import SAMPLE_SIZE

NAMELESS = "nameless"
MADE_UP = "made_up"


class TestMailForm(forms.Form):
    """A test of a mailing to several members of staff, rendered as a chosen recipient would get it
    (a Lord, a supporter who gave no name, a reader of another language). Tests go only to staff
    accounts' own addresses, so the admin cannot be used to mail anyone else."""

    addresses = forms.MultipleChoiceField(
        label=_("Send to"), widget=forms.CheckboxSelectMultiple, help_text=_("Staff accounts with an address.")
    )
    render_as = forms.ChoiceField(label=_("As it would reach"))

    def __init__(self, *args, mailing, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = (
            get_user_model()
            .objects.filter(is_staff=True, is_active=True)
            .exclude(email="")
            .order_by("email")
            .values_list("email", flat=True)
        )
        self.fields["addresses"].choices = [(email, email) for email in dict.fromkeys(staff)]
        if user.email:
            self.fields["addresses"].initial = [user.email]
        self.sample = {
            str(p.pk): p for p in mailing.audience.people().order_by("family_name", "given_name")[:SAMPLE_SIZE]
        }
        self.fields["render_as"].choices = [
            *((pk, person.full_name) for pk, person in self.sample.items()),
            (NAMELESS, _("A supporter who gave no name")),
            (MADE_UP, _("A made-up recipient (“Test Recipient”)")),
        ]

    def recipient(self):
        choice = self.cleaned_data["render_as"]
        if choice in self.sample:
            return self.sample[choice]
        if choice == NAMELESS:
            return Person(family_name="", pk=0)
        return Person(given_name="Test", family_name="Recipient", pk=0)
