"""The flow runner's Python API: load, validate and run flow files (see :mod:`flows`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from connector import Config, Problem
from connector.http import DryRunSink
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
) -> Any:
    """Run a flow of a file (``flow``, else ``main``, else the only one); return its payload.

    ``configs`` replace the file's configs of the same names (for instance, configs pointed
    at an emulator). Errors are :class:`connector.ConnectorError` subclasses with a ``where``
    (``file:line:column``); a file that fails validation raises :class:`FlowValidationError`.
    """
    flow_file = FlowFile.load(path)
    return flow_file.run(flow, vars=vars, payload=payload, configs=configs, dry_run=dry_run)
