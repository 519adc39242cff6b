"""twilio-connector's core: configs, the HTTP funnel, errors, paging and the Connector facade.

This package knows nothing of individual operations or of flows; operations come from a
catalog (see :mod:`connector.client`).
"""

from __future__ import annotations

import typing
from typing import Any

from connector.client import Connector, OnOutcomeUnknown, OperationCatalog, OperationSpec
from connector.config import DOMAINS, STAND_IN_ACCOUNT_SID, Config, resolve_placeholders
from connector.errors import (
    IDEMPOTENT_METHODS,
    BadRequestError,
    ClientError,
    ConfigError,
    ConnectivityError,
    ConnectorError,
    ForbiddenError,
    IdempotencyConflictError,
    LedgerError,
    MethodNotAllowedError,
    NotFoundError,
    OutcomeUnknownError,
    Problem,
    RequestTimeoutError,
    ServerError,
    TooManyRequestsError,
    TransportError,
    TwilioApiError,
    UnauthorizedError,
    UnknownOperationError,
    ValidationError,
)
from connector.http import ApiRequest, ApiResponse, HttpClient
from connector.results import Attributes, PagedList, Result

if typing.TYPE_CHECKING:
    from connector._config_model import DomainUrls, RetrySettings
    from connector.ledger import Ledger, SqliteLedger
    from connector.once import SendReport

#: Names imported when first asked for (neither the ledger nor pydantic's config models are
#: needed to send a message).
_LAZY = {
    "DomainUrls": "connector._config_model",
    "RetrySettings": "connector._config_model",
    "Ledger": "connector.ledger",
    "SqliteLedger": "connector.ledger",
    "SendReport": "connector.once",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'connector' has no attribute {name!r}")


__all__ = [
    "DOMAINS",
    "IDEMPOTENT_METHODS",
    "STAND_IN_ACCOUNT_SID",
    "ApiRequest",
    "ApiResponse",
    "Attributes",
    "BadRequestError",
    "ClientError",
    "Config",
    "ConfigError",
    "ConnectivityError",
    "Connector",
    "ConnectorError",
    "DomainUrls",
    "ForbiddenError",
    "HttpClient",
    "IdempotencyConflictError",
    "Ledger",
    "LedgerError",
    "MethodNotAllowedError",
    "NotFoundError",
    "OnOutcomeUnknown",
    "OperationCatalog",
    "OperationSpec",
    "OutcomeUnknownError",
    "PagedList",
    "Problem",
    "RequestTimeoutError",
    "Result",
    "RetrySettings",
    "SendReport",
    "ServerError",
    "SqliteLedger",
    "TooManyRequestsError",
    "TransportError",
    "TwilioApiError",
    "UnauthorizedError",
    "UnknownOperationError",
    "ValidationError",
    "resolve_placeholders",
]
