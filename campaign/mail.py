"""Mail helpers shared by every kind of mail the app sends."""

import time

from django.conf import settings
from django.core.cache import cache
from django.template import engines


def rate_limit_wait():
    """At most MAIL_RATE_PER_SECOND messages a second across all workers and all kinds of mail
    (0: no limit), counted in the shared cache, because Celery's own rate_limit counts per worker."""
    limit = settings.MAIL_RATE_PER_SECOND
    if not limit:
        return
    while True:
        second = int(time.time())
        key = f"mail:rate:{second}"
        cache.add(key, 0, timeout=5)
        try:
            if cache.incr(key) <= limit:
                return
        except ValueError:  # the key expired between add and incr
            continue
        time.sleep(max(0.0, second + 1 - time.time()))


def render_text(template_name, context):
    """A plain-text mail part: rendered by the "mail_text" template engine, which never escapes
    HTML, so that "O'Connell" and "Smith & Sons" read as written."""
    return engines["mail_text"].get_template(template_name).render(context)
