"""Synthetic clients at every stage of the clinical journey, for each demo hub.

Everything is fictional: names, employers, notes; phone numbers are Ofcom drama
numbers and email addresses use example.org. Records are written through the intake,
triage and episodes services (encrypted, audited, with status rows), acting as the demo
staff; timestamps are then moved into the past so that waits and charts look real.

Loading is idempotent per hub: a hub whose service directory already has entries is
taken to be loaded.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from resiliencehub.accounts.models import User
from resiliencehub.accounts.roles import Role
from resiliencehub.audit.services import Auditor
from resiliencehub.episodes import assessments as episode_assessments
from resiliencehub.episodes import services as episodes
from resiliencehub.episodes.models import (
    Episode,
    EpisodeStatus,
    EpisodeStatusChange,
    MeasureStage,
    OnwardReferral,
)
from resiliencehub.hub.models import Hub, Pathway, ScreeningMode
from resiliencehub.records import services as record_services
from resiliencehub.records.measures import measure_response_record
from resiliencehub.records.models import (
    BreakGlass,
    Client,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
    ResponseSource,
    RiskAlert,
    RiskAlertStatusChange,
    Screening,
    ScreeningKind,
)
from resiliencehub.records.referrals import REFERRAL, referral_transition
from resiliencehub.triage import services as triage

SYSTEM = Auditor.system("load_demo")

DIRECTORY = [
    (
        "NHS Talking Therapies (local service)",
        "talking_therapies",
        "Self-referral online or 0113 496 0100",
        "Adults registered with a GP in the region.",
    ),
    (
        "Community Mental Health Team",
        "cmht",
        "Referral by letter to the team's single point of access, 0113 496 0200",
        "Severe and enduring difficulties; GP or hub referral.",
    ),
    (
        "Cruse Bereavement Support (local branch)",
        "bereavement",
        "0113 496 0300",
        "Anyone bereaved; waiting list about 4 weeks.",
    ),
    (
        "Occupational Health",
        "occupational_health",
        "Via the employer's occupational health portal",
        "Employees of the host trust; needs the client's agreement to contact the employer.",
    ),
    (
        "Employee Assistance Programme",
        "employee_assistance",
        "Freephone 0808 157 0001",
        "Staff whose employer subscribes; six sessions.",
    ),
    (
        "Frontline Walk and Talk (charity)",
        "charity",
        "hello@walkandtalk.example.org",
        "Health and care staff; weekly group walks.",
    ),
    (
        "Community Allotment Project",
        "pastoral",
        "0113 496 0400",
        "Open to all; Saturday mornings.",
    ),
]


@dataclass(frozen=True)
class Person:
    name: str
    preferred: str
    sector: str
    staff_group: str
    age_band: str


PEOPLE = [
    Person("Amara Okafor", "Amara", "nhs", "Nursing and midwifery", "25-to-34"),
    Person("Ben Hartley", "", "ambulance", "Paramedic", "35-to-44"),
    Person("Carys Llewellyn", "", "social_care", "Care worker", "45-to-54"),
    Person("Dev Patel", "Dev", "nhs", "Medical and dental", "25-to-34"),
    Person("Elena Kowalska", "", "nhs", "Allied health professional", "35-to-44"),
    Person("Femi Adeyemi", "", "social_care", "Registered manager", "45-to-54"),
    Person("Grace O'Neill", "", "nhs", "Healthcare assistant", "18-to-24"),
    Person("Hamza Iqbal", "", "nhs", "Porter", "35-to-44"),
    Person("Isla McKenzie", "", "nhs", "Nursing and midwifery", "55-to-64"),
    Person("Jonah Fischer", "Jo", "third_sector", "Hospice support worker", "25-to-34"),
    Person("Kemi Balogun", "", "nhs", "Critical care nurse", "35-to-44"),
    Person("Liam Byrne", "", "fire", "Firefighter", "45-to-54"),
    Person("Maya Thompson", "", "nhs", "Pharmacist", "25-to-34"),
    Person("Nadia Rahman", "", "social_care", "Care home nurse", "35-to-44"),
    Person("Owen Price", "", "nhs", "Estates and facilities", "55-to-64"),
    Person("Priti Shah", "", "nhs", "Administrative and clerical", "45-to-54"),
]


def _answers(total: int, items: int, risk_item: int | None = None) -> dict:
    """Answers 0–3 adding up to `total`; the last item (PHQ-9 item 9) only if asked."""
    answers = dict.fromkeys(range(1, items + 1), 0)
    scored = list(range(1, items + 1 if risk_item is None else items))
    left = total - (risk_item or 0)
    for number in scored:
        answers[number] = min(3, left)
        left -= answers[number]
    if risk_item is not None:
        answers[items] = risk_item
    return answers


def phq9(total: int, item9: int = 0) -> dict:
    return _answers(total, 9, item9) if item9 else _answers(total, 9, 0)


def gad7(total: int) -> dict:
    return _answers(total, 7)


class Loader:
    def __init__(self, hub: Hub, now: datetime):
        self.hub = hub
        self.now = now
        self.people = iter(PEOPLE)
        self.count = 0
        self.users = {
            role: User.objects.get(username=f"{hub.slug}-{role.value.replace('_', '-')}")
            for role in Role
        }
        self.pathways = {p.pathway: p for p in hub.pathways.all()}

    def who(self, role: Role) -> Auditor:
        user = self.users[role]
        return Auditor(actor=user, actor_label=f"user:{user.pk}")

    def ago(self, days: float = 0, hours: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def pathway(self, *preferred):
        for name in preferred:
            if name in self.pathways:
                return self.pathways[name]
        return next(iter(self.pathways.values()))

    # --- clients and referrals ------------------------------------------------------------

    def referral(self, days_ago: float, *, screened=True, phq=12, gad=10, item9=0):
        person = next(self.people)
        self.count += 1
        number = f"{(self.hub.pk * 20 + self.count) % 1000:03d}"
        client = Client.objects.create(
            hub=self.hub,
            full_name=person.name,
            preferred_name=person.preferred,
            email=f"{person.name.split()[0].lower()}.{self.hub.slug}@example.org",
            phone=f"07700 900{number}",
            may_email=True,
            may_text=True,
            may_leave_voicemail=self.count % 2 == 0,
            employer="Fictional Health and Care Partnership",
            # Most agree to be followed up (the follow-up schedule plans their waves).
            follow_up_consent=self.count % 4 != 0,
        )
        submitted = self.ago(days_ago)
        referral = Referral.objects.create(
            hub=self.hub,
            client=client,
            submitted_at=submitted,
            sector=person.sector,
            staff_group=person.staff_group,
            age_band=person.age_band,
            critical_care="critical" in person.staff_group.lower(),
        )
        REFERRAL.first_row(referral, auditor=SYSTEM, at=referral.submitted_at)
        if screened:
            self.screen(referral, submitted, phq=phq, gad=gad, item9=item9)
        referral.refresh_from_db()
        return referral

    def screen(self, referral, when, *, phq, gad, item9=0):
        kind = (
            ScreeningKind.PRE_ASSESSMENT
            if self.hub.screening_mode == ScreeningMode.REFERRAL_FIRST
            else ScreeningKind.REFERRAL
        )
        screening = Screening.objects.create(
            hub=self.hub,
            client=referral.client,
            referral=referral,
            kind=kind,
            submitted_at=when,
            profile={"sector": referral.sector},
        )
        public = Auditor.system("public-journey")
        results = [
            measure_response_record(
                self.hub,
                "PHQ-9",
                phq9(phq, item9),
                auditor=public,
                source=ResponseSource.CLIENT,
                client=referral.client,
                screening=screening,
                referral=referral,
                completed_at=when,
            ),
            measure_response_record(
                self.hub,
                "GAD-7",
                gad7(gad),
                auditor=public,
                source=ResponseSource.CLIENT,
                client=referral.client,
                screening=screening,
                referral=referral,
                completed_at=when,
            ),
        ]
        above = sum(1 for r in results if r.response.caseness)
        risk = any(r.response.risk for r in results)
        Screening.objects.filter(pk=screening.pk).update(
            domains_above_threshold=above, has_risk=risk
        )
        Referral.objects.filter(pk=referral.pk).update(domains_above_threshold=above, has_risk=risk)
        # Alerts raised by the answers carry the time the answers were given.
        for result in results:
            if result.alert is not None:
                RiskAlert.objects.filter(pk=result.alert.pk).update(raised_at=when)
                RiskAlertStatusChange.objects.filter(alert=result.alert).update(changed_at=when)
        return results

    def accept(self, referral, case_holder: Role | None, days_after: float = 2):
        accepted_at = referral.submitted_at + timedelta(days=days_after)
        referral_transition(referral, ReferralStatus.ACCEPTED, auditor=self.who(Role.CLINICAL_LEAD))
        episode = episodes.episode_open(referral, auditor=self.who(Role.CLINICAL_LEAD))
        ReferralStatusChange.objects.filter(
            referral=referral, to_status=ReferralStatus.ACCEPTED
        ).update(changed_at=accepted_at)
        Episode.objects.filter(pk=episode.pk).update(opened_at=accepted_at)
        EpisodeStatusChange.objects.filter(episode=episode).update(changed_at=accepted_at)
        if case_holder is not None:
            episodes.episode_allocate(
                episode, self.users[case_holder], auditor=self.who(Role.CLINICAL_LEAD)
            )
        episode.refresh_from_db()
        return episode

    def assess(self, episode, holder: Role, days_ago: float, pathway, *, brief=False):
        kind = "brief" if brief else "in_depth"
        return episode_assessments.assessment_record(
            episode,
            kind=kind,
            assessed_at=self.ago(days_ago),
            duration_minutes=45 if brief else 90,
            mode="virtual",
            summary=(
                "Low mood and broken sleep since a run of night shifts during which two "
                "patients she had cared for died. Still working; avoiding the ward's "
                "relatives' room. No thoughts of harming herself at assessment."
            ),
            outcome="plan",
            plan_pathway=pathway,
            plan_notes="Agreed to start with weekly sessions; review at session 6.",
            formulation={
                "presenting_difficulties": "Low mood, intrusive memories of two deaths, "
                "poor sleep, withdrawing from colleagues.",
                "predisposing": "High personal standards; earlier bereavement (father, 2018).",
                "precipitating": "Two patient deaths on consecutive night shifts.",
                "perpetuating": "Avoidance of reminders; working extra shifts; no breaks.",
                "protective": "Close partner; a supportive ward manager.",
                "strengths": "Insightful; motivated; has used CBT skills before.",
                "goals": "Sleep through the night; go back into the relatives' room; "
                "feel part of the team again.",
            },
            auditor=self.who(holder),
        )

    def session(self, episode, holder: Role, days_ago: float, status="attended", evening=False):
        starts = self.ago(days_ago).replace(hour=18 if evening else 10, minute=0)
        appointment = episodes.appointment_book(
            episode,
            clinician=self.users[holder],
            starts_at=starts,
            duration_minutes=50,
            kind="treatment",
            mode="virtual" if days_ago % 2 else "face_to_face",
            joining_details="We will call you on your mobile at the time of the appointment."
            if days_ago % 2
            else "",
            auditor=self.who(Role.ADMINISTRATOR),
        )
        if status != "booked":
            episodes.appointment_outcome_record(appointment, status, auditor=self.who(holder))
        return appointment

    def measures(self, episode, holder: Role, days_ago: float, phq, gad, stage="session"):
        for instrument, answers in (("PHQ-9", phq9(phq)), ("GAD-7", gad7(gad))):
            episodes.session_measure_record(
                episode,
                instrument,
                answers,
                stage=stage,
                auditor=self.who(holder),
                completed_at=self.ago(days_ago),
            )

    # --- the stages -----------------------------------------------------------------------

    def load(self):
        hub, who = self.hub, self.who
        for name, kind, contact, eligibility in DIRECTORY:
            episodes.directory_service_save(
                hub,
                auditor=SYSTEM,
                name=name,
                kind=kind,
                contact=contact,
                eligibility_notes=eligibility,
                is_active=True,
            )
        services = list(hub.directory_services.all())

        # 1. New referrals on the worklist, oldest first, one with a risk answer.
        referral_first = hub.screening_mode == ScreeningMode.REFERRAL_FIRST
        self.referral(9, screened=not referral_first, phq=8, gad=6)
        self.referral(4, screened=not referral_first, phq=15, gad=13)
        self.referral(1, screened=not referral_first, phq=6, gad=9)
        if referral_first:
            waiting = self.referral(6, screened=False)
            from resiliencehub.intake.handoff import questionnaire_invitation_send

            questionnaire_invitation_send(waiting, auditor=who(Role.ADMINISTRATOR))

        # 2. Risk alerts: one overdue and unacknowledged; one being contacted; one assessed.
        self.referral(4, phq=19, gad=15, item9=2)  # four days: overdue whatever the weekday
        contacting = self.referral(0.2, phq=14, item9=1)
        alert = RiskAlert.objects.filter(referral=contacting).first()
        triage.alert_acknowledge(alert, auditor=who(Role.DUTY_CLINICIAN))
        triage.contact_attempt_record(
            alert,
            attempted_at=self.ago(hours=1),
            method="phone",
            outcome="left_message",
            note="Voicemail allowed: left my name and the hub's number only.",
            auditor=who(Role.DUTY_CLINICIAN),
        )
        assessed = self.referral(1.5, phq=17, gad=12, item9=1)
        alert = RiskAlert.objects.filter(referral=assessed).first()
        triage.alert_acknowledge(alert, auditor=who(Role.DUTY_CLINICIAN))
        triage.contact_attempt_record(
            alert,
            attempted_at=self.ago(1.4),
            method="phone",
            outcome="spoke",
            auditor=who(Role.DUTY_CLINICIAN),
        )
        triage.risk_assessment_record(
            alert,
            auditor=who(Role.DUTY_CLINICIAN),
            thoughts="Fleeting thoughts of not wanting to wake up after bad shifts, a few "
            "times a week.",
            intent="None: 'I would never do that to my kids.'",
            plan="None.",
            means="No stockpiled medication; works with controlled drugs at work.",
            protective_factors="Two children; partner at home; wants help.",
            level="moderate",
            actions=["safety_plan", "crisis_lines", "hub_follow_up"],
            actions_note="Safety plan agreed by phone. Hub assessment offered within a week.",
        )

        # 3. Accepted, waiting for assessment: one not yet allocated, one with the clinician.
        self.accept(self.referral(12), None)
        self.accept(self.referral(10, phq=16, gad=14), Role.CLINICIAN)

        # 4. Assessed, waiting for low-intensity work with the practitioner.
        step2 = self.pathway(Pathway.STEP_2, Pathway.GUIDED_SELF_HELP, Pathway.SELF_HELP)
        episode = self.accept(self.referral(30, phq=11, gad=10), Role.PRACTITIONER)
        brief = hub.assessment_model == "two_stage"
        self.assess(
            episode, Role.CLINICIAN if not brief else Role.PRACTITIONER, 20, step2, brief=brief
        )

        # 5. In high-intensity therapy with the clinician: sessions, notes, measures.
        step3 = self.pathway(Pathway.STEP_3, Pathway.STEP_2)
        episode = self.accept(self.referral(70, phq=18, gad=15), Role.CLINICIAN)
        self.assess(episode, Role.CLINICIAN, 60, step3)
        for days, phq, gad in ((49, 17, 14), (42, 15, 13), (35, 13, 11), (28, 11, 9)):
            appointment = self.session(episode, Role.CLINICIAN, days, evening=days == 35)
            self.measures(episode, Role.CLINICIAN, days, phq, gad)
            episodes.session_note_add(
                episode,
                text="Reviewed sleep diary; practised grounding for intrusive memories. "
                "Homework: one planned break per shift.",
                appointment=appointment,
                auditor=who(Role.CLINICIAN),
            )
        self.session(episode, Role.CLINICIAN, 21, status="did_not_attend")
        self.session(episode, Role.CLINICIAN, -3, status="booked", evening=True)
        episodes.supervision_note_add(
            episode,
            text="Discussed pacing of trauma work and the client's return to the relatives' "
            "room. Plan: graded exposure from session 6.",
            auditor=who(Role.CLINICAL_LEAD),
        )

        # 6. Stepped up from low intensity to high intensity.
        episode = self.accept(self.referral(80, phq=14, gad=11), Role.CLINICIAN)
        self.assess(episode, Role.CLINICIAN, 75, step2)
        for days in (60, 53, 46):
            self.session(episode, Role.CLINICIAN, days)
        self.measures(episode, Role.CLINICIAN, 46, 16, 12)
        if step3 != step2:
            episodes.episode_transition(
                episode,
                EpisodeStatus.STEPPED_UP,
                pathway=step3,
                reason="No change after three low-intensity sessions; trauma symptoms.",
                auditor=who(Role.CLINICIAN),
            )

        # 7. Referred on, with a facilitated letter.
        episode = self.accept(self.referral(50, phq=20, gad=16), Role.CLINICIAN)
        onward_pathway = self.pathway(Pathway.ONWARD_REFERRAL, Pathway.STEP_3)
        self.assess(episode, Role.CLINICIAN, 40, onward_pathway)
        onward = episodes.onward_referral_send(
            episode,
            service=services[1],
            consent_given=True,
            shared_items=["assessment_summary", "difficulties", "goals", "scores", "risk"],
            advocacy_contact="Sam Team-Leader, duty worker, 0113 496 0201",
            message="We would be grateful if you could see her soon: she is keen to engage.",
            auditor=who(Role.CLINICIAN),
        )
        episodes.onward_referral_transition(
            onward,
            "accepted",
            reason="Offered an assessment next week.",
            auditor=who(Role.CLINICIAN),
        )
        OnwardReferral.objects.filter(pk=onward.pk).update(
            sent_at=self.ago(35), consent_recorded_at=self.ago(35)
        )

        # 8. Discharged, recovered, with outcome flags.
        episode = self.accept(self.referral(120, phq=16, gad=13), Role.CLINICIAN)
        self.assess(episode, Role.CLINICIAN, 110, step3)
        for days, phq, gad in ((100, 15, 12), (93, 12, 10), (86, 9, 8), (79, 7, 6)):
            self.session(episode, Role.CLINICIAN, days)
            self.measures(episode, Role.CLINICIAN, days, phq, gad)
        self.measures(episode, Role.CLINICIAN, 72, 5, 4, stage=MeasureStage.CLOSING)
        episodes.episode_discharge(
            episode,
            reason="completed",
            note="Goals met; relapse-prevention plan agreed.",
            auditor=who(Role.CLINICIAN),
        )
        Episode.objects.filter(pk=episode.pk).update(discharged_at=self.ago(72))

        # 9. A group, if the hub runs groups.
        if Pathway.GROUP in self.pathways:
            programme = episodes.group_programme_create(
                hub,
                name="Bereavement support group",
                description="Six fortnightly sessions for staff bereaved during the pandemic.",
                facilitator=self.users[Role.CLINICIAN],
                auditor=who(Role.CLINICAL_LEAD),
            )
            member = self.accept(self.referral(40, phq=13, gad=9), Role.CLINICIAN)
            self.assess(member, Role.CLINICIAN, 35, self.pathways[Pathway.GROUP])
            episodes.group_member_add(programme, member, auditor=who(Role.CLINICIAN))
            for days in (28, 14, -14):
                session = episodes.group_session_add(
                    programme,
                    starts_at=self.ago(days).replace(hour=17, minute=30),
                    mode="virtual",
                    auditor=who(Role.CLINICIAN),
                )
                if days > 0:
                    m = programme.members.get(episode=member)
                    episodes.group_attendance_record(
                        session, {m.pk: "attended"}, auditor=who(Role.CLINICIAN)
                    )

        # 10. A colleague as a client: the administrator has a conflict of interest.
        colleague = self.accept(self.referral(8, phq=12, gad=11), None)
        record_services.conflict_record(
            colleague.client,
            staff=self.users[Role.ADMINISTRATOR],
            reason="Works in the same office as the client.",
            auditor=who(Role.CLINICAL_LEAD),
        )
        glass = record_services.break_glass_open(
            colleague.client,
            user=self.users[Role.ADMINISTRATOR],
            reason="Client phoned to rearrange and no one else was in the office.",
            auditor=who(Role.ADMINISTRATOR),
        )
        BreakGlass.objects.filter(pk=glass.pk).update(
            opened_at=self.ago(2), expires_at=self.ago(2) + timedelta(hours=1)
        )


def load_demo_clinical(hubs) -> None:
    """Synthetic clients at every stage for each hub not yet loaded."""
    now = timezone.now()
    for hub in hubs:
        if hub.directory_services.exists():
            continue
        with transaction.atomic():
            Loader(hub, now).load()
