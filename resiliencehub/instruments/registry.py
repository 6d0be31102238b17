"""Look up definitions by id and version.

Every version of a definition stays registered, so a stored administration is always
rescored with the wording and rules that produced it (hazard HAZ-009): a change to a
definition is a new version, never an edit of an old one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .definitions import ALL, EARLIER_VERSIONS
from .errors import UnknownInstrumentError
from .model import Instrument


def _version_key(version: str) -> tuple:
    # "1.10.0" sorts after "1.9.0"; non-numeric parts sort as text after numbers.
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in version.split(".")
    )


class Registry:
    """Definitions keyed by case-insensitive id, each with every registered version."""

    def __init__(self, definitions: Iterable[Instrument] = ()) -> None:
        self._versions: dict[str, dict[str, Instrument]] = {}
        self._latest: dict[str, Instrument] = {}
        for definition in definitions:
            self.register(definition)

    def register(self, definition: Instrument) -> None:
        """Add a definition. Re-registering an id and version with other content is refused."""
        versions = self._versions.setdefault(definition.id.casefold(), {})
        existing = versions.get(definition.version)
        if existing is not None and existing != definition:
            raise ValueError(
                f"{definition.id} version {definition.version} is already registered with "
                "different content; give the changed definition a new version"
            )
        versions[definition.version] = definition
        self._latest[definition.id.casefold()] = versions[max(versions, key=_version_key)]

    def get(self, instrument_id: str, version: str | None = None) -> Instrument:
        """The definition with this id and version (the latest version when none is given)."""
        key = instrument_id.casefold()
        if version is None and key in self._latest:
            return self._latest[key]
        versions = self._versions.get(key)
        if not versions:
            known = ", ".join(definition.id for definition in self)
            raise UnknownInstrumentError(f"unknown instrument {instrument_id!r}; known: {known}")
        try:
            return versions[version]
        except KeyError:
            raise UnknownInstrumentError(
                f"{instrument_id} has no version {version!r}; known: {', '.join(sorted(versions))}"
            ) from None

    def versions(self, instrument_id: str) -> tuple[str, ...]:
        """Every registered version of an id, oldest first."""
        return tuple(sorted(self._versions.get(instrument_id.casefold(), {}), key=_version_key))

    def __iter__(self) -> Iterator[Instrument]:
        """The latest version of each definition, in registration order."""
        yield from self._latest.values()


DEFAULT_REGISTRY = Registry(ALL + EARLIER_VERSIONS)
"""The built-in definitions."""


def get_instrument(instrument_id: str, version: str | None = None) -> Instrument:
    """A built-in definition by id (case-insensitive) and optional version."""
    return DEFAULT_REGISTRY.get(instrument_id, version)
