"""Demo data: the conference of 10 September 2020, transcribed from its press release
(`shared/seed/conference-2020-09-10.txt`), with the campaign and organisation behind it.

`load_demo_data()` is idempotent: each row is found by a natural key and written only where it
differs, so a second run changes nothing. Roles are recorded as the press release states them.
The event, its petition and recommendations, the participants' titles and the statements have a
Persian version too (campaign/demo_fa.py), so that /fa/ shows them at once.
"""

import datetime
import zoneinfo

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from backing.models import Backing
from events.models import Event, Participant, Statement
from motions.models import Motion, Signatory
from outreach.models import Audience, Mailing
from people.models import Affiliation, Legislature, Office, ParliamentaryRole, Party, Person
from petitions.models import Petition
from recommendations.models import Recommendation, StatusUpdate
from registrations.models import EventRegistration

from . import demo_fa
from .models import Campaign, Organisation

LONDON = zoneinfo.ZoneInfo("Europe/London")

ORGANISATIONS = [
    # slug, name, short name, kind, country
    ("bcfif", "British Committee for Iran Freedom", "BCFIF", "campaign", "GB"),
    ("ncri", "National Council of Resistance of Iran", "NCRI", "movement", ""),
    ("tuc", "Trades Union Congress", "TUC", "trade_union", "GB"),
    ("law-society", "Law Society of England and Wales", "Law Society", "professional_body", "GB"),
    ("campaign-for-iran-change", "Campaign for Iran Change", "", "campaign", "GB"),
    ("amnesty-international", "Amnesty International", "Amnesty", "ngo", ""),
    ("united-nations", "United Nations", "UN", "intergovernmental", ""),
    ("un-security-council", "UN Security Council", "UNSC", "intergovernmental", ""),
    ("un-general-assembly", "UN General Assembly", "UNGA", "intergovernmental", ""),
    ("un-member-states", "UN member states", "", "intergovernmental", ""),
    ("uk-government", "UK Government", "", "government", "GB"),
    ("government-of-ireland", "Government of Ireland", "", "government", "IE"),
    ("government-of-iran", "Government of Iran", "", "government", "IR"),
]

LEGISLATURES = [
    # slug, name, kind, country, member title
    ("house-of-commons", "House of Commons", "lower", "GB", "MP"),
    ("house-of-lords", "House of Lords", "upper", "GB", "Peer"),
    ("seanad-eireann", "Seanad Éireann", "upper", "IE", "Senator"),
    ("seimas", "Seimas", "unicameral", "LT", "Member of the Seimas"),
    ("european-parliament", "European Parliament", "supranational", "", "MEP"),
]

PARTIES = [
    # key, name, short name, country
    ("con", "Conservative Party", "Conservative", "GB"),
    ("lab", "Labour Party", "Labour", "GB"),
    ("dup", "Democratic Unionist Party", "DUP", "GB"),
    ("ie-lab", "Labour Party", "Labour", "IE"),
]

