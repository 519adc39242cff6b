"""The steps of a flow (README: A flow): one small class each, parsed once, run many times.

Steps are split by concern: :mod:`~flows.steps.operation` (``twilio:<operation>``),
:mod:`~flows.steps.data` (``set-variable``, ``set-payload``, ``logger``),
:mod:`~flows.steps.routing` (``choice``, ``foreach``, ``parallel-foreach``, ``flow-ref``),
:mod:`~flows.steps.scopes` (``try`` and its handlers, ``until-successful``, ``raise-error``) and
:mod:`~flows.steps.twiml` (``twiml``, a webhook's TwiML reply).
Each class registers itself under its kind and carries its piece of the flow-file JSON
Schema; adding a step is one class in one of these modules (or a new one imported here) and
a regenerated ``schemas/flow.json`` (``python -m flows.schemagen``).
"""

from __future__ import annotations

from flows.steps.base import PREFIXED, STEPS, FlowCall, ParseContext, Step, parse_steps
from flows.steps.data import Logger, SetPayload, SetVariable
from flows.steps.files import FileWrite
from flows.steps.flow import Flow, parse_flow
from flows.steps.operation import OPERATION_PREFIX, OperationStep
from flows.steps.routing import DEFAULT_CONCURRENCY, Choice, FlowRef, Foreach, ParallelForeach
from flows.steps.scopes import (
    Handler,
    RaiseError,
    Try,
    UntilSuccessful,
    known_error_types,
    parse_handlers,
)
from flows.steps.twiml import Twiml

__all__ = [
    "DEFAULT_CONCURRENCY",
    "OPERATION_PREFIX",
    "PREFIXED",
    "STEPS",
    "Choice",
    "FileWrite",
    "Flow",
    "FlowCall",
    "FlowRef",
    "Foreach",
    "Handler",
    "Logger",
    "OperationStep",
    "ParallelForeach",
    "ParseContext",
    "RaiseError",
    "SetPayload",
    "SetVariable",
    "Step",
    "Try",
    "Twiml",
    "UntilSuccessful",
    "known_error_types",
    "parse_flow",
    "parse_handlers",
    "parse_steps",
]
