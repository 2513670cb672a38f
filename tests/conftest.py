"""Fixtures shared by the whole suite. Tests run against the real PostgreSQL and Redis that
`make test` names in DATABASE_URL and REDIS_URL."""

import pytest
from django.contrib.auth.models import Group

from campaign.demo import load_demo_data


@pytest.fixture
def demo_event(db):
    """The conference of 10 September 2020 with its campaign, people and recommendations."""
    return load_demo_data()


def make_staff_user(django_user_model, username, group_name):
    user = django_user_model.objects.create_user(username=username, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return make_staff_user(django_user_model, "editor", "Editors")


@pytest.fixture
def outreach_user(db, django_user_model):
    return make_staff_user(django_user_model, "outreach", "Outreach")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def outreach_client(client, outreach_user):
    client.force_login(outreach_user)
    return client
