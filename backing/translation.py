"""A backing's public description of its source in each language (django-modeltranslation: columns
of the same table), and its edit history, registered after them so that history keeps every
language's version."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Backing


class BackingTranslation(TranslationOptions):
    fields = ["source_description"]


translator.register(Backing, BackingTranslation)
keep_history(Backing)