# Each person: name parts, a short description, and what the press release says of their roles.
# "seat": (legislature, party or None, constituency, is_current)
PEOPLE = [
    dict(
        key="jones",
        honorific="Rt Hon",
        given_name="David",
        family_name="Jones",
        post_nominals="MP",
        salutation_title="Mr",
        country="GB",
        seat=("house-of-commons", "con", "Clwyd West", True),
    ),
    dict(
        key="rajavi",
        honorific="Mrs",
        given_name="Maryam",
        family_name="Rajavi",
        affiliations=[("ncri", "President-elect", True)],
    ),
    dict(
        key="brimelow",
        given_name="Kirsty",
        family_name="Brimelow",
        post_nominals="QC",
        country="GB",
        salutation_title="Ms",
        description="human rights lawyer",
    ),
    dict(
        key="blackman",
        given_name="Bob",
        family_name="Blackman",
        post_nominals="MP",
        salutation_title="Mr",
        country="GB",
        seat=("house-of-commons", "con", "Harrow East", True),
    ),
    dict(
        key="mccabe",
        given_name="Steve",
        family_name="McCabe",
        post_nominals="MP",
        salutation_title="Mr",
        country="GB",
        seat=("house-of-commons", "lab", "Birmingham Selly Oak", True),
    ),
    dict(
        key="wilson",
        honorific="Rt Hon",
        given_name="Sammy",
        family_name="Wilson",
        post_nominals="MP",
        salutation_title="Mr",
        country="GB",
        seat=("house-of-commons", "dup", "East Antrim", True),
    ),
    dict(
        key="perry",
        given_name="John",
        family_name="Perry",
        salutation_title="Mr",
        country="IE",
        offices=[("Minister", "government-of-ireland", None, False)],
    ),
    dict(
        key="vareikis",
        given_name="Egidijus",
        family_name="Vareikis",
        salutation_title="Mr",
        country="LT",
        seat=("seimas", None, "", True),
        offices=[("Deputy Chairman of the Foreign Affairs Committee", None, "seimas", True)],
    ),
    dict(
        key="nowrouzi",
        given_name="Dowlat",
        family_name="Nowrouzi",
        country="GB",
        affiliations=[("ncri", "UK Representative", True)],
    ),
    dict(
        key="gale",
        honorific="Rt Hon Sir",
        given_name="Roger",
        family_name="Gale",
        post_nominals="MP",
        country="GB",
        seat=("house-of-commons", "con", "North Thanet", True),
    ),
    dict(
        key="villiers",
        honorific="Rt Hon",
        given_name="Theresa",
        family_name="Villiers",
        post_nominals="MP",
        salutation_title="Ms",
        country="GB",
        seat=("house-of-commons", "con", "Chipping Barnet", True),
        offices=[
            ("Secretary of State for Environment", "uk-government", None, False),
            ("Secretary of State for Northern Ireland", "uk-government", None, False),
        ],
    ),
    dict(
        key="vickers",
        given_name="Martin",
        family_name="Vickers",
        post_nominals="MP",
        salutation_title="Mr",
        country="GB",
        seat=("house-of-commons", "con", "Cleethorpes", True),
    ),
    dict(
        key="maginnis",
        honorific="Lord",
        given_name="Ken",
        family_name="Maginnis",
        territorial_designation="of Drumglass",
        country="GB",
        seat=("house-of-lords", None, "", True),
    ),
    dict(
        key="meale",
        honorific="Sir",
        given_name="Alan",
        family_name="Meale",
        country="GB",
        seat=("house-of-commons", "lab", "Mansfield", False),
    ),
    dict(
        key="bacik",
        honorific="Senator",
        given_name="Ivana",
        family_name="Bacik",
        country="IE",
        seat=("seanad-eireann", "ie-lab", "", True),
    ),
    dict(
        key="mulherin",
        honorific="Senator",
        given_name="Michelle",
        family_name="Mulherin",
        country="IE",
        seat=("seanad-eireann", None, "", True),
    ),
    dict(
        key="higgins",
        given_name="Jim",
        family_name="Higgins",
        salutation_title="Mr",
        country="IE",
        seat=("european-parliament", None, "Ireland", False),
        offices=[("President of the Irish delegation to the European Parliament", None, "european-parliament", False)],
    ),
    dict(
        key="boumedra",
        honorific="Dr",
        given_name="Tahar",
        family_name="Boumedra",
        description="human rights lawyer",
        affiliations=[("united-nations", "Senior official", False)],
    ),
    dict(
        key="chandler",
        honorific="Professor",
        given_name="Sara",
        family_name="Chandler",
        post_nominals="QC (Hon)",
        country="GB",
        description="prominent lawyer",
    ),
    dict(
        key="scutt",
        honorific="Dr",
        given_name="Jocelynne",
        family_name="Scutt",
        description="university professor, lawyer, writer and filmmaker",
    ),
    dict(
        key="fowler",
        given_name="Malcolm",
        family_name="Fowler",
        salutation_title="Mr",
        country="GB",
        description="prominent lawyer",
        affiliations=[("law-society", "Member of the human rights committee", False)],
    ),
    dict(
        key="stevenson",
        given_name="Struan",
        family_name="Stevenson",
        salutation_title="Mr",
        country="GB",
        seat=("european-parliament", None, "Scotland", False),
        affiliations=[("campaign-for-iran-change", "Coordinator", True)],
    ),
    dict(
        key="lyons",
        given_name="Roger",
        family_name="Lyons",
        salutation_title="Mr",
        country="GB",
        affiliations=[("tuc", "President", False)],
    ),
    # Named in the press release as officials responsible for the massacre, not as participants.
    dict(
        key="raisi",
        given_name="Ebrahim",
        family_name="Raisi",
        country="IR",
        public=False,
        offices=[("Head of the Judiciary", "government-of-iran", None, False)],
    ),
    dict(
        key="avaei",
        given_name="Alireza",
        family_name="Avaei",
        country="IR",
        public=False,
        offices=[("Justice Minister", "government-of-iran", None, False)],
    ),
]

