"""The WSGI application, for gunicorn (see README, Running at scale).

https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application
from django.template import engines
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")

application = get_wsgi_application()

# Import every view and template tag library now, as each server process starts, rather than in the
# first requests it serves: those took a second or more, and under a surge every new process's first
# requests queued behind them (a sixth of the servers' time in a 25-second signing benchmark).
get_resolver().url_patterns  # noqa: B018 (reading them imports them)
engines.all()
