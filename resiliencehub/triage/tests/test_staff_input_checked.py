"""Every staff form checks what is typed as carefully as the public pages do.

One walk over every staff form (triage, episodes, sign-in), on records made through the
public pages and the product's services, posting at once an impossible date, text far
over any limit and a choice that is not offered (a path, as a probe would send). Each
must answer with a clear message in the NHS.UK style, never Django's default wording,
never repeating what was typed, and save nothing.
"""

import inspect
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import load_demo_hub
from resiliencehub.accounts import forms as account_forms
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.services import Auditor
from resiliencehub.episodes import forms as episode_forms
from resiliencehub.episodes import services as episode_services
from resiliencehub.episodes.assessments import assessment_record
from resiliencehub.episodes.models import Episode
from resiliencehub.intake.tests.fewest import refer_with_fewest_answers
from resiliencehub.nhsuk_forms.forms import Form
from resiliencehub.records import services as record_services
from resiliencehub.records.models import RiskAlert
from resiliencehub.triage import forms as triage_forms

pytestmark = pytest.mark.django_db

PROBE = "../../etc/passwd"
LONG = "x" * 100_000
ANCIENT = "0001-01-01T10:00"
DJANGO_WORDING = (
    "This field is required",
    "Ensure this value",
    "Select a valid choice",
    "is not one of the available choices",
    "Enter a valid",
    "Enter a list of values",
    "Null characters",
)
STAFF_FORM_MODULES = (triage_forms, episode_forms, account_forms)
NOT_SAVED_APPS = ("intake", "triage", "episodes", "accounts", "hub")


def staff_form_classes() -> set[str]:
    names = set()
    for module in STAFF_FORM_MODULES:
        for name, value in vars(module).items():
            own = inspect.isclass(value) and value.__module__ == module.__name__
            if own and issubclass(value, Form) and name != "MeasureFormBase":
                names.add(name)
    return names | {"MeasureForm", "AttendanceForm"}  # built per instrument / per group


def date_field_names() -> dict[str, str]:
    """Every date field of the staff forms -> an impossible value in its format."""
    names = {}
    for module in STAFF_FORM_MODULES:
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Form):
                for name, field in value.base_fields.items():
                    if field.__class__.__name__ == "WhenField":
                        names[name] = ANCIENT
                    elif field.__class__.__name__ == "DateField":
                        names[name] = ANCIENT[:10]
    return names


class FormFields(HTMLParser):
    """The fields of the form on a page that posts to `action` (or to the page itself)."""

    def __init__(self, action: str, page_url: str):
        super().__init__()
        self.action, self.page_url = action, page_url
        self.inside = False
        self.fields: dict[str, str] = {}  # name -> "text" | "textarea" | "choice"
        self.method = "post"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            target = attrs.get("action") or self.page_url
            self.inside = target.split("?")[0] == self.action
            if self.inside:
                self.method = attrs.get("method", "get").lower()
            return
        if not self.inside or "name" not in attrs or attrs["name"] == "csrfmiddlewaretoken":
            return
        if tag == "textarea":
            self.fields[attrs["name"]] = "textarea"
        elif tag == "select":
            self.fields[attrs["name"]] = "choice"
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                self.fields[attrs["name"]] = "choice"
            elif kind not in ("hidden", "submit", "button"):
                self.fields[attrs["name"]] = "text"

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in NOT_SAVED_APPS
    }


def error_messages(html: str) -> list[str]:
    found = re.findall(
        r'class="nhsuk-error-message"[^>]*>(.*?)</span>\s*(?:</p>|</div>|<)', html, re.S
    )
    found += re.findall(r'<ul class="nhsuk-list nhsuk-error-summary__list">(.*?)</ul>', html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip() for text in found]


def bad_data(fields: dict, dates: dict[str, str]) -> dict:
    data = {}
    for name, kind in fields.items():
        if name in dates:
            data[name] = dates[name]
        elif kind in ("text", "textarea"):
            data[name] = LONG
        else:
            data[name] = PROBE
    return data


