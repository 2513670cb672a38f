"""Reading the files Parliament's APIs give, checked for shape before anything is written.

Members API (members-api.parliament.uk), `GET /api/Members/Search?House=1&skip=0&take=20`:
    {"items": [{"value": {"id", "nameListAs", "nameDisplayAs", "nameFullTitle", "nameAddressAs",
        "latestParty": {"id", "name", "abbreviation", …}, "gender",
        "latestHouseMembership": {"membershipFrom", "membershipFromId", "house" (1 Commons, 2 Lords),
            "membershipStartDate", "membershipEndDate", "membershipEndReason", …,
            "membershipStatus": {"statusIsActive", "statusDescription", …} or null},
        "thumbnailUrl"}, "links": […]}, …], "totalResults", "resultContext", "skip", "take", "links"}
A file may be one such page, a JSON list of pages (every page of both houses saved together), or
a list of the items themselves.

Early Day Motions API (oralquestionsandmotions-api.parliament.uk), `GET /EarlyDayMotion/{id}`:
    {"PagingInfo", "StatusCode", "Success", "Errors", "Response": {"Id", "Status", "MemberId",
        "PrimarySponsor": {"MnisId", "Name", "ListAs", "Party", …}, "Title", "MotionText", "UIN",
        "UINWithAmendmentSuffix", "DateTabled", "SponsorsCount",
        "Sponsors": [{"Id", "MemberId", "Member": {"MnisId", "Name", "ListAs", "Party", …},
            "SponsoringOrder" (1 the primary sponsor, up to 6 the sponsors; null a supporter),
            "CreatedWhen", "IsWithdrawn", "WithdrawnDate"}, …], "Amendments"}}
A file may be one such answer, a JSON list of them, or the "Response" objects themselves. The list
endpoint (`/EarlyDayMotions/list`) carries no Sponsors: such a file is refused with a message.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 20 * 2**20


class FileProblem(Exception):
    """The file as a whole cannot be read: nothing in it is imported."""


def read_json(content):
    if len(content) > MAX_BYTES:
        raise FileProblem(_("This file is larger than %(megabytes)s MB.") % {"megabytes": MAX_BYTES // 2**20})
    try:
        return json.loads(bytes(content).decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise FileProblem(_("This file is not UTF-8 text. Save the API's answer as it came.")) from None
    except (json.JSONDecodeError, RecursionError) as error:
        raise FileProblem(_("This file is not JSON: %(error)s.") % {"error": getattr(error, "msg", error)}) from None


def parse_date(value, *, where, problems):
    """'2024-07-04T00:00:00' → a date; None for null; a problem noted for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            pass
    problems.append(_("%(where)s: “%(value)s” is not a date.") % {"where": where, "value": str(value)[:40]})
    return None


def text(value, limit=None):
    value = "" if value is None else str(value).strip()
    return value[:limit] if limit else value


@dataclass
class MemberEntry:
    line: str
    parliament_id: int
    list_as: str
    display_as: str
    full_title: str
    house: int
    party_name: str
    party_abbreviation: str
    membership_from: str
    started_on: datetime.date | None
    ended_on: datetime.date | None
    is_current: bool


def members_from(data):
    """MemberEntry for each item, and row problems ["…"], or FileProblem for a file of another shape."""
    if isinstance(data, dict) and "items" in data:
        pages = [data]
    elif isinstance(data, list) and all(isinstance(page, dict) and "items" in page for page in data) and data:
        pages = data
    elif isinstance(data, list) and data and all(isinstance(item, dict) and "value" in item for item in data):
        pages = [{"items": data}]
    else:
        raise FileProblem(
            _(
                "This is not an answer of the Members API's search: it needs “items”, each with a “value”. "
                "Save the answer of /api/Members/Search as it came."
            )
        )
    entries, problems, seen = [], [], {}
    for page_number, page in enumerate(pages, start=1):
        items = page.get("items")
        if not isinstance(items, list):
            raise FileProblem(_("Page %(page)s has no list of “items”.") % {"page": page_number})
        for index, item in enumerate(items, start=1):
            line = f"{page_number}.{index}" if len(pages) > 1 else str(index)
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, dict):
                problems.append((line, _("The item has no “value”.")))
                continue
            entry = member_entry(line, value, problems)
            if entry is None:
                continue
            if entry.parliament_id in seen:
                other = seen[entry.parliament_id]
                problems.append(
                    (line, _("Member %(id)s is also item %(other)s.") % {"id": entry.parliament_id, "other": other})
                )
                continue
            seen[entry.parliament_id] = line
            entries.append(entry)
    if not entries and not problems:
        raise FileProblem(_("The file names no member."))
    return entries, problems


