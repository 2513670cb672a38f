"""What staff write in each language (django-modeltranslation: a column per language in the same
table, so pages read every version with the row, in the same queries), and the edit history.

History is registered here, after the translated fields exist, so that the history tables keep
every language's version too."""

from modeltranslation.translator import TranslationOptions, translator
from simple_history import register as keep_history

from .models import Event, Participant, Statement


class EventTranslation(TranslationOptions):
    fields = ["title", "headline", "summary", "body"]


class ParticipantTranslation(TranslationOptions):
    fields = ["spoke_as", "name_as_printed", "credentials_as_printed", "withheld_as"]


class StatementTranslation(TranslationOptions):
    # `text` is not here: it is the words as spoken, in one language (Statement.language).
    fields = ["translation", "context", "said_where"]


translator.register(Event, EventTranslation)
translator.register(Participant, ParticipantTranslation)
translator.register(Statement, StatementTranslation)
for model in (Event, Participant, Statement):
    keep_history(model)