def check_form(browser, url: str, dates: dict[str, str], *, page_url: str | None = None) -> dict:
    """Post every field of the form at `url` (found on `page_url`, if it is on another
    page) wrongly; return what was corrupted. The page must be shown again with its
    errors: a redirect fails."""
    page = browser.get(page_url or url)
    assert page.status_code == 200, (url, page.status_code)
    parser = FormFields(url, page_url or url)
    parser.feed(page.content.decode())
    assert parser.fields, f"no form fields found for {url}"
    data = bad_data(parser.fields, dates)
    before = counts()
    send = browser.get if parser.method == "get" else browser.post
    response = send(url, data)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    messages = error_messages(html)
    assert messages, f"no error shown on {url}"
    for message in messages:
        for wording in DJANGO_WORDING:
            assert wording not in message, (url, message)
        assert "passwd" not in message and "xxxxxxxxxx" not in message, (url, message)
        assert "0001" not in message, (url, message)
    if parser.method == "post":
        assert "etc/passwd" not in html, f"{url} repeats the probe"
        assert "There is a problem" in html, url
    assert counts() == before, f"{url} saved something"
    joined = " ".join(messages)
    if "textarea" in parser.fields.values():
        assert "characters or fewer" in joined, (url, joined)
    if parser.fields.keys() & dates:
        assert "on or after" in joined or "today or in the future" in joined, (url, joined)
    return data


@pytest.fixture
def world(make_staff, signed_in):
    """Site C with a risk alert, a referral waiting for triage, an episode in treatment
    (assessed, with an appointment, an onward referral and a group session) and a client the
    walker has a conflict of interest with; all started from the public pages."""
    hub = load_demo_hub("site-c")
    walker = make_staff(
        hub, Role.CLINICAL_LEAD, Role.CLINICIAN, Role.DUTY_CLINICIAN, Role.ADMINISTRATOR
    )
    colleague = make_staff(hub, Role.CLINICIAN)
    browser = signed_in(walker)
    system = Auditor(actor=walker, actor_label=f"user:{walker.pk}")
    waiting = refer_with_fewest_answers(hub, risk=True).referral
    alert = RiskAlert.objects.get(hub=hub, referral=waiting)

    treated = refer_with_fewest_answers(hub).referral
    accepted = browser.post(
        reverse("triage:referral_accept", kwargs={"slug": hub.slug, "referral_id": treated.pk}),
        {"allocate_to": str(walker.pk)},
    )
    assert accepted.status_code == 302
    episode = Episode.objects.get(referral=treated)
    assessment_record(
        episode,
        kind="in_depth",
        assessed_at=timezone.now() - timedelta(days=3),
        duration_minutes=60,
        mode="virtual",
        summary="Low mood since the winter.",
        outcome="plan",
        plan_pathway=hub.pathways.get(pathway="group"),
        formulation={"presenting_difficulties": "Low mood"},
        auditor=system,
    )
    appointment = episode_services.appointment_book(
        episode,
        clinician=walker,
        starts_at=timezone.now() + timedelta(days=2),
        duration_minutes=50,
        kind="treatment",
        mode="virtual",
        auditor=system,
    )
    service = episode_services.directory_service_save(
        hub,
        auditor=system,
        name="Talking Therapies North",
        kind="talking_therapies",
        contact="0113 496 0999",
        eligibility_notes="",
        is_active=True,
    )
    onward = episode_services.onward_referral_send(
        episode,
        service=service,
        consent_given=True,
        shared_items=[],
        mark_referred_on=False,
        auditor=system,
    )
    programme = episode_services.group_programme_create(
        hub, name="Sleep group", description="", facilitator=None, auditor=system
    )
    session = episode_services.group_session_add(
        programme, starts_at=timezone.now() + timedelta(days=1), mode="virtual", auditor=system
    )
    return {
        "hub": hub,
        "walker": walker,
        "colleague": colleague,
        "browser": browser,
        "waiting": waiting,
        "alert": alert,
        "episode": episode,
        "appointment": appointment,
        "service": service,
        "onward": onward,
        "programme": programme,
        "session": session,
        "auditor": system,
    }


def test_the_walk_covers_every_staff_form():
    walked = {form for form, _ in WALKED}
    assert staff_form_classes() - walked == set(), "a staff form the walk does not post"


