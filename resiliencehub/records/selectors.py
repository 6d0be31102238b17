"""Questions about the shared clinical record that every journey app asks."""


def may_email(client) -> bool:
    """Whether the client agreed to be emailed and gave an address to email."""
    return bool(client is not None and client.may_email and client.email)
