"""Access matrix entries for the episodes app's routes (see matrix.py)."""

from .matrix_base import Route  # noqa: F401

ROUTES: list = []


def seed(cast) -> None:
    """Create the objects these routes need in cast.own and cast.other hubs."""
