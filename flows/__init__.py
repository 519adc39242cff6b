"""The flow runner: YAML flows of Twilio operations, checked statically, run with Mule's semantics.

>>> from flows import run_file
>>> run_file("flows/examples/notify.yaml", vars={"to": "+14155550100"})  # doctest: +SKIP

A flow file has ``configs:`` (credentials; README: Configs) and ``flows:`` (lists of steps;
README: A flow); strings hold ``#[...]`` expressions (README: A flow). Its format is
the JSON Schema in ``schemas/flow.json``.
"""

from __future__ import annotations

import typing
from importlib import import_module
from typing import Any

if typing.TYPE_CHECKING:
    from flows.api import load_file, run_file, validate_file
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


#: Where each public name is defined: imported on first use, so that importing a part of
#: the package (the command line's ``--help``, say) does not import the whole runner.
_HOMES = {
    **dict.fromkeys(("load_file", "run_file", "validate_file"), "flows.api"),
    **dict.fromkeys(("FlowFile", "flow_schema"), "flows.document"),
    **dict.fromkeys(
        (
            "CompositeRoutingError",
            "ExpressionError",
            "FlowConfigError",
            "FlowError",
            "FlowRecursionError",
            "FlowValidationError",
            "RaisedError",
            "RetryExhaustedError",
            "Where",
        ),
        "flows.errors",
    ),
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module when first asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'flows' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