# In the order the press release presents them: (person, role, the title they spoke under).
PARTICIPANTS = [
    ("jones", "chair", "Chair of the conference"),
    ("rajavi", "message", "NCRI President-elect"),
    ("brimelow", "speaker", "Human rights lawyer"),
    ("blackman", "speaker", "Member of Parliament"),
    ("mccabe", "speaker", "Member of Parliament"),
    ("wilson", "speaker", "Member of Parliament"),
    ("perry", "speaker", "Former Irish Minister"),
    (
        "vareikis",
        "speaker",
        "Lithuanian MP and deputy chairman of the Foreign Affairs Committee in the Lithuanian Parliament",
    ),
    ("nowrouzi", "speaker", "NCRI UK representative"),
    ("gale", "speaker", "Member of Parliament"),
    (
        "villiers",
        "speaker",
        "Former Secretary of State for Environment and former Secretary of State for Northern Ireland",
    ),
    ("vickers", "speaker", "Member of Parliament"),
    ("maginnis", "speaker", "Member of the House of Lords"),
    ("meale", "speaker", "Former Labour MP"),
    ("bacik", "speaker", "Senator, Ireland"),
    ("mulherin", "speaker", "Senator, Ireland"),
    ("higgins", "speaker", "Former president of the Irish delegation to the European Parliament"),
    ("boumedra", "speaker", "Human rights lawyer and former senior UN official"),
    ("chandler", "speaker", "Prominent lawyer"),
    ("scutt", "speaker", "University professor, lawyer, writer and filmmaker"),
    (
        "fowler",
        "speaker",
        "Prominent lawyer, former member of the human rights committee of the Law Society of England and Wales",
    ),
    ("stevenson", "speaker", "Coordinator of the Campaign for Iran Change and former Scottish MEP"),
    ("lyons", "speaker", "Former president of the TUC"),
]

