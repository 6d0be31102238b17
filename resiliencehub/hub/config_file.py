"""Hub configuration files: one versioned TOML file describes one hub completely.

`python manage.py load_hub_config FILE` validates the file and replaces the hub's
configuration in one transaction, with an audit event naming the file's version and
SHA-256. The demo Sites A–D ship as such files (resiliencehub/nonprod/hubs/).
"""

import hashlib
import tomllib
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from resiliencehub.audit.models import AuditAction
from resiliencehub.audit.services import Auditor
from resiliencehub.instruments.registry import DEFAULT_REGISTRY

from .models import (
    AssessmentModel,
    ContactSchedule,
    CrisisLine,
    FamilyEligibility,
    Hub,
    MeasureConfig,
    MeasurePurpose,
    Pathway,
    PathwayOffer,
    PopulationGroup,
    RolloutPhase,
    ScheduleKind,
    ScheduleOutcome,
    ScreeningMode,
    Sector,
    SectorRule,
    SectorStatus,
    StaffingLine,
    SupportEmphasis,
)

SCHEMA_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PopulationEntry(_Strict):
    sector: Sector
    headcount: int = Field(ge=0)
    source: str = ""


class SectorEntry(_Strict):
    sector: Sector
    status: SectorStatus
    condition: str = ""

    @field_validator("condition")
    @classmethod
    def _condition_is_a_question(cls, value: str) -> str:
        if value and not value.rstrip().endswith("?"):
            raise ValueError("a condition is a yes/no question ending with '?'")
        return value


class PhaseEntry(_Strict):
    name: str
    opens_on: date
    sectors: list[Sector]
    critical_care_only: bool = False


class MeasureEntry(_Strict):
    instrument: str
    purpose: MeasurePurpose = MeasurePurpose.SCREENING
    enabled_from: date | None = None
    enabled_until: date | None = None


class PathwayEntry(_Strict):
    pathway: Pathway
    typical_sessions: str = ""
    delivered_by: str = ""
    notes: str = ""


class StaffingEntry(_Strict):
    role: str
    afc_band: str
    wte: Decimal = Field(ge=0)


class CrisisEntry(_Strict):
    name: str
    phone: str = ""
    text_message: str = ""
    description: str = ""


class HoursEntry(_Strict):
    days: str
    hours: str


class WaveEntry(_Strict):
    name: str
    day: int = Field(ge=1, le=730)
    opens: int = Field(ge=0, le=730)
    closes: int = Field(ge=1, le=760)

    @model_validator(mode="after")
    def _window_holds_day(self):
        if not self.opens <= self.day <= self.closes:
            raise ValueError(
                f"wave {self.name!r}: its window (day {self.opens} to {self.closes}) must "
                f"include its day ({self.day})"
            )
        return self


SCREENING_KINDS = ("self_assessment", "referral", "pre_assessment", "returning")


class ScheduleEntry(_Strict):
    key: str = Field(pattern=r"^[a-z0-9-]+$", max_length=40)
    name: str
    kind: ScheduleKind = ScheduleKind.FOLLOW_UP
    active: bool = True
    waves: list[WaveEntry] = Field(min_length=1)
    screening_kinds: list[str] = []
    outcome: ScheduleOutcome = ScheduleOutcome.ANY
    cohort: str = Field(default="", max_length=40)
    instruments: list[str] = Field(min_length=1)
    reminders: int = Field(default=2, ge=0, le=5)
    reminder_days: int = Field(default=7, ge=1, le=60)

    @field_validator("screening_kinds")
    @classmethod
    def _known_kinds(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(SCREENING_KINDS))
        if unknown:
            raise ValueError(f"unknown screening kind(s) {', '.join(unknown)}")
        return value

    @model_validator(mode="after")
    def _waves_distinct(self):
        names = [wave.name for wave in self.waves]
        if len(set(names)) != len(names):
            raise ValueError(f"schedule {self.key!r}: two waves have the same name")
        if self.kind == ScheduleKind.RESCREEN and not self.cohort:
            raise ValueError(f"schedule {self.key!r}: a re-screening schedule names its cohort")
        return self

    def planning_fields(self) -> dict:
        return {
            "kind": str(self.kind),
            "is_active": self.active,
            "waves": [wave.model_dump() for wave in self.waves],
            "screening_kinds": list(self.screening_kinds),
            "outcome": str(self.outcome),
            "cohort": self.cohort,
            "instruments": list(self.instruments),
            "reminders": self.reminders,
            "reminder_days": self.reminder_days,
        }


class HubFile(_Strict):
    schema_version: int
    config_version: str
    slug: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    region: str
    host_organisation: str = ""
    summary: str
    opened_on: date
    screening_mode: ScreeningMode
    assessment_model: AssessmentModel
    support_emphasis: SupportEmphasis
    accepts_16_17: bool
    family_eligibility: FamilyEligibility
    family_definition: str = ""
    contact_email: str
    contact_phone: str
    typical_wait_days: int = Field(ge=0)
    risk_acknowledge_hours: int = Field(default=4, ge=1)
    opening_hours: list[HoursEntry]
    population: list[PopulationEntry]
    sectors: list[SectorEntry]
    phases: list[PhaseEntry] = []
    measures: list[MeasureEntry]
    pathways: list[PathwayEntry]
    staffing: list[StaffingEntry] = []
    crisis_lines: list[CrisisEntry]
    contact_send_from: time = time(9, 0)
    contact_send_until: time = time(18, 0)
    contact_working_days_only: bool = True
    contact_cap_per_30_days: int = Field(default=4, ge=1, le=30)
    returning_measures_valid_days: int = Field(default=0, ge=0, le=730)
    schedules: list[ScheduleEntry] = []

    @model_validator(mode="after")
    def _sending_hours(self):
        if self.contact_send_from >= self.contact_send_until:
            raise ValueError("contact_send_from must be earlier in the day than contact_send_until")
        keys = [schedule.key for schedule in self.schedules]
        if len(set(keys)) != len(keys):
            raise ValueError("two schedules have the same key")
        return self

    @field_validator("schema_version")
    @classmethod
    def _known_schema(cls, value: int) -> int:
        if value != SCHEMA_VERSION:
            raise ValueError(f"this version reads schema_version {SCHEMA_VERSION} only")
        return value


