"""The :class:`Connector` facade: one config, one HTTP funnel, operations invoked by name.

The connector package knows nothing of the operations themselves: a *catalog* supplies them.
By default it is the one installed under the ``twilio_connector.catalogs`` entry point (this
distribution's ``operations.catalog``); pass ``catalog=`` to use another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from connector.config import Config
from connector.errors import ConnectorError, UnknownOperationError
from connector.http import DryRunSink, HttpClient

if TYPE_CHECKING:  # the ledger and keyed sends are imported when a key is first used
    import requests

    from connector.ledger import Ledger
    from connector.once import SendReport
    from connector.results import Result

__all__ = ["Connector", "OnOutcomeUnknown", "OperationCatalog", "OperationSpec", "default_catalog"]

#: What a keyed send does when an earlier attempt with its key may have reached Twilio:
#: ``report`` it (never send it again), or ``reconcile`` (look at Twilio first; see
#: :mod:`connector.once`).
OnOutcomeUnknown = Literal["report", "reconcile"]

ENTRY_POINT_GROUP = "twilio_connector.catalogs"


class OperationSpec(Protocol):
    """What the connector needs of an operation."""

    @property
    def name(self) -> str:
        """The operation's name, such as ``send-sms-message``."""

    def execute(self, client: HttpClient, params: Mapping[str, Any]) -> Result:
        """Validate ``params``, send the request through ``client`` and shape the result."""


class OperationCatalog(Protocol):
    """A set of operations looked up by name."""

    def get(self, name: str) -> OperationSpec:
        """The operation called ``name`` (or one of its aliases)."""

    def names(self) -> list[str]:
        """Every operation name, sorted."""


_default: OperationCatalog | None = None


def default_catalog() -> OperationCatalog:
    """The catalog installed under the ``twilio_connector.catalogs`` entry point."""
    global _default  # noqa: PLW0603 - a process-wide cache of the discovered catalog
    if _default is None:
        from importlib.metadata import entry_points  # noqa: PLC0415 - only when first needed

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

    A send given an ``idempotency_key`` goes out at most once: the key is claimed in the
    ``ledger`` (a :class:`~connector.ledger.Ledger`, the path of a SQLite file or a Redis URL; by
    default ``$TWILIO_CONNECTOR_LEDGER``, else :func:`~connector.ledger.default_ledger_path`,
    opened when first needed) and ``sends`` counts what each keyed send did.
    """

    def __init__(
        self,
        config: Config | Mapping[str, Any],
        *,
        catalog: OperationCatalog | None = None,
        session: requests.Session | None = None,
        dry_run: DryRunSink | None = None,
        ledger: Ledger | str | Path | None = None,
        sends: SendReport | None = None,
    ) -> None:
        self.config = Config.load(config)
        self.catalog = catalog or default_catalog()
        self.http = HttpClient(self.config, session=session, dry_run=dry_run)
        self._ledger = ledger
        self._ledger_lock = threading.Lock()
        self._own_ledger: Ledger | None = None
        self._sends = sends

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
        """Release pooled connections and the ledger this connector opened (a session or
        ledger the caller gave stays open for the caller)."""
        self.http.close()
        if self._own_ledger is not None:
            self._own_ledger.close()
            self._own_ledger = None

    @property
    def sends(self) -> SendReport:
        """What this connector's keyed sends did."""
        if self._sends is None:
            from connector.once import SendReport  # noqa: PLC0415 - with the first keyed send

            with self._ledger_lock:
                if self._sends is None:
                    self._sends = SendReport()
        return self._sends

    @property
    def ledger(self) -> Ledger:
        """The idempotency ledger (opened when first asked for)."""
        if self._ledger is not None and not isinstance(self._ledger, str | Path):
            return self._ledger
        from connector.ledger import (  # noqa: PLC0415 - with the first keyed send
            configured_ledger,
            default_ledger_path,
            open_ledger,
        )

        with self._ledger_lock:
            if self._own_ledger is None:
                self._own_ledger = open_ledger(
                    self._ledger or configured_ledger() or default_ledger_path()
                )
            return self._own_ledger

    def operation(self, name: str) -> OperationSpec:
        """The operation called ``name``, or an error with the closest name."""
        try:
            return self.catalog.get(name)
        except KeyError:
            raise UnknownOperationError(name, self.catalog.names()) from None

    def execute(
        self,
        name: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
        on_outcome_unknown: OnOutcomeUnknown = "report",
        settle: float | None = None,
        throttled: Callable[[float | None], None] | None = None,
        where: str | None = None,
    ) -> Result:
        """Run an operation; return its payload together with its attributes.

        With ``idempotency_key`` its request (unless idempotent) is sent at most once: a key
        already done returns the recorded result and sends nothing; one whose earlier attempt
        may have reached Twilio raises :class:`~connector.errors.OutcomeUnknownError`, unless
        ``on_outcome_unknown="reconcile"`` finds out at Twilio (waiting ``settle`` seconds
        after the attempt for it to show; by default :data:`~connector.once.DEFAULT_SETTLE`).
        ``throttled`` hears of each 429 and its
        Retry-After; ``where`` names the caller in :attr:`sends`.
        """
        operation = self.operation(name)
        client = self.http
        if idempotency_key is not None or throttled is not None:
            once = None
            if idempotency_key is not None and not self.http.dry_run:
                from connector.once import DEFAULT_SETTLE, Once  # noqa: PLC0415 - keyed only

                once = Once(
                    self.ledger,
                    f"{self.config.account_sid}/{idempotency_key}",
                    reconcile=on_outcome_unknown == "reconcile",
                    settle=DEFAULT_SETTLE if settle is None else settle,
                    report=self.sends,
                    where=where,
                )
            client = self.http.keyed(once, throttled=throttled)
        return operation.execute(client, params or {})

    def invoke(
        self,
        name: str,
        params: Mapping[str, Any] | None = None,
        *,
        idempotency_key: str | None = None,
        on_outcome_unknown: OnOutcomeUnknown = "report",
    ) -> Any:
        """Run an operation and return its payload (JSON data, a lazy list, bytes or None);
        ``idempotency_key`` and ``on_outcome_unknown`` as for :meth:`execute`."""
        return self.execute(
            name, params, idempotency_key=idempotency_key, on_outcome_unknown=on_outcome_unknown
        ).payload
