"""Recording access to personal data, and remembering for a while what a staff member revealed."""

import time

from django.contrib.contenttypes.models import ContentType

from .models import VIEW_PERSONAL_DATA, PersonalDataAccess

# How long revealed values stay visible on an object's admin page (and editable, for those who
# may change it). Long enough to correct an address, short enough that an open tab hides again.
REVEAL_SECONDS = 15 * 60
REVEALED_SESSION_KEY = "personal_data_revealed"


def can_view_personal_data(user):
    return user.is_active and user.has_perm(VIEW_PERSONAL_DATA)


def access_record(*, user, kind, model, object_id="", what, rows=None, reason=""):
    """One row of the access log. `model` is a model class or instance; `what` names fields or an
    export, never the values themselves."""
    return PersonalDataAccess.objects.create(
        user=user,
        username=user.get_username(),
        kind=kind,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(object_id),
        what=what[:300],
        rows=rows,
        reason=reason[:500],
    )


def reveal_key(obj):
    return f"{obj._meta.label_lower}:{obj.pk}"


def reveal_remember(request, obj):
    revealed = {
        key: until for key, until in request.session.get(REVEALED_SESSION_KEY, {}).items() if until > time.time()
    }
    revealed[reveal_key(obj)] = time.time() + REVEAL_SECONDS
    request.session[REVEALED_SESSION_KEY] = revealed


def reveal_forget(request, obj):
    revealed = request.session.get(REVEALED_SESSION_KEY, {})
    if revealed.pop(reveal_key(obj), None) is not None:
        request.session[REVEALED_SESSION_KEY] = revealed


def revealed_until(request, obj):
    """The time (seconds since the epoch) until which `obj`'s personal data shows, or None."""
    if obj is None or obj.pk is None or not can_view_personal_data(request.user):
        return None
    until = request.session.get(REVEALED_SESSION_KEY, {}).get(reveal_key(obj))
    return until if until and until > time.time() else None