def member_entry(line, value, problems):
    member_id = value.get("id")
    if not isinstance(member_id, int) or isinstance(member_id, bool) or member_id <= 0:
        problems.append((line, _("The member has no numeric “id”.")))
        return None
    membership = value.get("latestHouseMembership") or {}
    house = membership.get("house") if isinstance(membership, dict) else None
    if house not in (1, 2):
        problems.append((line, _("Member %(id)s: “house” is neither 1 (Commons) nor 2 (Lords).") % {"id": member_id}))
        return None
    list_as = text(value.get("nameListAs"), 200)
    display_as = text(value.get("nameDisplayAs"), 200)
    if not (list_as or display_as):
        problems.append((line, _("Member %(id)s has no name.") % {"id": member_id}))
        return None
    party = value.get("latestParty") if isinstance(value.get("latestParty"), dict) else {}
    date_problems = []
    started_on = parse_date(membership.get("membershipStartDate"), where=str(member_id), problems=date_problems)
    ended_on = parse_date(membership.get("membershipEndDate"), where=str(member_id), problems=date_problems)
    if date_problems:
        problems.extend((line, problem) for problem in date_problems)
        return None
    status = membership.get("membershipStatus")
    if isinstance(status, dict) and isinstance(status.get("statusIsActive"), bool):
        is_current = status["statusIsActive"] and ended_on is None
    else:
        # Parliament leaves the status null once a membership has ended; the end date says so.
        is_current = ended_on is None
    if ended_on and started_on and ended_on < started_on:
        ended_on = started_on
    return MemberEntry(
        line=line,
        parliament_id=member_id,
        list_as=list_as or display_as,
        display_as=display_as or list_as,
        full_title=text(value.get("nameFullTitle"), 200),
        house=house,
        party_name=text(party.get("name"), 200),
        party_abbreviation=text(party.get("abbreviation"), 40),
        membership_from=text(membership.get("membershipFrom"), 200),
        started_on=started_on,
        ended_on=None if is_current else ended_on,
        is_current=is_current,
    )


@dataclass
class SponsorEntry:
    line: str
    parliament_id: int | None
    name: str
    list_as: str
    sponsoring_order: int | None
    signed_on: datetime.date | None
    has_withdrawn: bool
    withdrawn_on: datetime.date | None


@dataclass
class MotionEntry:
    line: str
    parliament_id: int
    number: str
    title: str
    text: str
    tabled_on: datetime.date | None
    primary_sponsor_id: int | None
    sponsors: list = field(default_factory=list)


def motions_from(data):
    """MotionEntry for each motion, and row problems, or FileProblem."""
    answers = data if isinstance(data, list) else [data]
    motions, problems = [], []
    if not answers:
        raise FileProblem(_("The file holds no Early Day Motion."))
    for number, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict):
            raise FileProblem(_("Entry %(number)s is not an object of the Early Day Motions API.") % {"number": number})
        response = answer.get("Response", answer)
        if isinstance(response, list):
            raise FileProblem(
                _(
                    "This is the list of Early Day Motions, which does not name who signed. "
                    "Save the answer of /EarlyDayMotion/{id} for each motion instead."
                )
            )
        if not isinstance(response, dict) or "Id" not in response or "Sponsors" not in response:
            raise FileProblem(
                _(
                    "This is not an answer of the Early Day Motions API: it needs a motion with “Id” and "
                    "“Sponsors”. Save the answer of /EarlyDayMotion/{id} as it came."
                )
            )
        motion = motion_entry(str(number), response, problems)
        if motion is not None:
            motions.append(motion)
    return motions, problems


def motion_entry(line, response, problems):
    motion_id, uin = response.get("Id"), response.get("UIN")
    if not isinstance(motion_id, int) or not isinstance(uin, int):
        problems.append((line, _("The motion needs a numeric “Id” and “UIN”.")))
        return None
    if not isinstance(response.get("Sponsors"), list):
        problems.append((line, _("EDM %(uin)s: “Sponsors” is not a list.") % {"uin": uin}))
        return None
    date_problems = []
    tabled_on = parse_date(response.get("DateTabled"), where=f"EDM {uin}", problems=date_problems)
    primary = response.get("PrimarySponsor") if isinstance(response.get("PrimarySponsor"), dict) else {}
    motion = MotionEntry(
        line=line,
        parliament_id=motion_id,
        number=text(response.get("UINWithAmendmentSuffix") or uin, 20),
        title=text(response.get("Title"), 255) or f"EDM {uin}",
        text=text(response.get("MotionText")),
        tabled_on=tabled_on,
        primary_sponsor_id=primary.get("MnisId") or response.get("MemberId"),
    )
    for index, sponsor in enumerate(response["Sponsors"], start=1):
        where = f"EDM {uin}, {index}"
        if not isinstance(sponsor, dict):
            problems.append((where, _("The signature is not an object.")))
            continue
        member = sponsor.get("Member") if isinstance(sponsor.get("Member"), dict) else {}
        member_id = sponsor.get("MemberId") or member.get("MnisId")
        order = sponsor.get("SponsoringOrder")
        signed_on = parse_date(sponsor.get("CreatedWhen"), where=where, problems=date_problems)
        withdrawn_on = parse_date(sponsor.get("WithdrawnDate"), where=where, problems=date_problems)
        has_withdrawn = bool(sponsor.get("IsWithdrawn")) or withdrawn_on is not None
        if withdrawn_on and signed_on and withdrawn_on < signed_on:
            withdrawn_on = signed_on
        motion.sponsors.append(
            SponsorEntry(
                line=where,
                parliament_id=member_id if isinstance(member_id, int) else None,
                name=text(member.get("Name"), 200),
                list_as=text(member.get("ListAs"), 200),
                sponsoring_order=order if isinstance(order, int) and not isinstance(order, bool) else None,
                signed_on=signed_on,
                has_withdrawn=has_withdrawn,
                withdrawn_on=withdrawn_on if has_withdrawn else None,
            )
        )
    problems.extend((f"EDM {uin}", problem) for problem in date_problems)
    return motion
