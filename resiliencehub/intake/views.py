"""The public journey's pages. Thin: forms validate, `journeys` writes, templates show.

Every view is public (no staff sign-in). A person's journey is found by the secret in
their browser cookie; what they typed is stored on every POST (HAZ-005).
"""

import re
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from resiliencehub.audit.services import Auditor
from resiliencehub.core import ratelimit
from resiliencehub.core.decorators import public
from resiliencehub.core.workflow import TransitionNotAllowed
from resiliencehub.episodes import handoff as episodes_handoff
from resiliencehub.hub.models import ScreeningMode
from resiliencehub.hub.selectors import hub_for_journey, hub_with_configuration, sector_opening_date
from resiliencehub.records.selectors import may_email

from . import eligibility, journeys, links, pages, preferences, presenters
from .feedback import NOT_A_DIAGNOSIS, risk_feedback
from .forms import (
    CallbackForm,
    ContactPreferencesChoiceForm,
    EligibilityForm,
    EmailRequestForm,
    ReferChoiceForm,
    answers_from,
    form_for,
)
from .models import IneligibleReason, JourneyKind, JourneyStatus, LinkPurpose
from .selectors import median_wait
from .state import JourneyState

CAMPAIGN_CODE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
DEFAULT_IDLE_MINUTES = 60


def _hub(slug: str):
    hub = hub_with_configuration(slug)
    if hub is None:
        raise Http404("No hub here.")
    return hub


def _journey_hub(slug: str):
    """The hub with only what journey pages need (its measures); the rest loads on use."""
    hub = hub_for_journey(slug)
    if hub is None:
        raise Http404("No hub here.")
    return hub


def _data(request):
    """The posted data, or None for a GET (an empty POST must still be validated)."""
    return request.POST if request.method == "POST" else None


def _today():
    return timezone.localdate()


def _auditor(request) -> Auditor:
    return Auditor.for_request(request, user=_Anonymous())


class _Anonymous:
    """Whoever is signed in, a person on the public journey acts as the journey itself."""

    is_authenticated = False


def _secure(request) -> bool:
    return settings.SESSION_COOKIE_SECURE


def _too_many(request, hub):
    return render(request, "intake/too_many.jinja", {"hub": hub}, status=429)


def _idle_limit() -> timedelta:
    return timedelta(minutes=getattr(settings, "INTAKE_IDLE_MINUTES", DEFAULT_IDLE_MINUTES))


def _is_locked(journey) -> bool:
    """A journey holding contact details hides itself after a period of inactivity, in
    case the person walked away from a shared computer. Nothing is lost (ADR 0011)."""
    identifying = bool(journey.email_lookup or journey.client_id)
    seen = journey.access_seen_at
    return identifying and seen is not None and timezone.now() - seen > _idle_limit()


def _landing(state: JourneyState) -> str:
    """Where the person carries on: crisis information first, then the next page."""
    hub, journey = state.hub, state.journey
    if journey.risk_pending:
        return reverse("intake:risk", kwargs={"slug": hub.slug})
    if journey.status == JourneyStatus.SUBMITTED:
        return reverse("intake:confirmation", kwargs={"slug": hub.slug})
    if journey.status == JourneyStatus.FINISHED:
        return reverse("intake:finished", kwargs={"slug": hub.slug})
    if journey.status == JourneyStatus.SCREENED and not journey.referring:
        return reverse("intake:results", kwargs={"slug": hub.slug})
    nxt = pages.next_unanswered(state.plan, state.stored)
    if nxt is None:
        return reverse("intake:check", kwargs={"slug": hub.slug})
    return reverse("intake:question", kwargs={"slug": hub.slug, "page": nxt.key})


