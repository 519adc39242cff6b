"""twilio-connector's core: configs, the HTTP funnel, errors, paging and the Connector facade.

This package knows nothing of individual operations or of flows; operations come from a
catalog (see :mod:`connector.client`).
"""

from __future__ import annotations

from connector.client import Connector, OnOutcomeUnknown, OperationCatalog, OperationSpec
from connector.config import (
    DOMAINS,
    STAND_IN_ACCOUNT_SID,
    Config,
    DomainUrls,
    RetrySettings,
    resolve_placeholders,
)
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
from connector.ledger import Ledger, SqliteLedger
from connector.once import SendReport
from connector.results import Attributes, PagedList, Result

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
