"""A recommendation's words in each language (django-modeltranslation: columns of the same table),
and its edit history, registered after them so that history keeps every language's version."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Recommendation


class RecommendationTranslation(TranslationOptions):
    fields = ["title", "call_to_action"]


translator.register(Recommendation, RecommendationTranslation)
keep_history(Recommendation)
