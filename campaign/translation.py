"""A campaign's name and summary in each language (django-modeltranslation), for the home page."""

from modeltranslation.translator import TranslationOptions, translator

from .models import Campaign


class CampaignTranslation(TranslationOptions):
    fields = ["name", "summary"]


translator.register(Campaign, CampaignTranslation)