# (person, context, quote) in the order of the press release.
STATEMENTS = [
    (
        "jones",
        "summarising the speakers' recommendations",
        "today we urge the UK Government to lead the international effort and work with international allies to "
        "end impunity for the regime and its officials by extending the weapons embargo, reimposing all UN Security "
        "Council resolutions and securing an international, independent inquiry into the 1988 massacre of 30,000 "
        "political prisoners.",
    ),
    (
        "rajavi",
        "in a message to the conference",
        "Inaction vis-à-vis this regime, and worse, unity of action to lift the arms embargo undermines human "
        "values … Supporting the Iranian people’s desire to overthrow the regime ruling Iran is necessary for peace "
        "and stability in the region",
    ),
    (
        "rajavi",
        "on a recent report by Amnesty International",
        "The report explained the inhumane treatment of those arrested during the November 2019 uprising. The "
        "extent of savagery, before anything else, indicates that the regime has failed to put out the flames of "
        "resistance despite massive crackdown and killing of at least 1,500 protesters last November.",
    ),
    (
        "rajavi",
        "",
        "The UN Security Council must send to Iran an international delegation accompanied by representatives of "
        "the Iranian Resistance. They must visit the regime’s medieval prisons, visit the prisoners and "
        "particularly, meet those arrested during the November 2019 uprising",
    ),
    (
        "brimelow",
        "",
        "There are plenty evidence of the massacre being a crime against humanity and possibly genocide. [They] are "
        "well-documented, undeniable and not denied by Iran. The suspects are not faceless and documented by "
        "Amnesty. The UN can set up a tribunal and we must move swiftly as evidence is being destroyed.",
    ),
    (
        "blackman",
        "",
        "Sadly, we are aligning ourselves with the failed policy of appeasement pursued by the EU, which has been "
        "counterproductive and has only emboldened the regime. This must change, and the UK should reject the EU’s "
        "approach on Iran and join our American ally in exerting maximum pressure on the regime in Iran.",
    ),
    (
        "mccabe",
        "",
        "From Nazanin [Zaghari]’s life to nuclear weapons, we cannot negotiate with these people [the regime in "
        "Iran]. They do not respect the rules of law or diplomacy. The people we week to do business with like "
        "Ebrahim though the Chief of Iran’s Judiciary are the same people responsible for the 88 massacre. Once "
        "again people are being arrested and prisoners are disappearing.",
    ),
    (
        "mccabe",
        "reiterating the recommendations raised by the Rt Hon David Jones MP",
        "The UK and the international community must stand the victims. We must support their struggle for genuine "
        "democratic change, change that will transform Iran from a pariah state to a valuable international "
        "partner.",
    ),
    (
        "wilson",
        "pointing out that the victims were executed solely for wanting democracy and for daring to stand up",
        "The perpetrators of the 1988 massacre are immune to prosecution and hold ministerial positions. The UK "
        "Government can do three things, make sure the 1988 massacre is raised at the UN and an independent inquiry "
        "is established and impose [its own] sanctions on the perpetrators.",
    ),
    (
        "perry",
        "",
        "As the [Iranian Resistance movement] NCRI has warned there is risk for new secret executions in Iran if the "
        "regime and its officials continue to enjoy impunity. The UN has not carried out its long overdue duties in "
        "this regard. To prevent human rights violations from happening again, it is absolutely necessary to hold "
        "the regime in Tehran to account.",
    ),
    (
        "vareikis",
        "stressing the importance of an international inquiry into the 1988 massacre",
        "we must unite and work together to hold the regime to account. Further inaction by the international "
        "community and UN member states will not only be a betrayal of the victims but will undermine the mandate "
        "of the Special Rapporteur on Iran and international human rights law.",
    ),
    (
        "nowrouzi",
        "thanking the speakers for standing with the Iranian People and their Resistance movement",
        "The regime is plundering and wasting the Iranian people’s wealth to prop up terrorist groups like "
        "Hezbollah in Lebanon and to advance its pursuit of nuclear weapons. That is why the international "
        "community must immediately extend the arms embargo and reinstate the UN Security Council resolutions as "
        "well as the UN sanctions against the regime in Iran.",
    ),
]

# slug, title, call to action, addressed to, speakers who called for it, dated status updates.
# The parliamentarians among the speakers back it (backing.Backing: spoke for it at the event).
RECOMMENDATIONS = [
    (
        "extend-un-arms-embargo-iran",
        "Extend the UN arms embargo on Iran",
        "Extend the UN weapons embargo on Iran rather than let it lapse.",
        ["un-security-council", "un-member-states", "uk-government"],
        ["jones", "nowrouzi", "mccabe", "rajavi"],
        [
            (datetime.date(2020, 9, 10), "raised", "Called for at the conference of 10 September 2020."),
            (
                datetime.date(2020, 10, 18),
                "rejected",
                "The embargo lapsed on 18 October 2020 under Resolution 2231 without being extended.",
            ),
        ],
    ),
    (
        "reimpose-unsc-resolutions-iran",
        "Reimpose the UN Security Council resolutions and sanctions against Iran",
        "Reimpose all UN Security Council resolutions against Iran, and with them the UN sanctions.",
        ["un-security-council", "un-member-states", "uk-government"],
        ["jones", "nowrouzi", "mccabe"],
        [(datetime.date(2020, 9, 10), "raised", "Called for at the conference of 10 September 2020.")],
    ),
    (
        "independent-inquiry-1988-massacre",
        "An international, independent inquiry into the 1988 massacre",
        "Secure an international, independent inquiry into the 1988 massacre of 30,000 political prisoners, with "
        "the UK Government leading the international effort together with its allies.",
        ["uk-government", "united-nations"],
        ["jones", "mccabe", "wilson", "vareikis"],
        [(datetime.date(2020, 9, 10), "raised", "Called for at the conference of 10 September 2020.")],
    ),
    (
        "recognise-1988-massacre-crime-against-humanity",
        "Recognise the 1988 massacre as a crime against humanity",
        "Break the UK Government’s silence on the 1988 massacre by publicly recognising and condemning the mass "
        "execution of 30,000 political prisoners as a crime against humanity.",
        ["uk-government"],
        ["jones"],
        [(datetime.date(2020, 9, 10), "raised", "Called for at the conference of 10 September 2020.")],
    ),
    (
        "include-demands-unga-resolution",
        "Include these demands in the UN General Assembly resolution on Iran",
        "Include these demands in the UN resolution on Iran that the General Assembly is expected to adopt later "
        "this year: the General Assembly offers the best opportunity to end the culture of impunity.",
        ["uk-government", "un-general-assembly"],
        ["jones"],
        [],
    ),
    (
        "un-delegation-to-iran-prisons",
        "Send an international delegation to Iran’s prisons",
        "Send to Iran an international delegation accompanied by representatives of the Iranian Resistance to "
        "visit the prisons and the prisoners, particularly those arrested during the November 2019 uprising.",
        ["un-security-council"],
        ["rajavi"],
        [],
    ),
    (
        "un-tribunal-1988-massacre",
        "Set up a UN tribunal for the 1988 massacre",
        "Set up a tribunal, and move swiftly while evidence is being destroyed.",
        ["united-nations"],
        ["brimelow"],
        [],
    ),
    (
        "uk-sanctions-on-perpetrators",
        "Impose UK sanctions on the perpetrators",
        "Impose the UK’s own sanctions on the perpetrators of the 1988 massacre, and make sure the massacre is "
        "raised at the UN.",
        ["uk-government"],
        ["wilson"],
        [],
    ),
    (
        "maximum-pressure-with-us",
        "Join the United States in maximum pressure on the regime",
        "Reject the EU’s approach on Iran and join the American ally in exerting maximum pressure on the regime.",
        ["uk-government"],
        ["blackman"],
        [],
    ),
]

