"""Files in the formats of Parliament's APIs (tests/data/parliament/), and changed copies of them."""

import copy
import json
from pathlib import Path

from campaign.models import Campaign, Organisation

DATA = Path(__file__).resolve().parents[1] / "data" / "parliament"


def data(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def raw(name):
    return (DATA / name).read_bytes()


def as_bytes(value):
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def changed_copy(name, change):
    """The file `name` with `change(parsed)` applied, as bytes."""
    value = copy.deepcopy(data(name))
    change(value)
    return as_bytes(value)


def member_item(page, member_id):
    return next(item["value"] for item in page["items"] if item["value"]["id"] == member_id)


def sponsor_item(answer, member_id):
    return next(sponsor for sponsor in answer["Response"]["Sponsors"] if sponsor["MemberId"] == member_id)


def a_campaign():
    organisation = Organisation.objects.create(name="Committee for Iran Freedom", slug="committee")
    return Campaign.objects.create(name="Free Iran", slug="free-iran", organisation=organisation, summary="A cause.")
