"""Roles a person can hold in a hub (service-model.md, "Who uses the system")."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    PRACTITIONER = "practitioner", "Practitioner"
    CLINICIAN = "clinician", "Clinician"
    DUTY_CLINICIAN = "duty_clinician", "Duty clinician"
    CLINICAL_LEAD = "clinical_lead", "Clinical lead"
    SERVICE_MANAGER = "service_manager", "Service manager"
    RESEARCHER = "researcher", "Researcher"
    COMMISSIONER = "commissioner", "Commissioner"
    ORGANISATION_CONTACT = "organisation_contact", "Organisation contact"


# Roles whose holders may open an individual client's clinical record (subject to
# allocation for practitioners). Administrators see referrals and contact details only.
CLINICAL_ROLES = frozenset(
    {Role.PRACTITIONER, Role.CLINICIAN, Role.DUTY_CLINICIAN, Role.CLINICAL_LEAD}
)
# Roles that work inside a hub's records at all (the hub's own staff).
HUB_STAFF_ROLES = CLINICAL_ROLES | {Role.ADMINISTRATOR, Role.SERVICE_MANAGER}

ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Process referrals, book appointments and manage contact details.",
    Role.PRACTITIONER: "Low-intensity work with the clients allocated to you, under supervision.",
    Role.CLINICIAN: "Assessments, formulations, therapy and onward referrals for your caseload.",
    Role.DUTY_CLINICIAN: "Respond to risk alerts for the whole hub when you are on the duty rota.",
    Role.CLINICAL_LEAD: "Every clinical record in the hub, supervision and allocation.",
    Role.SERVICE_MANAGER: "Operational reports, staffing, outreach and team support.",
    Role.RESEARCHER: "A pseudonymised extract of clients who consented to research.",
    Role.COMMISSIONER: "Aggregate reports across hubs, with small numbers suppressed.",
    Role.ORGANISATION_CONTACT: "Request and book support for your team.",
}
