"""Named connection configs: credentials, endpoint, timeouts and retry settings.

A config is what Mule calls a global element: flows name it with ``config-ref``. It is given as a
mapping with camelCase keys (``accountSid``, ``authToken``...) or built with :class:`Config`.
Values may hold ``${env:NAME}`` or ``${env:NAME:-default}`` placeholders. Secrets are kept as
:class:`pydantic.SecretStr` and never appear in a repr, a log line or an error.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from connector.errors import ConfigError, Problem, suggest, with_hint

__all__ = [
    "DEFAULT_BASE_URL",
    "DOMAINS",
    "ENV_VARIABLES",
    "STAND_IN_ACCOUNT_SID",
    "Config",
    "DomainUrls",
    "RetrySettings",
    "resolve_placeholders",
]

DEFAULT_BASE_URL = "https://api.twilio.com"
#: A well-formed account SID that is no one's: for requests that are described, never sent.
STAND_IN_ACCOUNT_SID = "AC" + "0" * 32

#: The TWILIO_* variable each key of the ``default`` config is read from, as twilio-python does.
ENV_VARIABLES = {
    "accountSid": "TWILIO_ACCOUNT_SID",
    "authToken": "TWILIO_AUTH_TOKEN",
    "apiKey": "TWILIO_API_KEY",
    "apiSecret": "TWILIO_API_SECRET",
    "region": "TWILIO_REGION",
    "edge": "TWILIO_EDGE",
}

_PLACEHOLDER = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-(.*?))?\}")


def resolve_placeholders(value: Any, environ: Mapping[str, str] | None = None) -> Any:
    """Replace ``${env:NAME}`` and ``${env:NAME:-default}`` in every string of ``value``.

    A variable that is not set and has no default is an error that names the variable.
    """
    env = os.environ if environ is None else environ
    if isinstance(value, str):

        def substitute(match: re.Match[str]) -> str:
            name, default = match.group(1), match.group(2)
            if name in env:
                return env[name]
            if default is not None:
                return default
            raise ConfigError(f"environment variable {name} is not set")

        return _PLACEHOLDER.sub(substitute, value)
    if isinstance(value, Mapping):
        return {key: resolve_placeholders(item, env) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve_placeholders(item, env) for item in value]
    return value


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True
    )


class RetrySettings(_Model):
    """Retry policy: attempts in all, the capped exponential backoff, the longest Retry-After."""

    max_attempts: int = Field(
        4, alias="maxAttempts", ge=1, le=10, description="Attempts in all, the first included."
    )
    initial_delay: float = Field(
        0.5, alias="initialDelay", ge=0, le=60, description="Seconds before the first retry."
    )
    max_delay: float = Field(
        8.0,
        alias="maxDelay",
        ge=0,
        le=300,
        description="The longest backoff between attempts, in seconds, without a Retry-After.",
    )
    max_retry_after: float = Field(
        60.0,
        alias="maxRetryAfter",
        ge=0,
        le=3600,
        description="The longest Retry-After waited for, in seconds; a longer one fails at once.",
    )


def _check_origin(value: str) -> str:
    """An origin requests may be sent to: https://, or http:// to a loopback host."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError("must be an absolute URL such as https://api.twilio.com")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError("must use https:// unless the host is loopback (the emulator)")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("must be scheme://host[:port] with no path")
    return value.rstrip("/")


class DomainUrls(_Model):
    """Origins for single Twilio domains, each winning over baseUrl, region and edge."""

    api: str | None = Field(
        None, description="For api.twilio.com: the 2010 API (messages, calls, numbers...)."
    )
    messaging: str | None = Field(
        None, description="For messaging.twilio.com: Messaging Services (v1)."
    )
    content: str | None = Field(None, description="For content.twilio.com: content templates (v1).")
    verify: str | None = Field(None, description="For verify.twilio.com: Verify (v2).")
    lookups: str | None = Field(None, description="For lookups.twilio.com: Lookup (v2).")

    @field_validator("*")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        return None if value is None else _check_origin(value)


#: The Twilio domains operations are sent to, as in ``https://{domain}.twilio.com``.
DOMAINS = tuple(DomainUrls.model_fields)