def with_journey(view):
    """Find the person's journey from their cookie, or send them to the start page; the
    view is given the request's `JourneyState`, built here once."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        journey = journeys.journey_in_hub(slug, request.COOKIES.get(links.cookie_name()))
        if journey is None:
            hub = _journey_hub(slug)
            return redirect(reverse("intake:start", kwargs={"slug": hub.slug}) + "?lost=1")
        hub = journey.hub
        if _is_locked(journey):
            return redirect("intake:locked", slug=hub.slug)
        if request.method == "GET":
            journeys.journey_touch(journey)
        return view(request, JourneyState(journey, _today()), *args, **kwargs)

    return wrapper


def _with_cookie(response, secret: str):
    links.set_journey_cookie(response, secret)
    return response


# --- Start and eligibility ----------------------------------------------------------


@public
@require_GET
def start(request, slug):
    hub = _hub(slug)
    code = request.GET.get("c", "")
    first = reverse("intake:eligibility", kwargs={"slug": hub.slug, "key": "who"})
    if CAMPAIGN_CODE.match(code):
        first += f"?c={code}"
    context = {
        "hub": hub,
        "start_url": first,
        "wait": median_wait(hub),
        "self_assessment": hub.screening_mode == ScreeningMode.SELF_ASSESSMENT_FIRST,
        "lost": bool(request.GET.get("lost")),
    }
    return render(request, "intake/start.jinja", context)


@public
@require_http_methods(["GET", "POST"])
def eligibility_question(request, slug, key):
    hub = _hub(slug)
    if key not in eligibility.ALL_KEYS:
        raise Http404("No such question.")
    answers = eligibility.read(request, hub)
    code = request.GET.get("c", "")
    if CAMPAIGN_CODE.match(code):
        answers["campaign"] = code
    today = _today()
    asked = _eligibility_path(hub, answers, today)
    if key != "who" and key not in asked:
        nxt, _ = eligibility.walk(hub, answers, today)
        return redirect("intake:eligibility", slug=hub.slug, key=nxt or "who")
    question = eligibility.question(hub, key, answers)
    initial = {"answer": answers.get(key)} if key in answers else None
    form = EligibilityForm(question, _data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        answers[key] = form.cleaned_data["answer"]
        # Later answers may no longer apply; they are asked again if they do.
        index = eligibility.ALL_KEYS.index(key)
        for later in eligibility.ALL_KEYS[index + 1 :]:
            answers.pop(later, None)
        nxt, outcome = eligibility.walk(hub, answers, today)
        if nxt is not None:
            response = redirect("intake:eligibility", slug=hub.slug, key=nxt)
            eligibility.write(response, hub, answers, _secure(request))
            return response
        if not outcome.eligible:
            journeys.ineligible_count_add(hub, outcome.reason, today)
            response = redirect("intake:not_eligible", slug=hub.slug, reason=outcome.reason)
            eligibility.write(
                response, hub, {"sector": answers.get("sector", "")}, _secure(request)
            )
            return response
        if not ratelimit.allow_ip(request, "start"):
            return _too_many(request, hub)
        kind = (
            JourneyKind.SELF_ASSESSMENT
            if hub.screening_mode == ScreeningMode.SELF_ASSESSMENT_FIRST
            else JourneyKind.REFERRAL
        )
        journey, secret = journeys.journey_start(
            hub,
            kind,
            auditor=_auditor(request),
            eligibility=eligibility.coded(answers),
            campaign_code=answers.get("campaign", ""),
        )
        response = redirect(_landing(JourneyState(journey, today, hub)))
        eligibility.clear(response, hub)
        return _with_cookie(response, secret)
    back = _eligibility_back(hub, key, asked)
    response = render(
        request,
        "intake/eligibility_question.jinja",
        {"hub": hub, "form": form, "question": question, "back_url": back},
    )
    if "campaign" in answers:
        eligibility.write(response, hub, answers, _secure(request))
    return response


def _eligibility_path(hub, answers: dict, today) -> list[str]:
    """The questions asked so far (and the next one) for these answers."""
    asked = []
    partial: dict = {}
    for _key in eligibility.ALL_KEYS:
        nxt, _ = eligibility.walk(hub, partial, today)
        if nxt is None:
            break
        asked.append(nxt)
        if nxt not in answers:
            break
        partial[nxt] = answers[nxt]
    return asked


def _eligibility_back(hub, key: str, asked: list[str]) -> str:
    if key in asked and asked.index(key) > 0:
        previous = asked[asked.index(key) - 1]
        return reverse("intake:eligibility", kwargs={"slug": hub.slug, "key": previous})
    return reverse("intake:start", kwargs={"slug": hub.slug})


@public
@require_GET
def not_eligible(request, slug, reason):
    hub = _hub(slug)
    try:
        reason = IneligibleReason(reason)
    except ValueError:
        raise Http404("No such page.") from None
    answers = eligibility.read(request, hub)
    opens_on = None
    if reason == IneligibleReason.NOT_YET_OPEN and answers.get("sector"):
        opens_on = sector_opening_date(hub, answers["sector"])
        if opens_on is not None and opens_on <= _today():
            opens_on = None
    response = render(
        request,
        "intake/not_eligible.jinja",
        {"hub": hub, "reason": reason, "opens_on": opens_on},
    )
    eligibility.clear(response, hub)
    return response


# --- Question pages -----------------------------------------------------------------


def _question_url(hub, page, change: bool = False) -> str:
    url = reverse("intake:question", kwargs={"slug": hub.slug, "page": page.key})
    return url + "?change=1" if change else url


def _after_save(state: JourneyState, current, change: bool) -> str:
    """The next page: after a "Change" link the rest of that questionnaire, then any
    page still unanswered (a changed answer may open a follow-up), then check."""
    hub, plan, stored = state.hub, state.plan, state.stored
    if state.journey.risk_pending:
        return reverse("intake:risk", kwargs={"slug": hub.slug})
    if change:
        following = pages.change_next(plan, current, stored)
        if following is not None:
            return _question_url(hub, following, change=True)
    nxt = pages.next_unanswered(plan, stored)
    if nxt is not None:
        return _question_url(hub, nxt)
    return reverse("intake:check", kwargs={"slug": hub.slug})


def _editable(journey) -> bool:
    if journey.status == JourneyStatus.IN_PROGRESS:
        return True
    return journey.status == JourneyStatus.SCREENED and journey.referring


@public
@require_GET
@with_journey
def resume_next(request, state):
    return redirect(_landing(state))


@public
@require_http_methods(["GET", "POST"])
@with_journey
def question(request, state, page):
    hub, journey, plan = state.hub, state.journey, state.plan
    if not _editable(journey) or journey.risk_pending:
        # Crisis information comes before anything else once a risk answer is given.
        return redirect(_landing(state))
    current = pages.find(plan, page)
    if current is None:
        raise Http404("No such question.")
    if pages.asks_by_sex(current):
        # Only the alcohol question for the sex given: two radio questions of which one
        # must be left blank would trap the person (a radio cannot be unticked).
        current = pages.asked_page(current, state.stored)
    change = bool(request.GET.get("change"))
    token_failed = getattr(request, "csrf_failed", False)
    if request.method == "POST" and token_failed:
        # The security token was missing or stale (core.views.csrf_failure): nothing is
        # saved, but the page comes back holding what was typed, so one more "Continue"
        # saves it (HAZ-028).
        form = form_for(current, request.POST)
    elif request.method == "POST":
        form = form_for(current, request.POST)
        if form.is_valid():
            new_alert = journeys.journey_page_save(
                state, current, answers_from(current, form), auditor=_auditor(request)
            )
            if new_alert:
                return redirect("intake:risk", slug=hub.slug)
            return redirect(_after_save(state, current, change))
    stored = state.stored
    if request.method == "GET":
        form = form_for(current, None, stored)
    previous = pages.previous_page(plan, current, stored)
    if change:
        walked_from = pages.change_previous(plan, current, stored)
        back = (
            _question_url(hub, walked_from, change=True)
            if walked_from is not None
            else reverse("intake:check", kwargs={"slug": hub.slug})
        )
    elif previous is not None:
        back = reverse("intake:question", kwargs={"slug": hub.slug, "page": previous.key})
    elif journey.kind == JourneyKind.SELF_ASSESSMENT and journey.referring:
        back = reverse("intake:results", kwargs={"slug": hub.slug})
    else:
        back = reverse("intake:start", kwargs={"slug": hub.slug})
    first_of_set = bool(
        current.instrument is not None
        and current.kind == "item"
        and current.items[0] == next(p for p in plan if p.instrument is current.instrument).items[0]
    )
    context = {
        "hub": hub,
        "journey": journey,
        "page": current,
        "form": form,
        "back_url": back,
        "first_of_set": first_of_set,
        "item_fields": [(item, pages.item_field(item)) for item in current.items],
        "stored": stored,
        "contact_rows": presenters.contact_summary(stored, hub.slug)
        if current.kind == "confirm-details"
        else [],
        "mode": hub.screening_mode,
        "token_failed": token_failed,
        "caption": presenters.progress_caption(pages.progress(plan, current, stored, change)),
    }
    return render(request, "intake/question.jinja", context, status=403 if token_failed else 200)


@public
@require_http_methods(["GET", "POST"])
@with_journey
def risk(request, state):
    hub, journey, stored = state.hub, state.journey, state.stored
    has_phone = bool(stored.get("contact:phone")) or journey.client_id is not None
    form = CallbackForm(_data(request), initial={"phone": stored.get("risk:callback_phone")})
    if request.method == "POST" and form.is_valid():
        auditor = _auditor(request)
        phone = form.cleaned_data.get("phone", "")
        if phone and not has_phone:
            journeys.journey_risk_callback(journey, phone, auditor=auditor)
        journeys.journey_risk_seen(journey, auditor=auditor)
        state.reload()
        return redirect(_landing(state))
    return render(
        request,
        "intake/risk.jinja",
        {
            "hub": hub,
            "form": form,
            "has_phone": has_phone,
            "journey": journey,
            "back_url": None,
        },
    )


@public
@require_http_methods(["GET", "POST"])
@with_journey
def check(request, state):
    hub, journey = state.hub, state.journey
    auditor = _auditor(request)
    if journey.risk_pending:
        return redirect("intake:risk", slug=hub.slug)
    if request.method == "POST":
        if not _editable(journey):
            return redirect(_landing(state) + "?already=1")
        if not ratelimit.allow_ip(request, "submit"):
            return _too_many(request, hub)
        try:
            outcome = journeys.journey_submit(state, auditor=auditor)
        except journeys.JourneyIncomplete as missing:
            return redirect("intake:question", slug=hub.slug, page=missing.page.key)
        target = _landing(state)
        return redirect(target if outcome.created else target + "?already=1")
    if not _editable(journey):
        return redirect(_landing(state) + "?already=1")
    plan, stored = state.plan, state.stored
    missing = pages.next_unanswered(plan, stored)
    if missing is not None:
        return redirect("intake:question", slug=hub.slug, page=missing.key)
    shown = pages.shown_pages(plan, stored)
    back = reverse("intake:question", kwargs={"slug": hub.slug, "page": shown[-1].key})
    return render(
        request,
        "intake/check.jinja",
        {
            "hub": hub,
            "journey": journey,
            "sections": presenters.check_answer_sections(plan, stored, hub.slug),
            "stage": pages.stage(journey),
            "back_url": back,
        },
    )


@public
@require_GET
@with_journey
def results(request, state):
    journey = state.journey
    if journey.status != JourneyStatus.SCREENED or journey.referring:
        return redirect(_landing(state))
    return _results_page(request, state, ReferChoiceForm(), bool(request.GET.get("already")))


def _results_page(request, state, form, already: bool = False):
    """The self-assessment's results, with the choice whether to refer."""
    journey = state.journey
    return render(
        request,
        "intake/results.jinja",
        {
            "hub": state.hub,
            "feedback": presenters.journey_feedback(journey),
            "risk": presenters.journey_risk(journey),
            "not_a_diagnosis": NOT_A_DIAGNOSIS,
            "wait": median_wait(state.hub),
            "form": form,
            "already": already,
            "has_risk": journey.screening.has_risk if journey.screening else False,
        },
    )


