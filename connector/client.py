"""The :class:`Connector` facade: one config, one HTTP funnel, operations invoked by name.

The connector package knows nothing of the operations themselves: a *catalog* supplies them.
By default it is the one installed under the ``twilio_connector.catalogs`` entry point (this
distribution's ``operations.catalog``); pass ``catalog=`` to use another.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from typing import Any, Protocol

import requests

from connector.config import Config
from connector.errors import ConnectorError
from connector.http import DryRunSink, HttpClient
from connector.results import Result

__all__ = ["Catalog", "Connector", "OperationSpec", "UnknownOperationError", "default_catalog"]

ENTRY_POINT_GROUP = "twilio_connector.catalogs"


class OperationSpec(Protocol):
    """What the connector needs of an operation."""

    @property
    def name(self) -> str:
        """The operation's name, such as ``send-sms-message``."""

    def execute(self, client: HttpClient, params: Mapping[str, Any]) -> Result:
        """Validate ``params``, send the request through ``client`` and shape the result."""


class Catalog(Protocol):
    """A set of operations looked up by name."""

    def get(self, name: str) -> OperationSpec:
        """The operation called ``name`` (or one of its aliases)."""

    def names(self) -> list[str]:
        """Every operation name, sorted."""


class UnknownOperationError(ConnectorError):
    """No operation has that name."""

    error_type = "TWILIO:UNKNOWN_OPERATION"

    def __init__(self, name: str, known: Iterable[str]) -> None:
        hint = difflib.get_close_matches(name, list(known), n=1) if isinstance(name, str) else []
        suffix = f" (did you mean '{hint[0]}'?)" if hint else ""
        super().__init__(f"unknown operation {name!r}{suffix}", operation=str(name))


_default: Catalog | None = None


def default_catalog() -> Catalog:
    """The catalog installed under the ``twilio_connector.catalogs`` entry point."""
    global _default  # noqa: PLW0603 - a process-wide cache of the discovered catalog
    if _default is None:
        found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
        if not found:
            raise ConnectorError(
                "no operation catalog is installed (expected the entry point group "
                f"'{ENTRY_POINT_GROUP}'; install the twilio-connector distribution)"
            )
        _default = found[0].load()
    return _default


class Connector:
    """Invoke Twilio operations by name with one named config.

    >>> twilio = Connector({"accountSid": "AC...", "authToken": "..."})  # doctest: +SKIP
    >>> twilio.invoke("get-account-details")  # doctest: +SKIP
    """

    def __init__(
        self,
        config: Config | Mapping[str, Any],
        *,
        catalog: Catalog | None = None,
        session: requests.Session | None = None,
        dry_run: DryRunSink | None = None,
    ) -> None:
        self.config = Config.load(config)
        self.catalog = catalog or default_catalog()
        self.http = HttpClient(self.config, session=session, dry_run=dry_run)

    @classmethod
    def from_env(cls, **kwargs: Any) -> Connector:
        """A connector configured from TWILIO_* environment variables, as twilio-python is."""
        return cls(Config.from_env(), **kwargs)

    def __repr__(self) -> str:
        return f"Connector({self.config.url!r}, account={self.config.account_sid!r})"

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release pooled connections."""
        self.http.close()

    def operation(self, name: str) -> OperationSpec:
        """The operation called ``name``, or an error with the closest name."""
        try:
            return self.catalog.get(name)
        except KeyError:
            raise UnknownOperationError(name, self.catalog.names()) from None

    def execute(self, name: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run an operation; return its payload together with its attributes."""
        return self.operation(name).execute(self.http, params or {})

    def invoke(self, name: str, params: Mapping[str, Any] | None = None) -> Any:
        """Run an operation and return its payload (JSON data, a lazy list, bytes or None)."""
        return self.execute(name, params).payload
