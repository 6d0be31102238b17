"""A hub's configuration: everything one hub does differently from another, as data.

Sites A–D of the service-mapping paper (seed 002, Tables 2–6) are four rows of these
models loaded from versioned files; a fifth hub is a fifth file or an admin form.
"""

from datetime import date, time
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


class ScreeningMode(models.TextChoices):
    SELF_ASSESSMENT_FIRST = "self_assessment_first", "Self-assessment first"
    REFERRAL_FIRST = "referral_first", "Referral first"
    SCREENING_IN_REFERRAL = "screening_in_referral", "Screening within referral, feedback by email"


class AssessmentModel(models.TextChoices):
    TWO_STAGE = "two_stage", "Two-stage: shorter assessment, then in-depth if indicated"
    IN_DEPTH = "in_depth", "In-depth assessment as standard"


class SupportEmphasis(models.TextChoices):
    IN_HOUSE = "in_house", "Mostly in-house therapy"
    ONWARD = "onward", "Mostly onward referral"


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    SOCIAL_CARE = "social_care", "Social care"
    THIRD_SECTOR = "third_sector", "Third sector (including private health and care)"
    VCSE = "vcse", "Voluntary, community or social enterprise (VCSE)"
    AMBULANCE = "ambulance", "Ambulance service"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue service"
    EDUCATION = "education", "Education"


class FamilyEligibility(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", "Family members are not in scope"
    IMMEDIATE_IN_REGION = (
        "immediate_in_region",
        "Immediate family (including in-laws) in the region",
    )
    IMMEDIATE_OR_CHOSEN_ANYWHERE = (
        "immediate_or_chosen_anywhere",
        "Immediate and chosen family, living anywhere",
    )


class SectorStatus(models.TextChoices):
    IN_SCOPE = "in_scope", "In scope"
    CONDITIONAL = "conditional", "In scope if a condition is met"
    NOT_IN_SCOPE = "not_in_scope", "Not in scope"


class Pathway(models.TextChoices):
    SELF_HELP = "self_help", "Self-help and psychoeducation"
    GUIDED_SELF_HELP = "guided_self_help", "Guided self-help"
    STEP_2 = "step_2", "Low-intensity support (Step 2)"
    STEP_3 = "step_3", "High-intensity therapy (Step 3)"
    STEP_4 = "step_4", "High-intensity therapy (Step 4)"
    GROUP = "group", "Group therapy"
    PHARMACOLOGICAL = "pharmacological", "Pharmacological advice"
    PASTORAL = "pastoral", "Pastoral pathway"
    ONWARD_REFERRAL = "onward_referral", "Onward referral"


class MeasurePurpose(models.TextChoices):
    SCREENING = "screening", "Screening"
    FOLLOW_UP = "follow_up", "Follow-up"
    SESSION = "session", "Session measure"


class Hub(models.Model):
    slug = models.SlugField(unique=True, help_text="Used in web addresses, e.g. site-a.")
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=200, help_text="The area whose staff the hub serves.")
    host_organisation = models.CharField(max_length=200, blank=True)
    summary = models.TextField(help_text="What the hub offers, in a few plain sentences.")
    opened_on = models.DateField(help_text="The first day anyone could use the hub.")
    is_active = models.BooleanField(default=True)

    screening_mode = models.CharField(max_length=32, choices=ScreeningMode.choices)
    assessment_model = models.CharField(max_length=16, choices=AssessmentModel.choices)
    support_emphasis = models.CharField(max_length=16, choices=SupportEmphasis.choices)

    accepts_16_17 = models.BooleanField(
        default=False, help_text="Whether 16 and 17 year old health and care staff are in scope."
    )
    family_eligibility = models.CharField(
        max_length=32, choices=FamilyEligibility.choices, default=FamilyEligibility.NOT_ELIGIBLE
    )
    family_definition = models.TextField(blank=True)

    contact_email = models.EmailField()
    contact_phone = models.CharField(max_length=40)
    opening_hours = models.JSONField(
        default=list, help_text='A list of {"days": ..., "hours": ...} lines.'
    )
    typical_wait_days = models.PositiveIntegerField(
        default=10,
        help_text="Estimated days from referral to assessment, shown until there is enough data.",
    )
    risk_acknowledge_hours = models.PositiveIntegerField(
        default=4, help_text="Working hours within which a risk alert must be acknowledged."
    )
    config_version = models.CharField(max_length=40, blank=True)

    # When the hub writes to clients (follow-up, reminders): every schedule at once.
    contact_send_from = models.TimeField(
        default=time(9, 0), help_text="The earliest time of day a client is emailed."
    )
    contact_send_until = models.TimeField(
        default=time(18, 0), help_text="The latest time of day a client is emailed."
    )
    contact_working_days_only = models.BooleanField(
        default=True,
        help_text="Email clients Monday to Friday only, never on an England and Wales bank "
        "holiday.",
    )
    returning_measures_valid_days = models.PositiveIntegerField(
        default=0,
        help_text="A returning client who answered the questionnaires within this many days "
        "is not asked them again, unless a clinician asked for them (0: always ask).",
    )
    contact_cap_per_30_days = models.PositiveSmallIntegerField(
        default=4,
        help_text="The most follow-up and re-screening emails one person is sent in any 30 "
        "days, across every schedule (appointment messages are not counted).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def minimum_age(self) -> int:
        return 16 if self.accepts_16_17 else 18

    @property
    def in_scope_population(self) -> int:
        return sum(group.headcount for group in self.population_groups.all())

    def measures_on(self, day: date, purpose: str = MeasurePurpose.SCREENING) -> list[str]:
        """Instrument ids enabled for `purpose` on `day`, in the hub's order."""
        return [
            measure.instrument_id
            for measure in self.measures.all()
            if measure.purpose == purpose and measure.is_enabled_on(day)
        ]


class PopulationGroup(models.Model):
    """In-scope staff by occupational group (seed 002, Table 2 gives each hub's total)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="population_groups")
    sector = models.CharField(max_length=32, choices=Sector.choices)
    headcount = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "sector"], name="unique_population_sector")
        ]
        ordering = ["hub", "sector"]


class SectorRule(models.Model):
    """Whether staff of a sector are in scope at this hub, and on what condition (Table 3)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="sector_rules")
    sector = models.CharField(max_length=32, choices=Sector.choices)
    status = models.CharField(max_length=16, choices=SectorStatus.choices)
    condition = models.CharField(
        max_length=300,
        blank=True,
        help_text="A yes/no question the person must answer yes to, when conditional.",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hub", "sector"], name="unique_sector_rule")]
        ordering = ["hub", "sector"]


class RolloutPhase(models.Model):
    """A date from which more staff groups could use the hub (e.g. Site B's phased opening)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="rollout_phases")
    name = models.CharField(max_length=200)
    opens_on = models.DateField()
    sectors = models.JSONField(help_text="Sector codes this phase opens to.")
    critical_care_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["hub", "opens_on"]


class MeasureConfig(models.Model):
    """A questionnaire the hub uses, for what purpose, from when (Table 6)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="measures")
    instrument_id = models.CharField(max_length=40)
    purpose = models.CharField(
        max_length=16, choices=MeasurePurpose.choices, default=MeasurePurpose.SCREENING
    )
    position = models.PositiveIntegerField(default=0)
    enabled_from = models.DateField(null=True, blank=True)
    enabled_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "instrument_id", "purpose"], name="unique_measure_purpose"
            )
        ]
        ordering = ["hub", "purpose", "position"]

    def is_enabled_on(self, day: date) -> bool:
        started = self.enabled_from is None or self.enabled_from <= day
        not_ended = self.enabled_until is None or day <= self.enabled_until
        return started and not_ended


