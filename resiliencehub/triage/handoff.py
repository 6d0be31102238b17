"""What other journey apps may ask of the duty and triage work (docs/architecture.md): the
one module of `triage` that `episodes` imports. An onward referral letter may carry the
client's latest risk assessment, made by the duty clinician."""

from .selectors import latest_risk_assessment

__all__ = ["latest_risk_assessment"]
