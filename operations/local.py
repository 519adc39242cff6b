"""Operations worked out here, from their parameters and the config, that send no HTTP request
(create-access-token, say): :class:`LocalOperation`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any

from connector import STAND_IN_ACCOUNT_SID, Attributes, Config, HttpClient, Result
from operations.base import Operation

__all__ = ["LocalOperation"]


class LocalOperation(Operation, ABC):
    """An operation worked out here, from its parameters and the config: it sends no HTTP
    request, so it has no method, path or success status.

    Its parameters are declared and validated as any operation's; :meth:`check_config` says
    what it needs of the config and :meth:`compute` makes the result (JSON data). Its
    attributes name no request. In a dry run the input and the config are checked (unless
    the config is a dry run's stand-in) and nothing is computed: the payload is ``None``, as
    for an operation whose request is not sent.
    """

    sends_request = False

    def __repr__(self) -> str:
        return f"<operation {self.name}: no HTTP request>"

    @property
    def model(self) -> None:
        """No record model: the result is not a Twilio resource."""
        return None

    @property
    def idempotent(self) -> bool:
        """Always: nothing is sent, so running it again does no harm."""
        return True

    def check_config(self, config: Config) -> None:
        """Raise :class:`~connector.ConfigError` if ``config`` lacks what this operation needs."""

    @abstractmethod
    def compute(self, config: Config, values: Mapping[str, Any]) -> Any:
        """The result for validated ``values``."""

    def execute(self, client: HttpClient, params: Mapping[str, Any]) -> Result:
        """Validate, check the config and compute the result; nothing is sent."""
        values = self.prepare(params, client.config.account_sid)
        if not (client.dry_run and client.config.account_sid == STAND_IN_ACCOUNT_SID):
            self.check_config(client.config)
        payload = None if client.dry_run else self.compute(client.config, values)
        return Result(payload, Attributes(None, None, None))
