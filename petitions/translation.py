"""A petition's words in each language (django-modeltranslation: columns of the same table), and
its edit history, registered after them so that history keeps every language's version."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Milestone, Petition


class PetitionTranslation(TranslationOptions):
    fields = ["title", "text", "background", "response_text", "response_by"]


class MilestoneTranslation(TranslationOptions):
    fields = ["consequence"]


translator.register(Petition, PetitionTranslation)
translator.register(Milestone, MilestoneTranslation)
keep_history(Petition)
