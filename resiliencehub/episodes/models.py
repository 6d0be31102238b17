"""Episodes of care: the plan, sessions, measures, onward referrals and discharge."""