class PathwayOffer(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="pathways")
    pathway = models.CharField(max_length=32, choices=Pathway.choices)
    typical_sessions = models.CharField(max_length=40, blank=True)
    delivered_by = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "pathway"], name="unique_pathway_offer")
        ]
        ordering = ["hub", "pathway"]


class StaffingLine(models.Model):
    """Whole-time equivalents by role and Agenda for Change band (Table 4)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="staffing")
    role = models.CharField(max_length=200)
    afc_band = models.CharField(max_length=20, help_text="e.g. 6-8b")
    wte = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )

    class Meta:
        ordering = ["hub", "id"]

    @property
    def lowest_band(self) -> int:
        return int(self.afc_band.split("-")[0].rstrip("abcd"))


class CrisisLine(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="crisis_lines")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    text_message = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["hub", "position"]


class DutyShift(models.Model):
    """The duty clinician for one day in one hub: who responds to risk alerts."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="duty_shifts")
    day = models.DateField()
    clinician = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="duty_shifts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "day", "clinician"], name="unique_duty_shift")
        ]
        ordering = ["hub", "day"]


class ScheduleKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "Follow-up of everyone screened"
    RESCREEN = "rescreen", "Re-screening of a cohort"


class ScheduleOutcome(models.TextChoices):
    ANY = "any", "Everyone screened"
    TAKEN_ON = "taken_on", "Only those whose referral the hub accepted"
    NOT_TAKEN_ON = "not_taken_on", "Only those the hub did not take on"


class ContactSchedule(models.Model):
    """A hub's plan for contacting people after they screen (ADR 0037): the waves (days
    after screening, each with the window in which it may be sent), who is included, which
    questionnaires, and how many reminders how far apart.

    Versioned: every change to what it plans raises `version`, and the planned contacts
    made under an older version are re-planned when the change is confirmed
    (`followup.schedules`), so nothing stays queued under an old rule.
    """

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="contact_schedules")
    key = models.SlugField(max_length=40, help_text="Names the schedule in the hub file.")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=16, choices=ScheduleKind.choices, default=ScheduleKind.FOLLOW_UP
    )
    version = models.PositiveIntegerField(default=1)
    is_active = models.BooleanField(default=True)
    waves = models.JSONField(
        help_text='A list of {"name": "3 months", "day": 90, "opens": 75, "closes": 120}: '
        "days after screening it is planned for, and the first and last day it may be sent."
    )
    screening_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text="Screening kinds included (self_assessment, referral, pre_assessment, "
        "returning); empty means every kind.",
    )
    outcome = models.CharField(
        max_length=16, choices=ScheduleOutcome.choices, default=ScheduleOutcome.ANY
    )
    cohort = models.CharField(
        max_length=40,
        blank=True,
        help_text="For re-screening: the campaign code whose screenings form the cohort.",
    )
    instruments = models.JSONField(help_text="Questionnaire ids asked, in order.")
    reminders = models.PositiveSmallIntegerField(default=2)
    reminder_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days between the invitation and each reminder."
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "key"], name="unique_contact_schedule")
        ]
        ordering = ["hub", "key"]

    def __str__(self) -> str:
        return self.name

    PLANNING_FIELDS = (
        "kind",
        "is_active",
        "waves",
        "screening_kinds",
        "outcome",
        "cohort",
        "instruments",
        "reminders",
        "reminder_days",
    )
    """What a planned contact is made from: a change to any of them is a new version."""

    def wave(self, name: str) -> dict | None:
        return next((w for w in self.waves if w["name"] == name), None)
