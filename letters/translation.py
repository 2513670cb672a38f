"""A letter campaign's words in each language (django-modeltranslation: columns of the same table), and
its edit history, registered after them so that history keeps every language's version."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import LetterCampaign


class LetterCampaignTranslation(TranslationOptions):
    fields = ["title", "guidance", "points", "suggested_subject", "suggested_opening"]


translator.register(LetterCampaign, LetterCampaignTranslation)
keep_history(LetterCampaign)
