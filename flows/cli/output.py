"""What every command prints with, light enough for the commands that start fast: exit codes
and JSON on stdout.

stdout carries only results (JSON); logs, progress and errors go to stderr. Exit codes: 0
success, 1 an error at run time, 2 invalid usage or input (nothing was sent), 130 stopped by
Ctrl-C.
"""

from __future__ import annotations

import json
import sys
import textwrap
from typing import IO, Any

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "write_json"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: As shells report a process stopped by SIGINT: 128 + 2.
EXIT_INTERRUPTED = 130


def _paged(value: Any) -> bool:
    """Whether `value` is a lazy list of records (only once the connector is loaded can one
    exist, so the connector is not imported to ask)."""
    results = sys.modules.get("connector.results")
    return results is not None and isinstance(value, results.PagedList)


def _default(value: Any) -> Any:
    if _paged(value):
        return list(value)
    if isinstance(value, bytes):
        raise TypeError("binary media cannot be printed as JSON: use --output FILE")
    raise TypeError(f"cannot print a {type(value).__name__} as JSON")


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)


def write_json(data: Any, stream: IO[str] | None = None) -> None:
    """Print a result as 2-space indented JSON; a lazy list is streamed record by record (one
    page in memory), laid out exactly as the same records in a list would be."""
    out = stream or sys.stdout
    if _paged(data):
        separator = "[\n"
        for record in data:
            out.write(separator + textwrap.indent(_dumps(record), "  "))
            separator = ",\n"
        out.write("[]\n" if separator == "[\n" else "\n]\n")
    else:
        out.write(_dumps(data) + "\n")
    out.flush()