class HubFileError(ValueError):
    """A configuration file that cannot be loaded; the message says where and why."""


def read_hub_file(path: Path) -> tuple[HubFile, str]:
    raw = Path(path).read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        parsed = HubFile.model_validate(data)
    except tomllib.TOMLDecodeError as error:
        raise HubFileError(f"{path}: not valid TOML: {error}") from error
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise HubFileError(f"{path}: {problems}") from error
    _check_instruments(parsed, path)
    return parsed, hashlib.sha256(raw).hexdigest()


def _check_instruments(parsed: HubFile, path: Path) -> None:
    known = {definition.id for definition in DEFAULT_REGISTRY}
    unknown = [m.instrument for m in parsed.measures if m.instrument not in known]
    unknown += [
        name for entry in parsed.schedules for name in entry.instruments if name not in known
    ]
    if unknown:
        raise HubFileError(f"{path}: unknown instrument(s) {', '.join(unknown)}")


@transaction.atomic
def hub_config_load(path: Path, auditor: Auditor) -> Hub:
    """Create or replace one hub's configuration from a file, audited."""
    parsed, digest = read_hub_file(path)
    fields = parsed.model_dump(
        exclude={
            "schema_version",
            "population",
            "sectors",
            "phases",
            "measures",
            "pathways",
            "staffing",
            "crisis_lines",
            "opening_hours",
            "schedules",
        }
    )
    fields["opening_hours"] = [h.model_dump() for h in parsed.opening_hours]
    hub, created = Hub.objects.update_or_create(slug=parsed.slug, defaults=fields)
    for related in (
        hub.population_groups,
        hub.sector_rules,
        hub.rollout_phases,
        hub.measures,
        hub.pathways,
        hub.staffing,
        hub.crisis_lines,
    ):
        related.all().delete()
    PopulationGroup.objects.bulk_create(
        PopulationGroup(hub=hub, **p.model_dump()) for p in parsed.population
    )
    SectorRule.objects.bulk_create(SectorRule(hub=hub, **s.model_dump()) for s in parsed.sectors)
    RolloutPhase.objects.bulk_create(
        RolloutPhase(hub=hub, **{**p.model_dump(), "sectors": [str(s) for s in p.sectors]})
        for p in parsed.phases
    )
    MeasureConfig.objects.bulk_create(
        MeasureConfig(
            hub=hub,
            instrument_id=m.instrument,
            purpose=m.purpose,
            position=position,
            enabled_from=m.enabled_from,
            enabled_until=m.enabled_until,
        )
        for position, m in enumerate(parsed.measures)
    )
    PathwayOffer.objects.bulk_create(
        PathwayOffer(hub=hub, **p.model_dump()) for p in parsed.pathways
    )
    StaffingLine.objects.bulk_create(
        StaffingLine(hub=hub, **s.model_dump()) for s in parsed.staffing
    )
    CrisisLine.objects.bulk_create(
        CrisisLine(hub=hub, position=i, **c.model_dump()) for i, c in enumerate(parsed.crisis_lines)
    )
    changed = schedules_load(hub, parsed.schedules)
    auditor.record(
        AuditAction.HUB_CONFIG_LOADED,
        obj=hub,
        hub=hub,
        detail={
            "config_version": parsed.config_version,
            "sha256": digest,
            "file": Path(path).name,
            "created": created,
            "schedules_changed": changed,
        },
    )
    return hub


def schedules_load(hub: Hub, entries: list[ScheduleEntry]) -> list[str]:
    """Create or update the hub's contact schedules from its file; returns the keys of
    those whose planning changed (a new version). A schedule is never deleted: one left
    out of the file is made inactive, and the contacts it planned are cancelled when the
    sender next looks at them (they no longer match a live version)."""
    existing = {schedule.key: schedule for schedule in hub.contact_schedules.all()}
    changed = []
    now = timezone.now()
    for entry in entries:
        wanted = entry.planning_fields()
        schedule = existing.pop(entry.key, None)
        if schedule is None:
            ContactSchedule.objects.create(
                hub=hub, key=entry.key, name=entry.name, changed_at=now, **wanted
            )
            continue
        differs = any(getattr(schedule, name) != value for name, value in wanted.items())
        schedule.name = entry.name
        if differs:
            for name, value in wanted.items():
                setattr(schedule, name, value)
            schedule.version += 1
            schedule.changed_at = now
            changed.append(entry.key)
        schedule.save()
    for schedule in existing.values():
        if schedule.is_active:
            schedule.is_active = False
            schedule.version += 1
            schedule.changed_at = now
            schedule.save()
            changed.append(schedule.key)
    return changed
