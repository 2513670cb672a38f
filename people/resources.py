"""CSV export of people: supporters and parliamentarians (django-import-export).

Imports go through people/imports.py (in bulk, by a worker), with the same columns. Every exported
cell follows campaign/spreadsheets.py: formulas are neutralised.
"""

from import_export import fields, resources, widgets

from campaign.spreadsheets import neutralise

from .imports import COLUMNS
from .models import Person, Tag


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
        fields = COLUMNS  # the import's own columns, so that an export can be imported again
        export_order = fields

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
