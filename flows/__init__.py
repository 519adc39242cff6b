"""The flow runner: YAML flows of Twilio operations, checked statically, run with Mule's semantics.

>>> from flows import run_file
>>> run_file("flows/examples/notify.yaml", vars={"to": "+14155550100"})  # doctest: +SKIP

A flow file has ``configs:`` (credentials; README: Configs) and ``flows:`` (lists of steps;
README: A flow); strings hold ``#[...]`` expressions (README: A flow). Its format is
the JSON Schema in ``schemas/flow.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connector import Config, Ledger, Problem, SendReport
from connector.http import DryRunSink
from connector.once import DEFAULT_SETTLE
from flows.document import FlowFile, flow_schema
from flows.errors import (
    CompositeRoutingError,
    ExpressionError,
    FlowConfigError,
    FlowError,
    FlowRecursionError,
    FlowValidationError,
    RaisedError,
    RetryExhaustedError,
    Where,
)

__all__ = [
    "CompositeRoutingError",
    "ExpressionError",
    "FlowConfigError",
    "FlowError",
    "FlowFile",
    "FlowRecursionError",
    "FlowValidationError",
    "RaisedError",
    "RetryExhaustedError",
    "Where",
    "flow_schema",
    "load_file",
    "run_file",
    "validate_file",
]


def load_file(path: str | Path) -> FlowFile:
    """Read and check a flow file; :class:`FlowValidationError` lists every problem."""
    return FlowFile.load(path)


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem static validation finds in a file (empty when it is fine)."""
    try:
        FlowFile.load(path)
    except FlowValidationError as exc:
        return list(exc.problems)
    return []


def run_file(
    path: str | Path,
    flow: str | None = None,
    vars: Mapping[str, Any] | None = None,
    payload: Any = None,
    *,
    configs: Mapping[str, Config | Mapping[str, Any]] | None = None,
    dry_run: DryRunSink | None = None,
    run_id: str | None = None,
    ledger: Ledger | str | Path | None = None,
    sends: SendReport | None = None,
    settle: float = DEFAULT_SETTLE,
) -> Any:
    """Run a flow of a file (``flow``, else ``main``, else the only one); return its payload.

    ``configs`` replace the file's configs of the same names (for instance, configs pointed
    at an emulator). Errors are :class:`connector.ConnectorError` subclasses with a ``where``
    (``file:line:column``); a file that fails validation raises :class:`FlowValidationError`.

    ``run_id`` gives every send an idempotency key, so a crashed run started again with the
    same id sends only what had not gone out; ``sends`` (a :class:`connector.SendReport`)
    is filled with what was sent, skipped as already done, reconciled and left unknown, also
    when the run fails. ``ledger`` and ``settle``: see :meth:`FlowFile.run`.
    """
    flow_file = FlowFile.load(path)
    return flow_file.run(
        flow,
        vars=vars,
        payload=payload,
        configs=configs,
        dry_run=dry_run,
        run_id=run_id,
        ledger=ledger,
        sends=sends,
        settle=settle,
    )
