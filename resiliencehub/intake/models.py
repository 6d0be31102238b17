"""The public journey: drafts, answers, links and anonymous counts (ADRs 0010-0015).

The records a journey ends in (the client, the referral, the screening and its measure
responses) are the shared clinical record in `resiliencehub.records`.
"""

from django.db import models

from resiliencehub.core.fields import EncryptedJSONField, EncryptedTextField
from resiliencehub.records.links import SingleUseLink
from resiliencehub.records.models import (
    Client,
    MeasureResponse,
    PlannedContact,
    Referral,
    Screening,
)


class JourneyKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment (may then refer)"
    REFERRAL = "referral", "Self-referral"
    QUESTIONNAIRES = "questionnaires", "Questionnaires after a referral was accepted"
    RETURNING = "returning", "Returning client"
    FOLLOW_UP = "follow_up", "Follow-up questionnaires from an emailed invitation"


class JourneyStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SCREENED = "screened", "Self-assessment sent; may refer"
    SUBMITTED = "submitted", "Submitted"
    FINISHED = "finished", "Finished without a referral"


class Journey(models.Model):
    """One person's way through the public journey at one hub: a draft until submitted.

    Every answer is its own `JourneyAnswer` row, written the moment its page is posted,
    so closing the browser, a server restart or a second tab never loses one (HAZ-005).
    The browser holds a random token in a cookie; only its SHA-256 is stored here.
    """

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="journeys")
    kind = models.CharField(max_length=20, choices=JourneyKind.choices)
    status = models.CharField(
        max_length=16, choices=JourneyStatus.choices, default=JourneyStatus.IN_PROGRESS
    )
    referring = models.BooleanField(
        default=False, help_text="A self-assessment whose person chose to refer themselves."
    )
    eligibility = models.JSONField(default=dict, blank=True, help_text="Coded answers only.")
    campaign_code = models.CharField(max_length=40, blank=True)
    access_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    access_seen_at = models.DateTimeField(null=True, blank=True)
    email_lookup = models.CharField(max_length=64, blank=True, db_index=True)
    email = EncryptedTextField(blank=True, help_text="Where resume links may be sent.")
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="journeys"
    )
    invited_for = models.ForeignKey(
        Referral,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questionnaire_journeys",
        help_text="The accepted referral whose questionnaires this journey completes.",
    )
    contact = models.ForeignKey(
        PlannedContact,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="journeys",
        help_text="The follow-up or re-screening invitation this journey answers.",
    )
    screening = models.OneToOneField(
        Screening, null=True, blank=True, on_delete=models.PROTECT, related_name="journey"
    )
    referral = models.OneToOneField(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="journey"
    )
    measures_skipped = models.BooleanField(
        default=False,
        help_text="A returning client who answered the questionnaires recently is not asked "
        "them again (the hub's returning_measures_valid_days).",
    )
    risk_pending = models.BooleanField(
        default=False, help_text="Crisis information must be shown before the journey goes on."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["hub", "email_lookup", "status"])]

    def __str__(self) -> str:
        return f"Journey {self.pk}"


class JourneyAnswer(models.Model):
    """One answer (or one page's visit marker), upserted per key: encrypted at rest."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="answers")
    key = models.CharField(max_length=80)
    value = EncryptedJSONField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "key"], name="unique_journey_answer")
        ]


class JourneyResponse(models.Model):
    """A measure response recorded during a journey; a later one for the same instrument
    (the person changed an answer) supersedes it. Superseded rows are kept, never deleted."""

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="responses")
    instrument_id = models.CharField(max_length=40)
    response = models.OneToOneField(
        MeasureResponse, on_delete=models.PROTECT, related_name="journey_link"
    )
    superseded = models.BooleanField(default=False)
    # Every mark alerted in this journey for the instrument: this row's and those of every
    # row it supersedes (so the current row is the only one a save reads).
    alerted = models.JSONField(
        default=list, help_text="[item, answer] pairs already put on the duty queue."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journey", "instrument_id"],
                condition=models.Q(superseded=False),
                name="one_current_response_per_instrument",
            )
        ]


class JourneySubmission(models.Model):
    """The guard that makes a final submit happen once: a unique row per journey and stage.

    Double clicks, the back button and concurrent replays all try to insert the same
    row; the database lets exactly one through (quality.md R2, HAZ-024).
    """

    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="submissions")
    stage = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journey", "stage"], name="unique_journey_stage")
        ]


class LinkPurpose(models.TextChoices):
    RESUME = "resume", "Continue saved answers"
    FIND_SAVED = "find_saved", "Find saved answers by email"
    RETURNING = "returning", "Returning client: verify email"
    QUESTIONNAIRES = "questionnaires", "Questionnaires after acceptance"
    FOLLOW_UP = "follow_up", "Follow-up or re-screening questionnaires"


class AccessLink(SingleUseLink):
    """A single-use, expiring link sent by email (ADR 0012): resume, find saved answers,
    returning client and questionnaires. Only the SHA-256 of its token is stored; the
    columns it shares with every single-use link are `records.links.SingleUseLink`'s.
    """

    token_salt = "resiliencehub.intake.link"  # noqa: S105 - a salt, not a secret

    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="access_links")
    journey = models.ForeignKey(
        Journey, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.PROTECT, related_name="access_links"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="access_links"
    )
    contact = models.ForeignKey(
        PlannedContact, null=True, blank=True, on_delete=models.PROTECT, related_name="links"
    )
    email = EncryptedTextField(blank=True, help_text="Cleared once the email is sent.")
    email_lookup = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]


class IneligibleReason(models.TextChoices):
    AGE = "age", "Below the hub's minimum age"
    FAMILY_NOT_IN_SCOPE = "family_not_in_scope", "Family members are not in scope"
    FAMILY_RELATIONSHIP = "family_relationship", "Not family as the hub defines it"
    SECTOR = "sector", "Sector not in scope"
    CONDITION = "condition", "Sector condition not met"
    NOT_YET_OPEN = "not_yet_open", "Not yet open to this group"
    REGION = "region", "Outside the hub's region"


class IneligibleCount(models.Model):
    """How many people the eligibility check turned away, by reason and month. Nothing
    else about them is stored: no answers, no address, no time of day."""

    hub = models.ForeignKey("hub.Hub", on_delete=models.PROTECT, related_name="ineligible_counts")
    reason = models.CharField(max_length=24, choices=IneligibleReason.choices)
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hub", "reason", "month"], name="unique_ineligible_count"
            )
        ]