WALKED = [
    ("ContactAttemptForm", ("triage:alert_contact", "alert")),
    ("RiskAssessmentForm", ("triage:alert_assess", "alert")),
    ("CloseAlertForm", ("triage:alert_close", "alert")),
    ("RotaForm", ("triage:rota", "hub")),
    ("WorklistFilterForm", ("triage:worklist", "hub")),
    ("AcceptForm", ("triage:referral_accept", "referral")),
    ("DeclineForm", ("triage:referral_decline", "referral")),
    ("MergeForm", ("triage:referral_merge", "referral")),
    ("AssessmentForm", ("episodes:assessment_new", "episode")),
    ("AllocateForm", ("episodes:allocate", "episode")),
    ("StatusForm", ("episodes:status", "episode")),
    ("AppointmentForm", ("episodes:appointment_new", "episode")),
    ("AppointmentOutcomeForm", ("episodes:appointment_outcome", "appointment")),
    ("NoteForm", ("episodes:note_new", "episode")),
    ("SupervisionForm", ("episodes:supervision", "episode")),
    ("MeasureForm", ("episodes:measure_new", "measure")),
    ("MeasureLinkForm", ("episodes:measure_link", "episode")),
    ("OnwardReferralForm", ("episodes:onward_new", "episode")),
    ("OnwardStatusForm", ("episodes:onward", "onward")),
    ("DischargeForm", ("episodes:discharge", "episode")),
    ("ContactDetailsForm", ("episodes:client_contact", "client")),
    ("ConflictForm", ("episodes:conflicts", "client")),
    ("DirectoryServiceForm", ("episodes:directory", "hub")),
    ("DirectoryServiceForm", ("episodes:directory_edit", "service")),
    ("GroupProgrammeForm", ("episodes:groups", "hub")),
    ("GroupSessionForm", ("episodes:group_session_new", "group")),
    ("GroupMemberForm", ("episodes:group_member_add", "group")),
    ("AttendanceForm", ("episodes:group_attendance", "session")),
    ("BreakGlassForm", ("episodes:break_glass", "conflicted")),
    ("ReviewForm", ("episodes:break_glass_review", "glass")),
    ("SignInForm", ("accounts:sign_in", "none")),
    ("SecurityCodeForm", ("accounts:verify", "none")),
]


def _kwargs(world, kind: str) -> dict:
    slug = world["hub"].slug
    episode = world["episode"]
    return {
        "hub": {"slug": slug},
        "none": {},
        "alert": {"slug": slug, "alert_id": world["alert"].pk},
        "referral": {"slug": slug, "referral_id": world["waiting"].pk},
        "episode": {"slug": slug, "episode_id": episode.pk},
        "appointment": {
            "slug": slug,
            "episode_id": episode.pk,
            "appointment_id": world["appointment"].pk,
        },
        "measure": {"slug": slug, "episode_id": episode.pk, "instrument": "PHQ-9"},
        "onward": {"slug": slug, "episode_id": episode.pk, "onward_id": world["onward"].pk},
        "client": {"slug": slug, "client_id": episode.client_id},
        "service": {"slug": slug, "service_id": world["service"].pk},
        "group": {"slug": slug, "programme_id": world["programme"].pk},
        "session": {
            "slug": slug,
            "programme_id": world["programme"].pk,
            "session_id": world["session"].pk,
        },
        "conflicted": {"slug": slug, "client_id": world["waiting"].client_id},
        "glass": {"slug": slug, "glass_id": world.get("glass_id", 0)},
    }[kind]


