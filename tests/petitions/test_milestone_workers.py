"""Milestones in real processes: a real beat and a real worker notice that confirmations passed a
milestone, and its mail reaches each signer who agreed to updates once, over SMTP."""

import collections

import pytest

from outbox.models import OutgoingMail
from petitions.models import Milestone
from petitions.services import signature_confirm, signature_submit

from ..workers import start_processes, wait_until
from .factories import make_petition


@pytest.mark.django_db(transaction=True)
def test_beat_and_a_worker_tell_each_consenting_signer_once(smtp_server, live_server, purge_queues, settings):
    petition = make_petition()
    milestone = Milestone.objects.create(
        petition=petition,
        signatures=3,
        consequence_en_gb="The Minister must reply.",
        consequence_fa="وزیر باید پاسخ دهد.",
    )
    with start_processes(
        smtp_server, live_server, settings, {"PETITION_MILESTONE_TICK_SECONDS": 1, "MAIL_TICK_SECONDS": 1}
    ) as start:
        start("beat", kind="beat")
        start("worker", concurrency=2)
        for i, wants_email in enumerate([True, True, False]):
            signature_confirm(
                signature_submit(
                    petition=petition,
                    name=f"Signer {i}",
                    email=f"signer{i}@example.org",
                    country="GB",
                    wants_email=wants_email,
                    language="fa" if i == 1 else "en-gb",
                )
            )
        # Their confirmation mails are cancelled: confirmed before a sender reached them.
        smtp_server.collector.wait_for("signer0@example.org", timeout=60)
        smtp_server.collector.wait_for("signer1@example.org", timeout=60)
        wait_until(lambda: Milestone.objects.get(pk=milestone.pk).reached_at is not None, timeout=30)
        unfinished = OutgoingMail.objects.filter(status__in=OutgoingMail.UNFINISHED)
        wait_until(lambda: not unfinished.exists(), timeout=30, message="mail still waiting")
    subjects = collections.Counter(
        (m["To"], m["Subject"])
        for m in smtp_server.collector.messages
        if "passed" in m["Subject"] or "گذشت" in m["Subject"]
    )
    assert set(subjects.values()) == {1}
    assert sorted(to for to, _ in subjects) == ["signer0@example.org", "signer1@example.org"]
    persian = next(subject for to, subject in subjects if to == "signer1@example.org")
    assert "از ۳ امضا گذشت" in persian