EVENT_SUMMARY = (
    "Cross-party MPs and Peers took part in a virtual conference on Thursday, 10 September 2020, to support the "
    "global campaign to seek justice for victims of the 1988 massacre of political prisoners in Iran."
)

EVENT_BODY = """Prominent human rights lawyers, a former UN official, the UK Representative of the Iranian \
Resistance Movement (NCRI), European parliamentarians and dignitaries also participated in the conference, which \
heard testimonies from the family members of the victims of the 1988 massacre.

Speakers agreed that the massacre of 30,000 political prisoners in Iran in 1988 is an ongoing crime against \
humanity ordered by the highest authority in the country at the time. They also argued that the appalling human \
rights situation in Iran is a direct result of the failure of the international community to hold the \
perpetrators of the 1988 massacre to account.

Many speakers at the conference stressed that after three decades, many of those responsible for the massacre in \
prisons across Iran in 1988 are today holding senior and ministerial positions in Rouhani’s Government including \
the Justice Minister Alireza Avaei and Head of the Judiciary, Ebrahim Raisi.

Speakers called on the UK Government to break its silence on the 1988 massacre in Iran by publicly recognising \
and condemning the mass execution of 30,000 political prisoners as a crime against humanity.

The conference stressed that the UN General Assembly offers the best opportunity to end the culture of impunity \
enjoyed by the regime’s officials and called on the UK Government to include these demands in the upcoming UN \
resolution on Iran, which the General Assembly is expected to adopt later this year.

The NCRI President-elect Mrs Maryam Rajavi, thanked the parliamentarians and other panellists for participating \
in this important conference on the Iranian people’s human rights and for persisting on the need to adopt a firm \
policy against the regime in Iran."""


CONFERENCE_DAY = datetime.date(2020, 9, 10)
CONFERENCE_SOURCE = ("The conference's press release, 10 September 2020", demo_fa.CONFERENCE_SOURCE)


def in_both(**fields):
    """Each field's English and Persian versions, named as modeltranslation stores them:
    in_both(title=("…", "…")) gives title_en_gb and title_fa, whatever language is active."""
    return {
        build_localized_fieldname(name, code): text
        for name, versions in fields.items()
        for code, text in zip(("en-gb", "fa"), versions, strict=True)
    }


