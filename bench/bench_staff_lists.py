"""Benchmark: staff list and dashboard pages over a large seeded hub (quality.md P2).

    .venv/bin/python bench/bench_staff_lists.py [--cases 100000] [--responses 2000000]
        [--requests 40] [--clients 4] [--workers 5] [--small-cases 1000]
        [--small-responses 20000] [--analyze] [--keep]

    # a quick check run, well under a minute:
    .venv/bin/python bench/bench_staff_lists.py --cases 2000 --responses 40000

Starts from a fresh SQLite database in a temporary directory (migrated, `load_demo`), as
bench_journey_post.py does, never the developer's DATABASE_URL, and seeds demo hub
site-c in two steps: first `--small-cases`/`--small-responses`, then the rest up to
`--cases`/`--responses`. Seeding writes rows directly with `bulk_create` in batches, in
one transaction per chunk of cases: it bypasses the services, the state machines and the
audit trail (so no audit events exist for the seeded rows), and it gives rows explicit
primary keys (SQLite only). What it writes, with timestamps over the last two years:

- per case a client (encrypted name, email, phone, employer), a referral (about 5% new
  and waiting for triage, mostly recent; 10% declined; 3% withdrawn; the rest accepted),
  its status-change rows, a screening with a PHQ-9 and a GAD-7 response;
- per accepted referral an episode in a state that fits its age (waiting, assessed, in
  intervention, stepped up or down, referred on, mostly discharged with outcome flags),
  its status-change rows and allocation, held by the hub's demo clinician, practitioner
  or clinical lead (half of those waiting for assessment unallocated);
- the rest of `--responses` as weekly PHQ-9 + GAD-7 session measures (linked to the
  episode and to an attended treatment appointment) over the episodes that reached
  intervention; one open episode of the demo clinician gets `--heavy-sessions` sessions,
  for the client record, episode and measures (chart) pages;
- a risk alert (with its events) for each response with PHQ-9 item 9 above 0 (about 4%
  of screenings and 0.3% of session measures): recent ones open, old ones mostly closed.

Answers are real instrument answers, scored once per template by
`resiliencehub.instruments.score`; each row's answers are encrypted as it is saved.

Then, for each page below, it counts the page's SQL queries in-process (Django's test
client, signed in with the demo second factor) at the small size and at the full size,
starts gunicorn (sync workers) on the full database, signs in over HTTP through the real
sign-in and security-code forms as site-c's clinical lead and clinician (one session per
load-generator thread), and GETs each page `--requests` times after 3 warm-ups with
`--clients` concurrent clients. Prints p50/p95/max latency, non-200 responses, page size,
the in-process time of one GET made alone ("alone ms", at the full size) and the query
counts, and whether every p95 is under 500 ms (the goal), as information only; for a
page over it, the slowest queries of its in-process GET.
`--analyze` runs SQLite's ANALYZE after seeding (the app itself never does).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import shutil
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

SUPPORT = Path(__file__).resolve().parent / "support"
sys.path.insert(0, str(SUPPORT))

from journey_client import JourneyClient  # noqa: E402
from latency import percentile  # noqa: E402
from server import ROOT, BenchServer  # noqa: E402

HUB = "site-c"
SPAN_DAYS = 730
CHUNK_CASES = 1000
BATCH = 5000
WARMUPS = 3
GOAL_MS = 500

# fmt: off
FIRST_NAMES = (
    "Amara", "Ben", "Carys", "Dev", "Elena", "Femi", "Grace", "Hamza", "Isla", "Jonah", "Kemi",
    "Liam", "Maya", "Nadia", "Owen", "Priti", "Quinn", "Rosa", "Sami", "Tariq", "Una", "Vik",
    "Wren", "Yusuf", "Zara", "Aled", "Bea", "Cian", "Dina", "Ezra",
)
LAST_NAMES = (
    "Okafor", "Hartley", "Llewellyn", "Patel", "Kowalska", "Adeyemi", "O'Neill", "Iqbal",
    "McKenzie", "Fischer", "Balogun", "Byrne", "Thompson", "Rahman", "Price", "Shah", "Evans",
    "Nowak", "Hughes", "Mensah", "Clarke", "Doyle", "Ahmed", "Jones", "Murphy", "Singh", "Walsh",
    "Ellis", "Khan", "Morgan",
)
# fmt: on
EMPLOYERS = (
    "Fictional Health and Care Partnership",
    "Northern Fictional Hospitals NHS Trust",
    "Example Care Homes Ltd",
    "Fictional Ambulance Service",
    "Example Community Hospice",
)
# Site C's in-scope population (its hub file) as sector weights, with staff groups.
SECTORS = {
    "nhs": (76000, ("Nursing and midwifery", "Medical and dental", "Healthcare assistant")),
    "social_care": (35000, ("Care worker", "Registered manager", "Care home nurse")),
    "third_sector": (6000, ("Hospice support worker",)),
    "vcse": (3000, ("Volunteer coordinator",)),
    "ambulance": (4500, ("Paramedic", "Call handler")),
    "police": (3000, ("Police officer",)),
    "fire": (1500, ("Firefighter",)),
}
AGE_BANDS = ("18-to-24", "25-to-34", "35-to-44", "45-to-54", "55-to-64")
PATHWAYS = ("step_2", "step_3", "guided_self_help", "group", "pharmacological", "self_help")


@dataclass
class Page:
    name: str
    role: str  # "lead" or "clinician"
    path: str


def pages_for(heavy) -> list[Page]:
    staff = f"/staff/{HUB}"
    return [
        Page("staff home (lead)", "lead", f"{staff}/"),
        Page("staff home (clinician)", "clinician", f"{staff}/"),
        Page("duty risk queue", "lead", f"{staff}/duty/"),
        Page("triage worklist", "lead", f"{staff}/referrals/"),
        Page(
            "worklist, filtered",
            "lead",
            f"{staff}/referrals/?status=submitted&sector=nhs&waited=14",
        ),
        Page("my caseload (clinician)", "clinician", f"{staff}/caseload/"),
        Page("team caseload", "lead", f"{staff}/team-caseload/"),
        Page("team caseload, last page", "lead", f"{staff}/team-caseload/?last=1"),
        Page("waiting list, assessment", "lead", f"{staff}/waiting-list/"),
        Page("waiting list, intervention", "lead", f"{staff}/waiting-list/?stage=intervention"),
        Page(
            "waiting list (clinician)",
            "clinician",
            f"{staff}/waiting-list/?stage=intervention",
        ),
        Page("client record", "clinician", f"{staff}/clients/{heavy.client_id}/"),
        Page("episode", "clinician", f"{staff}/episodes/{heavy.pk}/"),
        Page("episode measures (chart)", "clinician", f"{staff}/episodes/{heavy.pk}/measures/"),
    ]


def setup_django(server: BenchServer) -> None:
    """This process uses the server's settings and database (the fresh SQLite file)."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE=server.env["DJANGO_SETTINGS_MODULE"],
        RESILIENCEHUB_VAR_DIR=server.env["RESILIENCEHUB_VAR_DIR"],
        SQLITE_PATH=server.env["SQLITE_PATH"],
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- seeding ------------------------------------------------------------------------------


