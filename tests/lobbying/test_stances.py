"""A stance changes from the whip count in one click, and its history keeps who changed it and when."""

from django.test import Client
from django.urls import reverse

from lobbying.models import Stance
from lobbying.services import stance_set


def quick_edit(client, ask, person, stance, filters=""):
    url = reverse("admin:lobbying_whip_count_stance", args=[ask.pk])
    return client.post(url, {"person": person.pk, "stance": stance, "filters": filters})


def test_a_stance_change_keeps_its_history_with_who_and_when(parliament, lobbyist, lobbyist_client, django_user_model):
    ask, mp = parliament["ask"], parliament["mps"][0]
    quick_edit(lobbyist_client, ask, mp, "undecided")
    colleague = django_user_model.objects.create_user(username="colleague", is_staff=True)
    stance_set(person_id=mp.pk, recommendation_id=ask.pk, stance="leaning", note="Met at conference", user=colleague)

    stance = Stance.objects.get(person=mp, recommendation=ask)
    assert (stance.stance, stance.updated_by) == ("leaning", colleague)
    history = list(stance.history.order_by("history_date"))
    assert [(h.stance, h.history_user) for h in history] == [("undecided", lobbyist), ("leaning", colleague)]
    assert history[0].history_date <= history[1].history_date


def test_saving_the_same_stance_again_writes_no_history(parliament, lobbyist):
    ask, mp = parliament["ask"], parliament["mps"][0]
    for _ in range(2):
        stance_set(person_id=mp.pk, recommendation_id=ask.pk, stance="backs", user=lobbyist)
    assert Stance.history.filter(person_id=mp.pk).count() == 1


def test_the_quick_edit_goes_back_to_the_same_filtered_list(parliament, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][0]
    response = quick_edit(lobbyist_client, ask, mp, "opposed", filters=f"party={parliament['parties'][0].pk}&stance=x")
    assert response.status_code == 302
    # The valid filter is kept, the invalid one dropped: the address is rebuilt, never taken as given.
    assert response["Location"] == reverse("admin:lobbying_whip_count", args=[ask.pk]) + (
        f"?party={parliament['parties'][0].pk}"
    )
    page = lobbyist_client.get(response["Location"])
    assert "Opposed" in page.content.decode()


def test_an_unknown_stance_is_refused_with_a_message(parliament, lobbyist_client):
    ask, mp = parliament["ask"], parliament["mps"][0]
    response = quick_edit(lobbyist_client, ask, mp, "delighted")
    assert response.status_code == 302
    assert not Stance.objects.exists()
    page = lobbyist_client.get(response["Location"])
    assert "The stance was not saved" in page.content.decode()


def test_the_quick_edit_needs_the_csrf_token(parliament, lobbyist):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lobbyist)
    response = quick_edit(client, parliament["ask"], parliament["mps"][0], "backs")
    assert response.status_code == 403
    assert not Stance.objects.exists()


def test_the_quick_edit_answers_only_post(parliament, lobbyist_client):
    response = lobbyist_client.get(reverse("admin:lobbying_whip_count_stance", args=[parliament["ask"].pk]))
    assert response.status_code == 405