class Config(_Model):
    """One named connection to Twilio (or to the emulator)."""

    account_sid: str = Field(
        alias="accountSid", pattern=r"^AC[0-9a-fA-F]{32}$", description="The account SID (AC...)."
    )
    auth_token: SecretStr | None = Field(
        None,
        alias="authToken",
        description="The auth token (or give apiKey and apiSecret). With an API key it only "
        "checks the signatures of Twilio's webhooks (flow sources need it).",
    )
    api_key: str | None = Field(
        None, alias="apiKey", pattern=r"^SK[0-9a-fA-F]{32}$", description="An API key SID (SK...)."
    )
    api_secret: SecretStr | None = Field(
        None, alias="apiSecret", description="The API key's secret."
    )
    base_url: str = Field(
        DEFAULT_BASE_URL,
        alias="baseUrl",
        description="Where every domain's requests go: a proxy, or the emulator's "
        "http://127.0.0.1:PORT. Left at https://api.twilio.com, each domain has its own "
        "https://{domain}.twilio.com.",
    )
    region: str | None = Field(
        None,
        pattern=r"^[a-z0-9-]+$",
        description="Twilio region, such as ie1 (with edge): https://{domain}.{edge}.{region}"
        ".twilio.com.",
    )
    edge: str | None = Field(
        None,
        pattern=r"^[a-z0-9-]+$",
        description="Twilio edge location, such as dublin (region us1 unless given).",
    )
    domains: DomainUrls = Field(
        default_factory=DomainUrls,
        description="The origin of one Twilio domain (such as messaging), instead of baseUrl "
        "or https://{domain}.twilio.com with region and edge.",
    )
    connect_timeout: float = Field(
        10.0, alias="connectTimeout", gt=0, le=300, description="Seconds to wait for a connection."
    )
    read_timeout: float = Field(
        30.0, alias="readTimeout", gt=0, le=600, description="Seconds to wait for an answer."
    )
    retry: RetrySettings = Field(default_factory=RetrySettings)
    ca_bundle: str | None = Field(
        None, alias="caBundle", description="A CA bundle file for TLS verification (always on)."
    )

    @field_validator("base_url")
    @classmethod
    def _check_base_url(cls, value: str) -> str:
        return _check_origin(value)

    @model_validator(mode="after")
    def _check_credentials(self) -> Config:
        has_token = self.auth_token is not None
        has_key = self.api_key is not None or self.api_secret is not None
        if not has_token and not has_key:
            raise ValueError("credentials missing: give authToken, or apiKey with apiSecret")
        if has_key and (self.api_key is None or self.api_secret is None):
            raise ValueError("apiKey and apiSecret go together")
        return self

    @property
    def url(self) -> str:
        """The origin of the ``api`` domain (the 2010 API)."""
        return self.origin("api")

    def origin(self, domain: str) -> str:
        """The origin a domain's requests go to: its ``domains`` entry, else ``baseUrl`` when
        set, else ``https://{domain}[.{edge}][.{region}].twilio.com`` as twilio-python builds it
        (an edge without a region is in us1)."""
        if domain not in DOMAINS:
            hint = suggest(domain, DOMAINS)
            raise ConfigError(with_hint(f"unknown Twilio domain {domain!r}", hint))
        override: str | None = getattr(self.domains, domain)
        if override is not None:
            return override
        if self.base_url != DEFAULT_BASE_URL:
            return self.base_url
        region = self.region or ("us1" if self.edge else None)
        return "https://" + ".".join(p for p in (domain, self.edge, region, "twilio.com") if p)

    @property
    def username(self) -> str:
        """The Basic-auth user: the API key when one is given, else the account SID."""
        return self.api_key or self.account_sid

    def password(self) -> str:
        """The Basic-auth secret, revealed only to build the Authorization header."""
        secret = self.api_secret if self.api_key else self.auth_token
        assert secret is not None  # guaranteed by _check_credentials
        return secret.get_secret_value()

    def signing_key(self) -> str | None:
        """The secret Twilio signs webhooks with (the auth token), revealed only to check a
        signature; ``None`` when the config has no auth token."""
        return self.auth_token.get_secret_value() if self.auth_token else None

    def with_base_url(self, base_url: str) -> Config:
        """A copy of this config pointed at another endpoint (the emulator, a proxy), checked
        as any ``baseUrl`` is: ``FLOW:CONFIG`` unless https:// or a loopback host."""
        data = self.model_dump(by_alias=True, exclude_none=True)
        data.update(baseUrl=base_url, region=None, edge=None, domains={})
        return Config._validated(data)

    @classmethod
    def load(
        cls, data: Config | Mapping[str, Any], environ: Mapping[str, str] | None = None
    ) -> Config:
        """Build a config from a mapping, resolving placeholders and reporting every problem."""
        if isinstance(data, Config):
            return data
        if not isinstance(data, Mapping):
            raise ConfigError(f"a config must be a mapping, not {type(data).__name__}")
        return cls._validated(resolve_placeholders(dict(data), environ))

    @classmethod
    def _validated(cls, data: Mapping[str, Any]) -> Config:
        try:
            return cls.model_validate(data)
        except PydanticValidationError as exc:
            raise ConfigError("invalid config", _problems(exc)) from None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """The ``default`` config from TWILIO_* variables, as twilio-python reads them."""
        env = os.environ if environ is None else environ
        data: dict[str, Any] = {key: env[var] for key, var in ENV_VARIABLES.items() if env.get(var)}
        if "accountSid" not in data:
            raise ConfigError("no config given and TWILIO_ACCOUNT_SID is not set")
        return cls.load(data, env)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_FIELD_NAMES = sorted(
    {field.alias or name for name, field in Config.model_fields.items()}
    | {field.alias or name for name, field in RetrySettings.model_fields.items()}
)


def _problems(exc: PydanticValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_input=False, include_url=False):
        path = ".".join(str(part) for part in err["loc"])
        hint = None
        if err["type"] == "extra_forbidden":
            message = "unknown key"
            candidates = DOMAINS if err["loc"][0] == "domains" else _FIELD_NAMES
            hint = suggest(str(err["loc"][-1]), candidates)
        elif err["type"] == "missing":
            message = "is required"
        else:
            message = err["msg"].removeprefix("Value error, ")
        problems.append(Problem(path, message, hint))
    return problems
