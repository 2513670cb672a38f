"""A motion's words in each language (django-modeltranslation: columns of the same table), and its
edit history, registered after them so that history keeps every language's version."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Motion, Signatory


class MotionTranslation(TranslationOptions):
    fields = ["title", "text", "stated_total_wording"]


translator.register(Motion, MotionTranslation)
keep_history(Motion)
keep_history(Signatory)