@public
@require_http_methods(["POST"])
@with_journey
def refer(request, state):
    journey = state.journey
    form = ReferChoiceForm(request.POST)
    if journey.status != JourneyStatus.SCREENED or journey.referring:
        return redirect(_landing(state))
    if not form.is_valid():
        return _results_page(request, state, form)
    journeys.journey_refer_choice(
        state, form.cleaned_data["refer"] == "yes", auditor=_auditor(request)
    )
    return redirect(_landing(state))


@public
@require_GET
@with_journey
def confirmation(request, state):
    hub, journey = state.hub, state.journey
    if journey.status != JourneyStatus.SUBMITTED:
        return redirect(_landing(state))
    referral = journey.referral or journey.invited_for
    return render(
        request,
        "intake/confirmation.jinja",
        {
            "hub": hub,
            "journey": journey,
            "referral": referral,
            "feedback": presenters.journey_feedback(journey),
            "risk": presenters.journey_risk(journey),
            "not_a_diagnosis": NOT_A_DIAGNOSIS,
            "wait": median_wait(hub),
            "already": bool(request.GET.get("already")),
            "emailed": hub.screening_mode == ScreeningMode.SCREENING_IN_REFERRAL
            and journey.client is not None
            and journey.client.may_email,
            "questionnaires_next": hub.screening_mode == ScreeningMode.REFERRAL_FIRST
            and journey.kind != JourneyKind.QUESTIONNAIRES,
            "questionnaires_by_email": may_email(referral.client if referral else None),
        },
    )


