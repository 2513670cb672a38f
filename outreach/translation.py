"""A mailing's subject and bodies in each language (django-modeltranslation: columns of the same
table), and its edit history, registered after them so that history keeps every version. Each
recipient gets the version in their language, or the mailing's original (outreach/rendering.py)."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Mailing


class MailingTranslation(TranslationOptions):
    fields = ["subject", "body_text", "body_html"]


translator.register(Mailing, MailingTranslation)
keep_history(Mailing)