class Templates:
    """Scored PHQ-9 and GAD-7 administrations, computed once and reused row after row."""

    VARIANTS = 3

    def __init__(self, rng: random.Random):
        from resiliencehub.instruments import get_instrument, score
        from resiliencehub.records import answers as stored_answers
        from resiliencehub.records.measures import _risk_reason

        self.rows: dict[tuple, list[dict]] = {}
        self.reasons: dict[int, str] = {}
        for instrument, items, item9s in (("PHQ-9", 9, (0, 1, 2, 3)), ("GAD-7", 7, (0,))):
            definition = get_instrument(instrument)
            for item9 in item9s:
                rest = items - 1 if instrument == "PHQ-9" else items
                for total in range(item9, item9 + 3 * rest + 1):
                    variants = []
                    for _ in range(self.VARIANTS):
                        answers = self._spread(rng, total - item9, rest)
                        if instrument == "PHQ-9":
                            answers[9] = item9
                        result = score(definition, answers)
                        row = {
                            "instrument_id": definition.id,
                            "instrument_version": definition.version,
                            "answers": stored_answers.to_json(answers),
                            "total": result.total,
                            "total_exact": ""
                            if result.total_exact is None
                            else str(result.total_exact),
                            "band": result.band or "",
                            "complete": result.complete,
                            "prorated": result.prorated,
                            "caseness": result.caseness,
                            "risk": result.risk,
                            "risk_items": list(result.risk_items),
                            "scores": result.as_json()
                            | {
                                "incomplete_reason": result.incomplete_reason,
                                "missing_items": list(result.missing_items),
                                "criteria_met": result.criteria_met,
                            },
                        }
                        variants.append(row)
                        if result.risk:
                            self.reasons[id(row)] = _risk_reason(
                                definition, answers, result.risk_items
                            )
                    self.rows[(instrument, total, item9)] = variants

    @staticmethod
    def _spread(rng, total: int, items: int) -> dict[int, int]:
        answers = dict.fromkeys(range(1, items + 1), 0)
        for _ in range(total):
            number = rng.choice([n for n, v in answers.items() if v < 3])
            answers[number] += 1
        return answers

    def phq9(self, rng, total: int, item9: int = 0) -> dict:
        total = max(item9, min(total, 24 + item9))
        return rng.choice(self.rows[("PHQ-9", total, item9)])

    def gad7(self, rng, total: int) -> dict:
        return rng.choice(self.rows[("GAD-7", max(0, min(total, 21)), 0)])