@pytest.mark.hazard("HAZ-049")
def test_every_staff_form_refuses_bad_input_clearly_without_echo_and_saves_nothing(world):
    browser, hub = world["browser"], world["hub"]
    dates = date_field_names()
    group_page = reverse(
        "episodes:group", kwargs={"slug": hub.slug, "programme_id": world["programme"].pk}
    )
    walked = []
    for form_name, (url_name, kind) in WALKED:
        if kind in ("none", "conflicted", "glass"):
            continue
        if form_name == "AttendanceForm":  # once the member form has been tried
            episode_services.group_member_add(
                world["programme"], world["episode"], auditor=world["auditor"]
            )
        url = reverse(url_name, kwargs=_kwargs(world, kind))
        page_url = group_page if kind == "group" else None
        check_form(browser, url, dates, page_url=page_url)
        walked.append(form_name)

    # A client the walker has a conflict of interest with: the break-glass form, then the
    # lead's review of a colleague's break-glass access.
    waiting_client = world["waiting"].client
    system = Auditor(actor=world["walker"], actor_label="user:walker")
    record_services.conflict_record(
        waiting_client, staff=world["walker"], reason="Same ward", auditor=system
    )
    check_form(browser, reverse("episodes:break_glass", kwargs=_kwargs(world, "conflicted")), dates)
    walked.append("BreakGlassForm")
    glass = record_services.break_glass_open(
        waiting_client, user=world["colleague"], reason="Out of hours", auditor=system
    )
    world["glass_id"] = glass.pk
    check_form(
        browser, reverse("episodes:break_glass_review", kwargs=_kwargs(world, "glass")), dates
    )
    walked.append("ReviewForm")

    # Signing in: a stranger's browser.
    stranger = HttpClient()
    check_form(stranger, reverse("accounts:sign_in"), dates)
    walked.append("SignInForm")
    signed = stranger.post(
        reverse("accounts:sign_in"),
        {"username": world["colleague"].username, "password": "correct horse 42"},
    )
    assert signed.status_code == 302
    check_form(stranger, reverse("accounts:verify"), dates)
    walked.append("SecurityCodeForm")
    assert sorted(walked) == sorted(form for form, _ in WALKED), "a form in WALKED was not posted"


@pytest.mark.hazard("HAZ-049")
def test_an_appointment_must_be_within_two_years_and_an_event_within_the_last_year(world):
    browser, episode = world["browser"], world["episode"]
    url = reverse("episodes:appointment_new", kwargs=_kwargs(world, "episode"))
    booking = {
        "duration_minutes": "50",
        "kind": "treatment",
        "mode": "virtual",
        "joining_details": "We will call your mobile",
        "clinician": str(world["walker"].pk),
    }
    too_far = (timezone.localtime() + timedelta(days=3 * 365)).strftime("%Y-%m-%dT%H:%M")
    for starts_at in (ANCIENT, too_far):
        response = browser.post(url, {**booking, "starts_at": starts_at})
        assert response.status_code == 200
        assert "The date must be on or" in response.content.decode()
    assert episode.appointments.count() == 1

    soon = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    assert browser.post(url, {**booking, "starts_at": soon}).status_code == 302
    assert episode.appointments.count() == 2

    contact = reverse("triage:alert_contact", kwargs=_kwargs(world, "alert"))
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    html = browser.post(
        contact, {"attempted_at": tomorrow, "method": "phone", "outcome": "no_answer"}
    ).content.decode()
    assert "The date and time must not be in the future" in html


@pytest.mark.hazard("HAZ-049")
def test_long_text_shows_its_limit_and_keeps_what_was_typed(world):
    browser = world["browser"]
    url = reverse("episodes:assessment_new", kwargs=_kwargs(world, "episode"))
    page = browser.get(url).content.decode()
    assert "You can enter up to 10,000 characters" in page  # visible without JavaScript
    assert 'data-module="nhsuk-character-count"' in page
    summary = "Low mood. " * 1001  # 10,010 characters
    html = browser.post(url, {"summary": summary}).content.decode()
    assert "Assessment summary must be 10,000 characters or fewer" in html
    assert summary.strip() in html  # nothing typed is lost


@pytest.mark.hazard("HAZ-049")
def test_a_refused_group_session_is_shown_again_as_typed(world):
    programme = world["programme"]
    before = programme.sessions.count()
    url = reverse("episodes:group_session_new", kwargs=_kwargs(world, "group"))
    response = world["browser"].post(url, {"starts_at": ANCIENT, "mode": "face_to_face"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "The date must be on or" in html
    assert re.search(r'value="face_to_face"[^>]*checked', html)  # the choice made is kept
    assert programme.sessions.count() == before
