"""CSV import and export of people: supporters and parliamentarians (django-import-export).

An import is previewed as a dry run first; a row with an error stops the whole file, with the row
and the reason shown; nothing is written until staff confirm a preview without errors. Every cell
follows campaign/spreadsheets.py: exported formulas are neutralised, imported ones refused.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from campaign.spreadsheets import looks_like_formula, neutralise

from .models import Legislature, ParliamentaryRole, Party, Person, Tag
from .services import person_record_consent

# What a row may say of a person's consent: an opt-out or a bounce reported elsewhere is recorded
# as such (with the file as its source); "unknown" and empty leave the person as they are.
CONSENT_VALUES = {"", "subscribed", "unsubscribed", "bounced", "unknown"}


class PersonResource(resources.ModelResource):
    tags = fields.Field(attribute="tags", column_name="tags", widget=widgets.ManyToManyWidget(Tag, field="name"))
    legislature = fields.Field(column_name="legislature", readonly=True)
    party = fields.Field(column_name="party", readonly=True)
    constituency = fields.Field(column_name="constituency", readonly=True)
    current = fields.Field(column_name="current", readonly=True)
    consent = fields.Field(column_name="consent", readonly=True)
    consent_wording = fields.Field(column_name="consent_wording", readonly=True)

    class Meta:
        model = Person
        import_id_fields = ["email"]
        fields = [
            "honorific",
            "given_name",
            "family_name",
            "territorial_designation",
            "post_nominals",
            "salutation_title",
            "description",
            "country",
            "email",
            "postcode",
            "tags",
            "legislature",
            "party",
            "constituency",
            "current",
            "consent",
            "consent_wording",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    def export_resource(self, instance, selected_fields=None, **kwargs):
        # Every cell, whatever field it comes from: names and addresses arrive from signers.
        # (django-import-export's own escaping setting only strips one leading "=".)
        return [neutralise(value) for value in super().export_resource(instance, selected_fields, **kwargs)]

    def latest_role(self, person):
        return person.parliamentary_roles.select_related("legislature", "party").first()

    def dehydrate_legislature(self, person):
        role = self.latest_role(person)
        return role.legislature.name if role else ""

    def dehydrate_party(self, person):
        role = self.latest_role(person)
        return role.party.name if role and role.party else ""

    def dehydrate_constituency(self, person):
        role = self.latest_role(person)
        return role.constituency if role else ""

    def dehydrate_current(self, person):
        role = self.latest_role(person)
        return ("yes" if role.is_current else "no") if role else ""

    def dehydrate_consent(self, person):
        return person.email_consent

    def dehydrate_consent_wording(self, person):
        latest = person.consent_changes.first()
        return latest.wording if latest else ""

    def before_import_row(self, row, **kwargs):
        row["email"] = (row.get("email") or "").strip().lower() or None
        if row.get("tags") is None:
            row["tags"] = ""
        errors = {
            column: _(
                "“%(column)s” starts like a spreadsheet formula (with = + - @ or a tab): "
                "remove that character, or check where this file came from."
            )
            % {"column": column}
            for column, value in row.items()
            if column and looks_like_formula(value)
        }
        legislature = (row.get("legislature") or "").strip()
        if legislature and not Legislature.objects.filter(name__iexact=legislature).exists():
            errors["legislature"] = _("Unknown legislature “%(name)s”: add it in the admin first.") % {
                "name": legislature
            }
        party = (row.get("party") or "").strip()
        if party and not Party.objects.filter(name__iexact=party).exists():
            errors["party"] = _("Unknown party “%(name)s”: add it in the admin first.") % {"name": party}
        if party and not legislature:
            errors["legislature"] = _("A party needs a legislature.")
        consent = (row.get("consent") or "").strip().lower()
        if consent not in CONSENT_VALUES:
            # The values are the file's own words, not translated.
            errors["consent"] = _("Consent is “subscribed”, “unsubscribed”, “bounced”, “unknown” or empty.")
        if consent == "subscribed" and not (row.get("consent_wording") or "").strip():
            errors["consent_wording"] = _("Give the words the person agreed to when consent is “subscribed”.")
        if consent == "subscribed" and not row["email"]:
            errors["email"] = _("A subscribed supporter needs an email address.")
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row that only changes a person's consent is not "unchanged": the consent must be recorded.
        consent = (row.get("consent") or "").strip().lower()
        if consent in {"subscribed", "unsubscribed", "bounced"} and original and original.email_consent != consent:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)

    def after_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run"):
            return
        legislature = (row.get("legislature") or "").strip()
        if legislature:
            party = (row.get("party") or "").strip()
            ParliamentaryRole.objects.update_or_create(
                person=instance,
                legislature=Legislature.objects.get(name__iexact=legislature),
                defaults={
                    "party": Party.objects.filter(name__iexact=party).first() if party else None,
                    "constituency": (row.get("constituency") or "").strip(),
                    "is_current": (row.get("current") or "yes").strip().lower() not in {"no", "false", "0", "former"},
                },
            )
        consent = (row.get("consent") or "").strip().lower()
        if consent in {"subscribed", "unsubscribed", "bounced"}:
            person_record_consent(
                instance,
                status=consent,
                source=f"CSV import {kwargs.get('file_name') or ''}".strip(),
                wording=(row.get("consent_wording") or "").strip() if consent == "subscribed" else "",
            )