@dataclass(slots=True)
class Plan:
    """One case, decided before any row is written."""

    submitted: datetime
    status: str
    decided: datetime | None = None
    episode_status: str | None = None
    holder: int | None = None
    opened: datetime | None = None
    assessed: datetime | None = None
    started: datetime | None = None
    weight: float = 0.0
    sessions: int = 0
    heavy: bool = False


def choose(rng, table):
    """A key of `table` ({key: weight}) at random."""
    return rng.choices(list(table), weights=list(table.values()))[0]


class Seeder:
    def __init__(self, seed: int):
        from django.utils import timezone

        from resiliencehub.accounts.models import User
        from resiliencehub.hub.models import Hub
        from resiliencehub.records.models import Referral

        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.hub = Hub.objects.get(slug=HUB)
        users = {u.username: u for u in User.objects.filter(username__startswith=f"{HUB}-")}
        self.lead = users[f"{HUB}-clinical-lead"]
        self.clinician = users[f"{HUB}-clinician"]
        self.practitioner = users[f"{HUB}-practitioner"]
        self.duty = users[f"{HUB}-duty-clinician"]
        self.admin = users[f"{HUB}-administrator"]
        self.holders = {self.clinician.pk: 45, self.practitioner.pk: 35, self.lead.pk: 20}
        self.templates = Templates(self.rng)
        self.references = set(Referral.objects.values_list("reference", flat=True))
        self.case_number = 0
        self.heavy_episode_id = None
        self.counts: dict[str, int] = {}

    def at(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def after(self, start: datetime, low: float, high: float) -> datetime:
        """A moment `low`–`high` days after `start`, but never in the future."""
        moment = start + timedelta(days=self.rng.uniform(low, high))
        latest = self.now - timedelta(hours=self.rng.uniform(1, 12))
        return max(start, min(moment, latest))

    # --- the plan ---

    def plan(self, cases: int) -> list[Plan]:
        rng = self.rng
        plans = []
        for age in sorted((rng.uniform(0, SPAN_DAYS) for _ in range(cases)), reverse=True):
            submitted = self.at(age)
            if (age < 60 and rng.random() < 0.6) or rng.random() < 0.003 or age < 1:
                plans.append(Plan(submitted, "submitted"))
                continue
            status = choose(rng, {"accepted": 87, "declined": 10, "withdrawn": 3})
            plan = Plan(submitted, status, decided=self.after(submitted, 0.5, 10))
            if status == "accepted":
                self.plan_episode(plan)
            plans.append(plan)
        return plans

    def plan_episode(self, plan: Plan) -> None:
        rng = self.rng
        plan.opened = plan.decided
        days_open = (self.now - plan.opened).days
        if days_open < 30:
            table = {"waiting_assessment": 60, "assessed": 25, "waiting_intervention": 15}
        elif days_open < 120:
            table = {
                "waiting_intervention": 15,
                "in_intervention": 45,
                "stepped_up": 5,
                "stepped_down": 5,
                "referred_on": 5,
                "discharged": 25,
            }
        else:
            table = {
                "discharged": 88,
                "in_intervention": 8,
                "referred_on": 2,
                "waiting_intervention": 2,
            }
        status = plan.episode_status = choose(rng, table)
        if status != "waiting_assessment" or rng.random() < 0.5:
            plan.holder = choose(rng, self.holders)
        if status == "waiting_assessment":
            return
        plan.assessed = self.after(plan.opened, 3, 25)
        treated = status in ("in_intervention", "stepped_up", "stepped_down") or (
            status == "discharged" and rng.random() < 0.85
        )
        if treated:
            plan.started = self.after(plan.assessed, 7, 40)
            plan.weight = rng.lognormvariate(2.3, 0.5)
            if status != "discharged":  # still in treatment: sessions so far
                plan.weight = min(plan.weight, (self.now - plan.started).days / 7 + 1)

    def share_sessions(self, plans: list[Plan], pairs: int, heavy_sessions: int) -> None:
        """Give the session-measure pairs out over the treated episodes, in proportion to
        their weights, so that the total is exact; one episode of the clinician is heavy."""
        if heavy_sessions and self.heavy_episode_id is None:
            candidates = [
                p
                for p in plans
                if p.episode_status == "in_intervention" and p.holder == self.clinician.pk
            ]
            if candidates:
                heavy = min(candidates, key=lambda p: p.started)
                heavy.heavy, heavy.weight = True, 0.0
                heavy.sessions = min(heavy_sessions, pairs)
                pairs -= heavy.sessions
        treated = [p for p in plans if p.weight > 0]
        total = sum(p.weight for p in treated)
        running, given = 0.0, 0
        for plan in treated:
            running += plan.weight
            share = round(running * pairs / total) if total else 0
            plan.sessions, given = share - given, share

    # --- the rows ---

    def next_ids(self) -> dict:
        from django.db.models import Max

        from resiliencehub.episodes.models import Appointment, Episode
        from resiliencehub.records.models import (
            Client,
            MeasureResponse,
            Referral,
            RiskAlert,
            Screening,
        )

        models = {
            "client": Client,
            "referral": Referral,
            "screening": Screening,
            "response": MeasureResponse,
            "episode": Episode,
            "appointment": Appointment,
            "alert": RiskAlert,
        }
        return {
            name: (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
            for name, model in models.items()
        }

    def seed(self, cases: int, responses: int, heavy_sessions: int = 0) -> None:
        from django.db import transaction

        plans = self.plan(cases)
        screened = min(cases, responses // 2)
        self.share_sessions(plans, (responses - 2 * screened) // 2, heavy_sessions)
        self.ids = self.next_ids()
        first_client = self.ids["client"]
        for start in range(0, len(plans), CHUNK_CASES):
            rows = Rows()
            for index, plan in enumerate(plans[start : start + CHUNK_CASES], start):
                self.case(rows, plan, screen=index < screened)
            with transaction.atomic():
                rows.save(self.counts)
        self.dates_of_clients(first_client)

    def dates_of_clients(self, first_client: int) -> None:
        """`created_at` is auto_now_add: move it to the first referral, in one statement."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE intake_client SET created_at = (SELECT MIN(r.submitted_at) "
                "FROM intake_referral r WHERE r.client_id = intake_client.id) WHERE id >= %s",
                [first_client],
            )

    def take(self, name: str) -> int:
        value = self.ids[name]
        self.ids[name] += 1
        return value

    def reference(self) -> str:
        from resiliencehub.records.models import REFERENCE_ALPHABET, new_reference

        self.case_number += 1
        number = (self.case_number * 2_654_435_761) % 32**8
        chars = "".join(REFERENCE_ALPHABET[(number >> (5 * k)) & 31] for k in range(8))
        reference = f"RH-{chars[:4]}-{chars[4:]}"
        while reference in self.references:
            reference = new_reference()
        self.references.add(reference)
        return reference

    def case(self, rows: Rows, plan: Plan, screen: bool) -> None:
        from resiliencehub.core.crypto import email_lookup
        from resiliencehub.records.models import Client, Referral, ReferralStatusChange, Screening

        rng, hub = self.rng, self.hub
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        client_id, referral_id = self.take("client"), self.take("referral")
        email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{client_id}@example.org"
        rows.add(
            Client(
                id=client_id,
                hub=hub,
                full_name=f"{first} {last}",
                preferred_name=first[:3] if rng.random() < 0.1 else "",
                email=email,
                email_lookup=email_lookup(email),
                phone=f"07700 900{rng.randrange(1000):03d}",
                may_email=rng.random() < 0.8,
                may_text=rng.random() < 0.6,
                may_leave_voicemail=rng.random() < 0.5,
                employer=rng.choice(EMPLOYERS),
                research_consent=rng.random() < 0.4,
            )
        )
        sector = choose(rng, {name: weight for name, (weight, _) in SECTORS.items()})
        phq0 = max(0, min(27, round(rng.gauss(14, 6))))
        gad0 = max(0, min(21, round(phq0 * 0.75 + rng.gauss(0, 3))))
        item9 = choose(rng, {1: 2, 2: 1.2, 3: 0.8}) if rng.random() < 0.04 else 0
        phq = self.templates.phq9(rng, phq0, item9)
        gad = self.templates.gad7(rng, gad0)
        above = int(bool(phq["caseness"])) + int(bool(gad["caseness"]))
        risk = bool(phq["risk"]) if screen else False
        rows.add(
            Referral(
                id=referral_id,
                hub=hub,
                client_id=client_id,
                reference=self.reference(),
                status=plan.status,
                submitted_at=plan.submitted,
                returning=rng.random() < 0.05,
                sector=sector,
                staff_group=rng.choice(SECTORS[sector][1]),
                age_band=rng.choice(AGE_BANDS),
                critical_care=rng.random() < 0.05,
                has_risk=risk,
                domains_above_threshold=above if screen else None,
                first_assessed_at=plan.assessed,
            )
        )
        rows.add(
            ReferralStatusChange(
                referral_id=referral_id,
                from_status="",
                to_status="submitted",
                changed_at=plan.submitted,
                actor_label="system:public-journey",
            )
        )
        if plan.status != "submitted":
            rows.add(
                ReferralStatusChange(
                    referral_id=referral_id,
                    from_status="submitted",
                    to_status=plan.status,
                    changed_at=plan.decided,
                    changed_by_id=self.lead.pk,
                    actor_label=f"user:{self.lead.pk}",
                )
            )
        if screen:
            screening_id = self.take("screening")
            rows.add(
                Screening(
                    id=screening_id,
                    hub=hub,
                    client_id=client_id,
                    referral_id=referral_id,
                    kind="referral",
                    submitted_at=plan.submitted,
                    profile={"sector": sector},
                    has_risk=risk,
                    domains_above_threshold=above,
                )
            )
            for template in (phq, gad):
                self.response(
                    rows,
                    template,
                    plan.submitted,
                    client_id=client_id,
                    referral_id=referral_id,
                    screening_id=screening_id,
                )
        if plan.episode_status:
            self.episode(rows, plan, client_id, referral_id, phq0, gad0)

    def response(
        self,
        rows,
        template,
        when,
        *,
        client_id,
        referral_id,
        screening_id=None,
        entered_by=None,
    ) -> int:
        from resiliencehub.records.models import MeasureResponse

        response_id = self.take("response")
        rows.add(
            MeasureResponse(
                id=response_id,
                hub=self.hub,
                client_id=client_id,
                screening_id=screening_id,
                completed_at=when,
                source="client" if screening_id else "clinician",
                entered_by_id=entered_by,
                **template,
            )
        )
        if template["risk"]:
            self.alert(rows, template, when, client_id, referral_id, screening_id, response_id)
        return response_id

    def alert(self, rows, template, raised, client_id, referral_id, screening_id, response_id):
        from resiliencehub.records.models import RiskAlert, RiskAlertStatusChange

        rng = self.rng
        age = (self.now - raised).total_seconds() / 86400
        if age < 2:
            status = choose(rng, {"open": 80, "acknowledged": 15, "contacting": 5})
        elif age < 14:
            table = {"acknowledged": 10, "contacting": 10, "assessed": 20, "closed": 60}
            status = choose(rng, table)
        else:
            status = choose(rng, {"closed": 97, "acknowledged": 1.5, "assessed": 1.5})
        alert_id = self.take("alert")
        duty = self.duty.pk
        acknowledged = None if status == "open" else self.after(raised, 0.02, 0.25)
        closed = self.after(acknowledged, 1, 5) if status == "closed" else None
        rows.add(
            RiskAlert(
                id=alert_id,
                hub=self.hub,
                client_id=client_id,
                referral_id=referral_id,
                screening_id=screening_id,
                response_id=response_id,
                reason=self.templates.reasons[id(template)],
                raised_at=raised,
                status=status,
                acknowledged_at=acknowledged,
                acknowledged_by_id=duty if acknowledged else None,
                closed_at=closed,
            )
        )
        events = [("open", raised, None, "system:public-journey", "Raised by a risk answer.")]
        if acknowledged:
            events.append(("acknowledged", acknowledged, duty, f"user:{duty}", ""))
        if status in ("contacting", "assessed", "closed"):
            events.append(("contacting", acknowledged, duty, f"user:{duty}", ""))
        if status in ("assessed", "closed"):
            events.append(("assessed", acknowledged, duty, f"user:{duty}", ""))
        if closed:
            events.append(("closed", closed, duty, f"user:{duty}", "Risk assessed; plan agreed."))
        before = ""
        for event_status, when, actor, label, note in events:
            rows.add(
                RiskAlertStatusChange(
                    alert_id=alert_id,
                    from_status=before,
                    to_status=event_status,
                    changed_at=when,
                    changed_by_id=actor,
                    actor_label=label,
                    reason=note,
                )
            )
            before = event_status

    def episode(self, rows, plan: Plan, client_id, referral_id, phq0, gad0) -> None:
        from resiliencehub.episodes.models import (
            Allocation,
            Appointment,
            Episode,
            EpisodeStatusChange,
            SessionMeasure,
        )

        rng = self.rng
        episode_id = self.take("episode")
        status = plan.episode_status
        if plan.heavy:
            self.heavy_episode_id = episode_id
        pathway = ""
        if plan.assessed:
            pathway = rng.choice(PATHWAYS)
            if status == "stepped_up":
                pathway = "step_3"
            elif status == "stepped_down":
                pathway = "step_2"
            elif status == "referred_on":
                pathway = "onward_referral"
        # Weekly sessions from the start of treatment, squeezed to end before now.
        times = []
        if plan.sessions:
            room = (self.now - plan.started).total_seconds() / 86400 - 1
            step = min(7.0, room / (plan.sessions + 1))
            times = [
                plan.started + timedelta(days=step * k + rng.uniform(0, step * 0.2))
                for k in range(plan.sessions)
            ]
        started = times[0] if times else plan.started
        last = times[-1] if times else (started or plan.assessed)
        discharged = None
        if status == "discharged":
            discharged = self.after(last, 3, 21)
        allocated = self.after(plan.opened, 0, 3) if plan.holder else None
        # Session scores: from the screening baseline towards half of it, with noise.
        phq_end, gad_end = phq0 * rng.uniform(0.3, 1.0), gad0 * rng.uniform(0.3, 1.0)
        scores = []
        for k in range(len(times)):
            share = k / max(len(times) - 1, 1)
            phq = round(phq0 + (phq_end - phq0) * share + rng.gauss(0, 2))
            gad = round(gad0 + (gad_end - gad0) * share + rng.gauss(0, 2))
            scores.append((max(0, phq), max(0, gad)))
        outcome = {}
        if status == "discharged":
            outcome = self.outcome(phq0, gad0, scores)
        rows.add(
            Episode(
                id=episode_id,
                hub=self.hub,
                client_id=client_id,
                referral_id=referral_id,
                status=status,
                opened_at=plan.opened,
                case_holder_id=plan.holder,
                allocated_at=allocated,
                pathway=pathway,
                first_assessed_at=plan.assessed,
                first_intervention_at=started,
                discharged_at=discharged,
                discharge_reason=choose(
                    rng, {"completed": 70, "client_ended": 15, "no_contact": 15}
                )
                if discharged
                else "",
                **outcome,
            )
        )
        chain = [("", "waiting_assessment", plan.opened, "Referral accepted")]
        if plan.assessed:
            chain.append(("waiting_assessment", "assessed", plan.assessed, ""))
            previous = "assessed"
            if status not in ("assessed", "referred_on") and (started or status != "discharged"):
                chain.append(("assessed", "waiting_intervention", plan.assessed, ""))
                previous = "waiting_intervention"
            if started:
                chain.append((previous, "in_intervention", started, "Treatment session attended"))
                previous = "in_intervention"
            if status in ("stepped_up", "stepped_down", "referred_on"):
                chain.append((previous, status, self.after(last, 1, 14), ""))
            if discharged:
                chain.append((previous, "discharged", discharged, "Goals reviewed at the end"))
        for from_status, to_status, when, reason in chain:
            rows.add(
                EpisodeStatusChange(
                    episode_id=episode_id,
                    from_status=from_status,
                    to_status=to_status,
                    pathway=pathway
                    if to_status in ("waiting_intervention", "in_intervention")
                    else "",
                    changed_at=when,
                    changed_by_id=self.lead.pk,
                    actor_label=f"user:{self.lead.pk}",
                    reason=reason,
                )
            )
        if plan.holder:
            rows.add(
                Allocation(
                    episode_id=episode_id,
                    case_holder_id=plan.holder,
                    allocated_at=allocated,
                    allocated_by_id=self.lead.pk,
                    actor_label=f"user:{self.lead.pk}",
                )
            )
        for k, (when, (phq, gad)) in enumerate(zip(times, scores, strict=True)):
            appointment_id = self.take("appointment")
            rows.add(
                Appointment(
                    id=appointment_id,
                    hub=self.hub,
                    episode_id=episode_id,
                    clinician_id=plan.holder,
                    starts_at=when,
                    duration_minutes=50,
                    kind="treatment",
                    mode="virtual" if rng.random() < 0.7 else "face_to_face",
                    is_evening=when.hour >= 17,
                    status="attended",
                    booked_at=when - timedelta(days=7),
                    booked_by_id=self.admin.pk,
                    outcome_recorded_at=when + timedelta(hours=1),
                )
            )
            item9 = choose(rng, {1: 3, 2: 1}) if rng.random() < 0.003 else 0
            closing = discharged is not None and k == len(times) - 1
            for template in (self.templates.phq9(rng, phq, item9), self.templates.gad7(rng, gad)):
                response_id = self.response(
                    rows,
                    template,
                    when,
                    client_id=client_id,
                    referral_id=referral_id,
                    entered_by=plan.holder,
                )
                rows.add(
                    SessionMeasure(
                        hub=self.hub,
                        episode_id=episode_id,
                        response_id=response_id,
                        appointment_id=appointment_id,
                        stage="closing" if closing else "session",
                    )
                )

    @staticmethod
    def outcome(phq0: int, gad0: int, scores: list) -> dict:
        """NHS Talking Therapies-style flags from the first and last scores (approximate)."""
        if len(scores) < 2:
            return {
                "treatment_sessions": len(scores),
                "finished_treatment": False,
                "outcome_note": "Fewer than two treatment sessions.",
            }
        phq1, gad1 = scores[-1]
        caseness = phq0 >= 10 or gad0 >= 8
        recovery = caseness and phq1 < 10 and gad1 < 8
        improved = phq0 - phq1 >= 6 or gad0 - gad1 >= 4
        worse = phq1 - phq0 >= 6 or gad1 - gad0 >= 4
        return {
            "treatment_sessions": len(scores),
            "finished_treatment": True,
            "caseness_at_start": caseness,
            "recovery": recovery if caseness else None,
            "reliable_improvement": improved and not worse,
            "reliable_deterioration": worse and not improved,
            "reliable_recovery": (recovery and improved and not worse) if caseness else None,
        }


class Rows:
    """Unsaved rows of one chunk of cases, saved model by model in dependency order."""

    def __init__(self):
        self.by_model: dict[type, list] = {}

    def add(self, obj) -> None:
        self.by_model.setdefault(type(obj), []).append(obj)

    def save(self, counts: dict) -> None:
        for model, objs in self.by_model.items():  # insertion order follows the FKs
            for start in range(0, len(objs), BATCH):
                model.objects.bulk_create(objs[start : start + BATCH])
            counts[model.__name__] = counts.get(model.__name__, 0) + len(objs)


# --- signing in and measuring -------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class StaffSession:
    """One signed-in browser stand-in: the real sign-in form, then the security code."""

    def __init__(self, base_url: str, username: str):
        from resiliencehub.nonprod.demo import DEMO_PASSWORD

        client = JourneyClient(base_url)
        client.get("/accounts/sign-in/")
        client.submit({"username": username, "password": DEMO_PASSWORD})
        if "/accounts/security-code/" not in (client.url or ""):
            raise RuntimeError(f"sign-in as {username} did not reach the code page: {client.url}")
        client.submit({"code": demo_code()})
        if "/accounts/" in (client.url or ""):
            raise RuntimeError(f"security code for {username} refused: {client.url}")
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(client.jar), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, int]:
        """(status, bytes) of one GET, redirects not followed."""
        try:
            with self.opener.open(self.base_url + path, timeout=120) as response:
                return response.status, len(response.read())
        except urllib.error.HTTPError as error:
            return error.code, 0


def demo_code() -> str:
    from django.conf import settings

    return settings.DEMO_MFA_CODE


def load(sessions: list[StaffSession], path: str, count: int) -> tuple[list[float], int, int]:
    """`count` GETs of `path` spread over the sessions' threads: (latencies, non-200, size)."""
    latencies: list[float] = []
    bad = 0
    size = 0
    lock = threading.Lock()
    barrier = threading.Barrier(len(sessions))
    per_session = math.ceil(count / len(sessions))

    def worker(session: StaffSession):
        nonlocal bad, size
        mine, errors = [], 0
        barrier.wait()
        for _ in range(per_session):
            started = time.perf_counter()
            status, length = session.get(path)
            mine.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
            else:
                size = length
        with lock:
            latencies.extend(mine)
            bad += errors

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, bad, size


def count_queries(pages: list[Page], users: dict) -> dict[str, tuple]:
    """Per page: (status, query count, the queries, seconds) of one GET in-process, alone,
    after one warm-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp import DEVICE_ID_SESSION_KEY

    from resiliencehub.accounts.middleware import SIGNED_IN_AT
    from resiliencehub.nonprod.models import DemoDevice

    clients = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = DemoDevice.objects.get(user=user).persistent_id
        session[SIGNED_IN_AT] = time.time()
        session.save()
        clients[role] = client
    counted = {}
    for page in pages:
        client = clients[page.role]
        client.get(page.path)
        began = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        elapsed = time.perf_counter() - began
        counted[page.name] = (
            response.status_code,
            len(queries),
            list(queries.captured_queries),
            elapsed,
        )
    return counted


def heavy_episode(seeder: Seeder):
    from resiliencehub.episodes.models import Episode

    if seeder.heavy_episode_id:
        return Episode.objects.get(pk=seeder.heavy_episode_id)
    return (
        Episode.objects.filter(hub=seeder.hub, case_holder=seeder.clinician)
        .exclude(status="discharged")
        .order_by("opened_at")
        .first()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--responses", type=int, default=2_000_000)
    parser.add_argument(
        "--small-cases", type=int, default=1000, help="query counts are also taken here"
    )
    parser.add_argument("--small-responses", type=int, default=20_000)
    parser.add_argument("--heavy-sessions", type=int, default=60, help="on the record pages")
    parser.add_argument("--requests", type=int, default=40, help="per page, after 3 warm-ups")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (2×cores+1)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE after seeding")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    args = parser.parse_args()

    server = BenchServer(workers=args.workers)
    # A SQLite file of our own in the temporary directory, whatever the environment says.
    server.env["SQLITE_PATH"] = str(server.tmp / "db.sqlite3")
    try:
        started = time.perf_counter()
        server.prepare()
        print(f"Database: {server.env['SQLITE_PATH']} (migrate + load_demo", end="")
        print(f" {time.perf_counter() - started:.0f} s)")
        setup_django(server)
        from django.db import connection, connections

        seeder = Seeder(args.seed)
        users = {"lead": seeder.lead, "clinician": seeder.clinician}
        small = 0 < args.small_cases < args.cases
        steps = [(args.cases, args.responses)]
        if small:
            small_responses = min(args.small_responses, args.responses)
            steps = [
                (args.small_cases, small_responses),
                (args.cases - args.small_cases, args.responses - small_responses),
            ]
        counts = {}
        seeding = 0.0
        for number, (cases, responses) in enumerate(steps):
            began = time.perf_counter()
            seeder.seed(cases, responses, heavy_sessions=args.heavy_sessions if not number else 0)
            seeding += time.perf_counter() - began
            size = "small" if small and number == 0 else "full"
            if size == "full":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                    if args.analyze:
                        cursor.execute("ANALYZE")
            rows = seeder.counts
            print(
                f"Seeded ({size}): {rows.get('Client', 0):,} cases, "
                f"{rows.get('MeasureResponse', 0):,} responses in {seeding:.0f} s so far"
            )
            heavy = heavy_episode(seeder)
            pages = pages_for(heavy)
            counts[size] = count_queries(pages, users)
        print(f"Seeding time: {seeding:.0f} s")
        print("Rows written: " + ", ".join(f"{m} {n:,}" for m, n in seeder.counts.items()))
        from resiliencehub.episodes.models import Episode, SessionMeasure

        open_episodes = Episode.objects.filter(hub=seeder.hub).exclude(status="discharged")
        print(
            f"Open episodes {open_episodes.count():,}; the clinician's caseload "
            f"{open_episodes.filter(case_holder=seeder.clinician).count():,}; heavy episode "
            f"{heavy.pk} with {SessionMeasure.objects.filter(episode=heavy).count()} measures"
        )
        database = Path(server.env["SQLITE_PATH"])
        print(f"Database size: {database.stat().st_size / 2**20:,.0f} MB")
        connections.close_all()

        server.start()
        print(f"Server: gunicorn, {args.workers} sync workers, {server.base_url}")
        sessions = {
            role: [StaffSession(server.base_url, user.username) for _ in range(args.clients)]
            for role, user in users.items()
        }
        results = []
        for page in pages:
            for _ in range(WARMUPS):
                sessions[page.role][0].get(page.path)
            latencies, bad, size = load(sessions[page.role], page.path, args.requests)
            results.append((page, latencies, bad, size))

        full = counts["full"]
        small_counts = counts.get("small", {})
        print(
            f"\n{args.cases:,} cases / {seeder.counts.get('MeasureResponse', 0):,} responses; "
            f"{len(results[0][1])} GETs a page, {args.clients} concurrent clients\n"
        )
        print(
            f"{'page':<28}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'non-200':>8}{'KB':>6}"
            f"{'alone ms':>9}{'queries small':>14}{'full':>6}"
        )
        slow = []
        for page, latencies, bad, size in results:
            p95 = percentile(latencies, 95) * 1000
            queries_small = small_counts.get(page.name, (0, "-"))[1]
            status, queries_full, _, alone = full[page.name]
            flag = f" (HTTP {status} in-process)" if status != 200 else ""
            print(
                f"{page.name:<28}{statistics.median(latencies) * 1000:>8.0f}{p95:>8.0f}"
                f"{max(latencies) * 1000:>8.0f}{bad:>8}{size / 1024:>6.0f}{alone * 1000:>9.0f}"
                f"{queries_small:>14}{queries_full:>6}{flag}"
            )
            if p95 >= GOAL_MS:
                slow.append(page)
        constant = all(
            small_counts.get(name, (0, n))[1] == n for name, (_, n, _, _) in full.items()
        )
        print(
            f"\nEvery p95 < {GOAL_MS} ms (goal): {'yes' if not slow else 'no'}"
            + (f" — over: {', '.join(p.name for p in slow)}" if slow else "")
        )
        if small_counts:
            print(f"Query counts equal at both sizes (no N+1): {'yes' if constant else 'no'}")
        for page in slow:
            queries = sorted(full[page.name][2], key=lambda q: -float(q["time"]))[:2]
            print(f"\nSlowest queries in-process, {page.name}:")
            for query in queries:
                print(f"  {float(query['time']) * 1000:.0f} ms  {query['sql'][:400]}")
        rss = server.rss_mb()
        print(f"\ngunicorn RSS per process: {', '.join(f'{r:.0f}' for r in rss)} MB")
    finally:
        server.kill()
        if not args.keep:
            shutil.rmtree(server.tmp, ignore_errors=True)
        else:
            print(f"Kept {server.tmp}")


if __name__ == "__main__":
    main()