def upsert(model, lookup, **values):
    """Find a row by `lookup`, create it with `values` or update only the fields that differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def load_demo_data():
    """Write the demo campaign and conference. Returns the event."""
    orgs = {
        slug: upsert(Organisation, {"slug": slug}, name=name, short_name=short, kind=kind, country=country)
        for slug, name, short, kind, country in ORGANISATIONS
    }
    bcfif = orgs["bcfif"]
    if not bcfif.runs_this_site and not Organisation.objects.filter(runs_this_site=True).exists():
        upsert(Organisation, {"pk": bcfif.pk}, runs_this_site=True)
    legislatures = {
        slug: upsert(Legislature, {"slug": slug}, name=name, kind=kind, country=country, member_title=member)
        for slug, name, kind, country, member in LEGISLATURES
    }
    parties = {
        key: upsert(Party, {"name": name, "country": country}, short_name=short)
        for key, name, short, country in PARTIES
    }

    campaign = upsert(
        Campaign,
        {"slug": "justice-for-1988-massacre-victims"},
        organisation=bcfif,
        **in_both(
            name=("Justice for the victims of the 1988 massacre in Iran", demo_fa.CAMPAIGN["name"]),
            summary=(
                "Ending impunity for the 1988 massacre of 30,000 political prisoners in Iran: an independent "
                "international inquiry, accountability for its perpetrators, and a firm policy towards the regime.",
                demo_fa.CAMPAIGN["summary"],
            ),
        ),
        started_on=datetime.date(2020, 9, 10),
    )

    people = {spec["key"]: load_person(spec, orgs, legislatures, parties) for spec in PEOPLE}

    event = upsert(
        Event,
        {"slug": "conference-justice-for-1988-massacre-victims-2020-09-10"},
        campaign=campaign,
        **in_both(
            title=("Conference: justice for the victims of the 1988 massacre in Iran", demo_fa.EVENT["title"]),
            headline=(
                "Call on the UN Security Council and its member states to extend the weapons embargo and to "
                "reimpose the UN Security Council resolutions against Iran",
                demo_fa.EVENT["headline"],
            ),
            summary=(EVENT_SUMMARY, demo_fa.EVENT["summary"]),
            body=(EVENT_BODY, demo_fa.EVENT["body"]),
        ),
        starts_at=datetime.datetime(2020, 9, 10, tzinfo=LONDON),
        start_time_is_known=False,
        time_zone="Europe/London",
        format=Event.Format.VIRTUAL,
        organiser=bcfif,
        status=Event.Status.PUBLISHED,
    )
    participants = {}
    for order, (key, role, spoke_as) in enumerate(PARTICIPANTS, start=1):
        participants[key] = upsert(
            Participant,
            {"event": event, "person": people[key], "role": role},
            order=order,
            **in_both(spoke_as=(spoke_as, demo_fa.SPOKE_AS[key])),
        )
    for order, ((key, context, text), (context_fa, text_fa)) in enumerate(
        zip(STATEMENTS, demo_fa.STATEMENTS, strict=True), start=1
    ):
        # Said in English: the words as spoken, and their Persian translation.
        upsert(
            Statement,
            {"event": event, "order": order},
            participant=participants[key],
            text=text,
            language="en-gb",
            translation_fa=text_fa,
            **in_both(context=(context, context_fa)),
        )

    for order, (slug, title, call, addressees, speakers, updates) in enumerate(RECOMMENDATIONS, start=1):
        title_fa, call_fa = demo_fa.RECOMMENDATIONS[slug]
        recommendation = upsert(
            Recommendation,
            {"slug": slug},
            campaign=campaign,
            order=order,
            **in_both(title=(title, title_fa), call_to_action=(call, call_fa)),
        )
        recommendation.addressed_to.set([orgs[a] for a in addressees])
        recommendation.made_at.set([event])
        for key in speakers:
            if people[key].parliamentary_roles.exists():
                upsert(
                    Backing,
                    {"recommendation": recommendation, "person": people[key], "event": event},
                    how=Backing.How.SPOKE,
                    backed_on=CONFERENCE_DAY,
                    **in_both(source_description=CONFERENCE_SOURCE),
                )
        for on, status, note in updates:
            if not recommendation.status_updates.filter(on=on, status=status).exists():
                StatusUpdate.objects.create(recommendation=recommendation, on=on, status=status, note=note)

    load_demo_statement(campaign, event, people)

    petition = upsert(
        Petition,
        {"slug": "independent-inquiry-1988-massacre"},
        campaign=campaign,
        addressed_to=orgs["uk-government"],
        **in_both(
            title=(
                "Justice for the victims of the 1988 massacre: an independent international inquiry now",
                demo_fa.PETITION["title"],
            ),
            text=(
                "We call on the UK Government to publicly recognise the 1988 massacre of 30,000 political prisoners "
                "in Iran as a crime against humanity, and to lead the international effort for an international, "
                "independent inquiry so that those responsible are held to account.",
                demo_fa.PETITION["text"],
            ),
            background=(
                "Many of those responsible for the massacre have held senior positions in Iran ever since. "
                "Speakers at our conference of 10 September 2020 agreed that the failure to hold them to account "
                "lies behind the human rights situation in Iran today.",
                demo_fa.PETITION["background"],
            ),
        ),
        signature_goal=10000,
        asks_postcode=True,
        status=Petition.Status.OPEN,
        opened_at=datetime.datetime(2026, 11, 1, 9, 0, tzinfo=LONDON),
        closes_at=datetime.datetime(2027, 10, 31, 23, 59, tzinfo=LONDON),
    )
    petition.recommendations.set(
        Recommendation.objects.filter(
            slug__in=["independent-inquiry-1988-massacre", "recognise-1988-massacre-crime-against-humanity"]
        )
    )
    load_demo_outreach(campaign, event, petition, legislatures["house-of-commons"], bcfif)
    load_demo_briefing(campaign, bcfif)
    return event


# The press release reports the speakers' calls, not a signed text. So that the demo's cross-party
# page has a motion and a chart to show, the calls of the parliamentarians among the speakers are
# put here as a statement they signed on the day (an illustration, marked as such in its text).
STATEMENT_SLUG = "conference-statement-1988-massacre-2020-09-10"
STATEMENT_TITLE = "Cross-party statement: justice for the victims of the 1988 massacre in Iran"
STATEMENT_TEXT = (
    "We, parliamentarians who took part in the conference of 10 September 2020, call on the UK Government to "
    "break its silence on the 1988 massacre in Iran by publicly recognising and condemning the mass execution of "
    "30,000 political prisoners as a crime against humanity, and to lead the international effort for an "
    "international, independent inquiry.\n\n(Demo: made from the conference's press release, which reports these "
    "calls; it is not a text published by its signatories.)"
)
STATEMENT_SIGNATORIES = ["jones", "mccabe", "wilson", "blackman", "gale", "villiers", "vickers", "maginnis", "bacik"]
STATEMENT_SIGNATORIES += ["mulherin", "vareikis"]
STATEMENT_ASKS = ["independent-inquiry-1988-massacre", "recognise-1988-massacre-crime-against-humanity"]


def load_demo_statement(campaign, event, people):
    """The conference's cross-party statement, signed by its parliamentarians (see STATEMENT_TEXT)."""
    day = CONFERENCE_DAY
    statement = upsert(
        Motion,
        {"slug": STATEMENT_SLUG},
        campaign=campaign,
        kind=Motion.Kind.STATEMENT,
        number="",
        tabled_on=day,
        primary_sponsor=people["jones"],
        status=Motion.Status.PUBLISHED,
        **in_both(
            title=(STATEMENT_TITLE, demo_fa.STATEMENT["title"]),
            text=(STATEMENT_TEXT, demo_fa.STATEMENT["text"]),
        ),
    )
    statement.events.set([event])
    statement.recommendations.set(Recommendation.objects.filter(slug__in=STATEMENT_ASKS))
    for order, key in enumerate(STATEMENT_SIGNATORIES):
        upsert(
            Signatory,
            {"motion": statement, "person": people[key]},
            is_sponsor=key == "jones",
            signed_on=day,
            order=order,
        )
    return statement


