"""Links this app adds to staff home pages, by role (hub/presenters.py)."""


def home_links(user, hub, roles, today) -> list:
    return []