@public
@require_GET
@with_journey
def finished(request, state):
    hub, journey = state.hub, state.journey
    if journey.status != JourneyStatus.FINISHED:
        return redirect(_landing(state))
    # Choosing not to refer does not take back a risk answer: the page still says what the
    # duty team was told and how they can be reached (HAZ-046).
    risk = presenters.journey_risk(journey, can_refer_here=False)
    return render(request, "intake/finished.jinja", {"hub": hub, "risk": risk})


# --- Saving, links and returning ----------------------------------------------------


@public
@require_http_methods(["GET", "POST"])
@with_journey
def save(request, state):
    hub, journey = state.hub, state.journey
    initial = {"email": journey.email} if journey.email else None
    form = EmailRequestForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not (ratelimit.allow_ip(request, "email") and ratelimit.allow_email(email, "email")):
            return _too_many(request, hub)
        journeys.resume_link_request(journey, email, auditor=_auditor(request))
        return redirect("intake:link_sent", slug=hub.slug)
    return render(
        request,
        "intake/email_request.jinja",
        {
            "hub": hub,
            "form": form,
            "title": "Get a link to come back to your answers",
            "intro": "We have saved your answers. We will email you a link so you can carry "
            "on where you left off, on any device. The link works once and for 7 days.",
            "back_url": _landing(state),
        },
    )


