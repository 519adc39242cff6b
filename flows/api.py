"""The flow runner's Python API: load, validate and run flow files (see :mod:`flows`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connector import Config, Ledger, Problem, SendReport
from connector.http import DryRunSink
from connector.once import DEFAULT_SETTLE
from flows.document import FlowFile
from flows.errors import FlowValidationError

__all__ = ["load_file", "run_file", "validate_file"]


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
