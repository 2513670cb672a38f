"""Public pages shared by anonymous visitors: one copy per process, rendered again every few seconds.

Under a surge every visitor asks for the same page. Each process keeps the page it rendered last (in
the "pages" cache, its own memory) and hands it to every anonymous visitor until it is `seconds` old.
When it is due, one thread of the process renders the next copy while the process's other threads go
on handing out the last one for those few milliseconds: without that, every thread of every process
missed the copy at the same moment and rendered the same page at once, which took a quarter of the
machine in the signing benchmark (bench/README.md). A copy is never older than `seconds` and the
time one render takes.

Nothing of one visitor's request may reach another's copy: the key holds the language and the whole
address with its query string, and a visitor with a session or a message waiting gets a page of their
own. The page itself must take nothing else from the request (absolute links come from SITE_URL).
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation

# A copy past its time is kept this much longer, to be handed out while the next one is rendered.
STALE_FOR_SECONDS = 60
# Renders of different pages may run together, of one page one at a time: locks by the key's hash,
# a fixed number of them, so that made-up query strings cannot make a process grow a lock apiece.
RENDER_LOCKS = [threading.Lock() for _ in range(64)]


def may_share_a_copy(request):
    return "messages" not in request.COOKIES and settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(prefix, request):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{prefix}:{translation.get_language()}:{address}"


def shared_page(request, prefix, seconds, render):
    """The response of `render()` (a view's response), shared with every anonymous visitor of the same
    address and language for `seconds`. Responses other than 200 are not shared; with `seconds` 0, or
    for a visitor with a session, every request renders its own."""
    if not seconds or not may_share_a_copy(request):
        return render()
    cache, key = caches["pages"], page_key(prefix, request)
    copy = cache.get(key)  # (content, monotonic time it is good until)
    if copy is not None and copy[1] > time.monotonic():
        return HttpResponse(copy[0])
    lock = RENDER_LOCKS[int(key[-8:], 16) % len(RENDER_LOCKS)]
    if copy is not None:
        if not lock.acquire(blocking=False):
            return HttpResponse(copy[0])  # another thread is rendering the next copy
    else:
        lock.acquire()  # the first copy: wait for the thread rendering it rather than render it too
        copy = cache.get(key)
        if copy is not None and copy[1] > time.monotonic():
            lock.release()
            return HttpResponse(copy[0])
    try:
        response = render()
        if response.status_code == 200:
            cache.set(key, (response.content, time.monotonic() + seconds), seconds + STALE_FOR_SECONDS)
        return response
    finally:
        lock.release()