@public
@require_GET
def link_sent(request, slug):
    hub = _hub(slug)
    return render(request, "intake/link_sent.jinja", {"hub": hub})


@public
@require_http_methods(["GET", "POST"])
def locked(request, slug):
    """The journey hid itself after a while: offer a link to the address already given."""
    hub = _hub(slug)
    journey = journeys.journey_for_secret(hub, request.COOKIES.get(links.cookie_name()))
    if journey is None or not _is_locked(journey):
        return redirect("intake:start", slug=hub.slug)
    if request.method == "POST":
        if not ratelimit.allow_ip(request, "email"):
            return _too_many(request, hub)
        journeys.resume_link_request(journey, journey.email, auditor=_auditor(request))
        response = redirect("intake:link_sent", slug=hub.slug)
        links.clear_journey_cookie(response)
        return response
    return render(
        request, "intake/locked.jinja", {"hub": hub, "minutes": _idle_limit().seconds // 60}
    )


def _email_request(request, hub, purpose: LinkPurpose, template_context: dict):
    form = EmailRequestForm(_data(request))
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not (ratelimit.allow_ip(request, "email") and ratelimit.allow_email(email, "email")):
            return _too_many(request, hub)
        journeys.email_link_request(hub, purpose, email, auditor=_auditor(request))
        return redirect("intake:link_sent", slug=hub.slug)
    return render(
        request, "intake/email_request.jinja", {"hub": hub, "form": form, **template_context}
    )


@public
@require_http_methods(["GET", "POST"])
def find_saved(request, slug):
    hub = _hub(slug)
    return _email_request(
        request,
        hub,
        LinkPurpose.FIND_SAVED,
        {
            "title": "Get a link to your saved answers",
            "intro": "Enter the email address you gave us. If we have saved answers for it, "
            "we will email you a link to carry on.",
            "back_url": reverse("intake:start", kwargs={"slug": hub.slug}),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def returning(request, slug):
    hub = _hub(slug)
    return _email_request(
        request,
        hub,
        LinkPurpose.RETURNING,
        {
            "title": "Get back in touch with us",
            "intro": "If you have used this hub before, you do not need to register again. "
            "Enter the email address you gave us and we will send you a link. You will then "
            "check your details and answer some questions about how you are now.",
            "back_url": reverse("intake:start", kwargs={"slug": hub.slug}),
        },
    )


def _open_link(
    request, slug, token, purposes, heading: str, button: str, gone="intake/link_expired.jinja"
):
    hub = _hub(slug)
    link = None
    for purpose in purposes:
        link = links.link_for_token(hub, purpose, token)
        if link is not None:
            break
    if link is None:
        return render(request, gone, {"hub": hub})
    if request.method == "POST":
        opened = journeys.link_open(link, auditor=_auditor(request))
        if opened is None:
            return render(request, gone, {"hub": hub})
        journey, secret = opened
        landing = _landing(JourneyState(journey, _today(), hub))
        return _with_cookie(redirect(landing), secret)
    # Opening is a button, not the GET itself: email scanners that follow links must not
    # use up a single-use link before the person does.
    return render(
        request, "intake/link_open.jinja", {"hub": hub, "heading": heading, "button_text": button}
    )


@public
@require_http_methods(["GET", "POST"])
def resume(request, slug, token):
    return _open_link(
        request,
        slug,
        token,
        (LinkPurpose.RESUME, LinkPurpose.FIND_SAVED),
        "Continue where you left off",
        "Continue",
    )


@public
@require_http_methods(["GET", "POST"])
def returning_link(request, slug, token):
    return _open_link(request, slug, token, (LinkPurpose.RETURNING,), "Welcome back", "Continue")


@public
@require_http_methods(["GET", "POST"])
def questionnaires(request, slug, token):
    return _open_link(
        request,
        slug,
        token,
        (LinkPurpose.QUESTIONNAIRES,),
        "Questionnaires before your assessment",
        "Start",
    )


@public
@require_http_methods(["GET", "POST"])
def follow_up(request, slug, token):
    return _open_link(
        request,
        slug,
        token,
        (LinkPurpose.FOLLOW_UP,),
        "How you are now",
        "Start",
        gone="intake/follow_up_closed.jinja",
    )


@public
@require_http_methods(["GET", "POST"])
def contact_preferences(request, slug, token):
    """Pause or stop the hub's emails, from the link in any of them, without signing in
    (ADR 0037). The page names no one: whoever holds the email can use it."""
    hub = _hub(slug)
    client = preferences.client_for_token(hub, token)
    if client is None:
        return render(request, "intake/preferences_gone.jinja", {"hub": hub}, status=404)
    form = ContactPreferencesChoiceForm(_data(request), today=_today())
    if request.method == "POST" and form.is_valid():
        done = preferences.apply(client, form.cleaned_data, auditor=_auditor(request))
        return render(
            request, "intake/preferences_done.jinja", {"hub": hub, "done": done}, status=200
        )
    return render(
        request,
        "intake/preferences.jinja",
        {"hub": hub, "form": form, "state": preferences.describe(client, _today())},
    )


# --- A client's session questionnaires, from the link their practitioner sent ---------


@public
@require_http_methods(["GET", "POST"])
def client_measures(request, token):
    """A client completes their session questionnaires from the link they were sent.

    The link and the episode it records into are the episode's (ADR 0028); the page is
    here with every page a client sees without signing in (ADR 0035).
    """
    invitation = episodes_handoff.measure_invitation_open(token)
    if invitation is None:
        return render(request, "intake/client_measures_gone.jinja", status=404)
    bound = {
        name: episodes_handoff.measure_form_class(name)(
            _data(request), prefix=name.replace("-", ""), initial={"stage": "session"}
        )
        for name in invitation.instruments
    }
    for form in bound.values():
        # The client answers the questions only; stage and appointment are for staff.
        form.fields.pop("stage")
        form.fields.pop("appointment")
    if request.method == "POST" and all(f.is_valid() for f in bound.values()):
        try:
            recorded = episodes_handoff.measure_invitation_complete(
                invitation,
                {name: f.answers() for name, f in bound.items()},
                auditor=Auditor.for_request(request),
            )
        except TransitionNotAllowed:
            return render(request, "intake/client_measures_gone.jinja", status=404)
        client = invitation.episode.client
        # After a risk answer the thank-you page leads with it (HAZ-046).
        risk = risk_feedback(
            invitation.hub,
            [each.response for each in recorded],
            reachable=bool(client.phone or client.email),
        )
        return render(
            request, "intake/client_measures_done.jinja", {"hub": invitation.hub, "risk": risk}
        )
    return render(
        request,
        "intake/client_measures.jinja",
        {"hub": invitation.hub, "forms": list(bound.values()), "all_forms": bound},
    )
