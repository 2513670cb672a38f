"""A recommendation's words in each language (django-modeltranslation: columns of the same table),
and its edit history, registered after them so that history keeps every language's version.
An office's title has a version per language too."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import PublicOffice, Recommendation


class RecommendationTranslation(TranslationOptions):
    fields = ["title", "call_to_action"]


class PublicOfficeTranslation(TranslationOptions):
    fields = ["title"]


translator.register(Recommendation, RecommendationTranslation)
translator.register(PublicOffice, PublicOfficeTranslation)
keep_history(Recommendation)
