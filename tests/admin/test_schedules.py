"""The system's beat schedules (confirmation mails, nightly privacy jobs) are for superusers only;
Outreach staff keep their recurring mailings."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

pytestmark = pytest.mark.django_db

BEAT_MODELS = ["periodictask", "crontabschedule", "intervalschedule", "solarschedule", "clockedschedule"]


@pytest.fixture
def purge_task():
    crontab = CrontabSchedule.objects.create(minute="10", hour="3")
    return PeriodicTask.objects.create(
        name="petitions-purge-unconfirmed", task="petitions.tasks.purge_unconfirmed_signatures", crontab=crontab
    )


@pytest.fixture(params=["outreach_client", "editor_client"])
def staff_client(request):
    return request.getfixturevalue(request.param)


@pytest.mark.parametrize("model", BEAT_MODELS)
def test_staff_cannot_list_or_add_schedules(staff_client, model):
    assert staff_client.get(reverse(f"admin:django_celery_beat_{model}_changelist")).status_code == 403
    assert staff_client.get(reverse(f"admin:django_celery_beat_{model}_add")).status_code == 403


def test_outreach_staff_cannot_see_disable_or_delete_the_nightly_purge(outreach_client, purge_task):
    change = reverse("admin:django_celery_beat_periodictask_change", args=[purge_task.pk])
    assert outreach_client.get(change).status_code in (403, 404)
    data = {"name": purge_task.name, "regtask": purge_task.task, "crontab": purge_task.crontab_id}
    assert outreach_client.post(change, data).status_code in (403, 404)  # "enabled" unticked
    delete = reverse("admin:django_celery_beat_periodictask_delete", args=[purge_task.pk])
    assert outreach_client.post(delete, {"post": "yes"}).status_code in (403, 404)
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    outreach_client.post(changelist, {"action": "disable_tasks", "_selected_action": [purge_task.pk]})
    purge_task.refresh_from_db()
    assert purge_task.enabled


def test_outreach_staff_cannot_add_an_arbitrary_task(outreach_client):
    crontab = CrontabSchedule.objects.create(minute="*")
    outreach_client.post(
        reverse("admin:django_celery_beat_periodictask_add"),
        {"name": "mine", "task": "petitions.tasks.anonymise_closed_petitions", "crontab": crontab.pk, "enabled": "on"},
    )
    assert not PeriodicTask.objects.filter(name="mine").exists()


def test_the_index_shows_staff_no_technical_tables(staff_client):
    index = staff_client.get(reverse("admin:index")).content.decode()
    for app_label in ["django_celery_beat", "axes", "otp_totp", "otp_static", "personal_data"]:
        assert f"/admin/{app_label}/" not in index
    assert "Periodic tasks" not in index and "Access attempts" not in index


def test_no_group_holds_a_schedule_permission(outreach_user, editor):
    for group in Group.objects.filter(name__in=["Editors", "Outreach"]):
        assert not group.permissions.filter(content_type__app_label="django_celery_beat").exists()


def test_an_outreach_user_given_schedule_permissions_by_hand_still_cannot_reach_them(outreach_user, outreach_client):
    from django.contrib.auth.models import Permission

    outreach_user.user_permissions.add(*Permission.objects.filter(content_type__app_label="django_celery_beat"))
    assert outreach_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 403


def test_a_superuser_sees_and_edits_the_schedules(admin_client, purge_task):
    index = admin_client.get(reverse("admin:index")).content.decode()
    assert "/admin/django_celery_beat/periodictask/" in index and "/admin/axes/" in index
    assert admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).status_code == 200
    change = reverse("admin:django_celery_beat_periodictask_change", args=[purge_task.pk])
    assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:django_celery_beat_periodictask_add")).status_code == 200
    changelist = reverse("admin:django_celery_beat_periodictask_changelist")
    admin_client.post(changelist, {"action": "disable_tasks", "_selected_action": [purge_task.pk]})
    purge_task.refresh_from_db()
    assert not purge_task.enabled


def test_outreach_staff_still_set_up_recurring_mailings(outreach_client):
    assert outreach_client.get(reverse("admin:outreach_recurringmailing_add")).status_code == 200
    index = outreach_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:outreach_recurringmailing_changelist") in index
