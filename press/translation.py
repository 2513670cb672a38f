"""The press office's note about the organisation, in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, translator

from .models import PressOffice


class PressOfficeTranslation(TranslationOptions):
    fields = ["about"]


translator.register(PressOffice, PressOfficeTranslation)