BRIEFING_SLUG = "briefing-in-parliament-international-inquiry-1988-massacre"
BRIEFING_SUMMARY = (
    "MPs, Peers, lawyers and families of the victims set out the case for an international, independent "
    "inquiry into the 1988 massacre, and what the UK Government can do at the United Nations. Open to the "
    "public by registration: Parliament's security desk admits only guests whose names were given in advance."
)


def load_demo_briefing(campaign, organisation, today=None):
    """An upcoming in-person event taking registrations, so that a newcomer sees registration work.
    Three weeks ahead when first written; a later run moves it only once that date has passed, so a
    second run on any day changes nothing while it is still to come."""
    today = today or datetime.date.today()
    existing = Event.objects.filter(slug=BRIEFING_SLUG).first()
    if existing and existing.starts_at.date() > today:
        starts_at = existing.starts_at
    else:
        starts_at = datetime.datetime.combine(today + datetime.timedelta(days=21), datetime.time(14, 0), tzinfo=LONDON)
    event = upsert(
        Event,
        {"slug": BRIEFING_SLUG},
        campaign=campaign,
        **in_both(
            title=(
                "Briefing in Parliament: the case for an international inquiry into the 1988 massacre",
                demo_fa.BRIEFING["title"],
            ),
            summary=(BRIEFING_SUMMARY, demo_fa.BRIEFING["summary"]),
        ),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        start_time_is_known=True,
        time_zone="Europe/London",
        format=Event.Format.IN_PERSON,
        venue="Committee Room 14, House of Commons, London SW1A 0AA",
        organiser=organisation,
        status=Event.Status.PUBLISHED,
    )
    upsert(
        EventRegistration,
        {"event": event},
        is_open=True,
        capacity=80,
        closes_at=starts_at - datetime.timedelta(days=2),
        asks_name_on_id=True,
        asks_organisation=True,
        asks_accessibility=True,
    )
    return event


