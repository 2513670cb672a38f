"""A shared page is rendered once per process when it is due, not once per thread that asks for it."""

import threading
import time

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from campaign.page_cache import page_key, shared_page


@pytest.fixture
def pages():
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


class SlowPage:
    """A view that takes a while to render and counts its renders."""

    def __init__(self, seconds=0.3):
        self.renders = 0
        self.seconds = seconds
        self.started = threading.Event()

    def __call__(self):
        self.renders += 1
        self.started.set()
        time.sleep(self.seconds)
        return HttpResponse(f"copy {self.renders}")


def ask_together(render, how_many=6):
    request = RequestFactory().get("/petitions/a-petition/")
    answers = [None] * how_many

    def ask(i):
        answers[i] = shared_page(request, "test-page", 30, render).content.decode()

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(how_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_visitors_arriving_together_wait_for_one_render_of_the_first_copy(pages):
    render = SlowPage()
    assert ask_together(render) == ["copy 1"] * 6
    assert render.renders == 1


def test_while_a_due_copy_is_rendered_again_the_others_get_the_last_one_at_once(pages):
    request = RequestFactory().get("/petitions/a-petition/")
    key = page_key("test-page", request)
    pages.set(key, (b"the last copy", time.monotonic() - 1), 60)  # due a second ago
    render = SlowPage(seconds=1)
    renderer = threading.Thread(target=lambda: shared_page(request, "test-page", 30, render))
    renderer.start()
    render.started.wait(5)
    started = time.monotonic()
    others = [shared_page(request, "test-page", 30, render).content for _ in range(3)]
    waited = time.monotonic() - started
    renderer.join()
    assert others == [b"the last copy"] * 3 and waited < 0.5  # not behind the render
    assert render.renders == 1
    assert shared_page(request, "test-page", 30, render).content == b"copy 1"  # the new copy, now in place


def test_an_error_page_is_not_shared(pages):
    calls = []

    def missing():
        calls.append(1)
        return HttpResponse("no such page", status=404)

    request = RequestFactory().get("/petitions/gone/")
    assert shared_page(request, "test-page", 30, missing).status_code == 404
    assert shared_page(request, "test-page", 30, missing).status_code == 404
    assert len(calls) == 2


def test_a_visitor_with_a_session_gets_a_page_of_their_own(pages, settings):
    render = SlowPage(seconds=0)
    request = RequestFactory().get("/petitions/a-petition/")
    shared_page(request, "test-page", 30, render)
    request.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert shared_page(request, "test-page", 30, render).content == b"copy 2"


def test_the_home_page_is_shared_by_anonymous_visitors_for_a_few_seconds(pages, settings, client, admin_client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PETITION_PAGE_CACHE_SECONDS = 60
    first = client.get("/")
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/")
    assert second.content == first.content and len(queries) == 0  # the process's copy
    with CaptureQueriesContext(connection) as queries:
        assert admin_client.get("/").status_code == 200
    assert len(queries) > 0  # a visitor with a session gets the page as it is now
