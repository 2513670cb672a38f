"""Who in Parliament backs an ask or a motion, with each backer's seat as it was when they backed."""

from django.utils import timezone


def _start(role):
    return role.started_on or timezone.datetime.min.date()


def seat_on(person, day):
    """The parliamentary role `person` held on `day`, read from the prefetched
    `person.parliamentary_roles` (no query when prefetched), or None for someone who never held one.

    With no `day` (a backing nobody dated), the seat held today, or else the latest one. When no
    role was held on `day` (a role that ended on a date nobody recorded), the latest one started by
    then, or else the first one started after: the nearest truth we have."""
    roles = list(person.parliamentary_roles.all())
    if not roles:
        return None
    if day is None:
        current = [role for role in roles if role.is_current]
        return max(current or roles, key=lambda role: (_start(role), role.ended_on or _start(role), role.pk))
    held = [role for role in roles if role.held_on(day)]
    if held:
        return max(held, key=lambda role: (_start(role), role.pk))
    started = [role for role in roles if _start(role) <= day]
    if started:
        return max(started, key=lambda role: (_start(role), role.pk))
    return min(roles, key=lambda role: (_start(role), role.pk))