MPS_LETTER = """Dear {{ salutation }},

On 10 September 2020, cross-party MPs and Peers joined human rights lawyers, a former UN official and \
families of the victims at our conference on the 1988 massacre of 30,000 political prisoners in Iran.

The conference asked the UK Government to lead the international effort for an international, \
independent inquiry, to extend the weapons embargo and to reimpose the UN Security Council resolutions.

You can read the speakers' recommendations here: {{ event_url }}

Members of the public are asking for the same in our petition: {{ petition_url }}

Yours sincerely,
British Committee for Iran Freedom
"""


def load_demo_outreach(campaign, event, petition, commons, organisation):
    """Two audiences and a draft letter, so that the outreach admin is not empty on first sight."""
    upsert(Audience, {"name": "Subscribed supporters"}, kind=Audience.Kind.SUPPORTERS)
    mps = upsert(Audience, {"name": "Current Members of the House of Commons"}, kind=Audience.Kind.PARLIAMENTARIANS)
    mps.legislatures.set([commons])
    upsert(
        Mailing,
        {"name": "Conference report to MPs (demo draft)"},
        campaign=campaign,
        audience=mps,
        # In English only: its audience, the House of Commons, reads English.
        subject_en_gb="The 1988 massacre: what cross-party MPs asked of the UK Government",
        body_text_en_gb=MPS_LETTER,
        event=event,
        petition=petition,
        from_name=organisation.name,
        from_email="info@example.org",
    )


def load_person(spec, orgs, legislatures, parties):
    spec = dict(spec)
    spec.pop("key")
    seat = spec.pop("seat", None)
    offices = spec.pop("offices", [])
    affiliations = spec.pop("affiliations", [])
    is_public = spec.pop("public", True)
    lookup = {"given_name": spec.pop("given_name"), "family_name": spec.pop("family_name")}
    person = upsert(Person, lookup, profile_is_public=is_public, **spec)
    if seat:
        legislature, party, constituency, is_current = seat
        upsert(
            ParliamentaryRole,
            {"person": person, "legislature": legislatures[legislature]},
            party=parties[party] if party else None,
            constituency=constituency,
            is_current=is_current,
        )
    for order, (title, org, legislature, is_current) in enumerate(offices):
        upsert(
            Office,
            {"person": person, "title": title},
            organisation=orgs[org] if org else None,
            legislature=legislatures[legislature] if legislature else None,
            is_current=is_current,
            order=order,
        )
    for order, (org, position, is_current) in enumerate(affiliations):
        upsert(
            Affiliation,
            {"person": person, "organisation": orgs[org], "position": position},
            is_current=is_current,
            order=order,
        )
    return person
