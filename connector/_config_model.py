"""The config's pydantic models: the source of its JSON Schema and of its messages for bad
configs. :mod:`connector.config` checks a good config without them (so a process that sends a
message does not import pydantic); it comes here for what it cannot tell at once, to report what
is wrong, or to dump a config.
"""

from __future__ import annotations

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    field_validator,
    model_validator,
)
from pydantic import ValidationError as PydanticValidationError

from connector.config import DEFAULT_BASE_URL, DOMAINS, _check_origin
from connector.errors import Problem, suggest

__all__ = ["Config", "DomainUrls", "RetrySettings", "problems"]


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


_FIELD_NAMES = sorted(
    {field.alias or name for name, field in Config.model_fields.items()}
    | {field.alias or name for name, field in RetrySettings.model_fields.items()}
)


def problems(exc: PydanticValidationError) -> list[Problem]:
    """The problems of a config pydantic refused, by path, with did-you-mean hints."""
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


if tuple(DomainUrls.model_fields) != DOMAINS:  # pragma: no cover - a guard for editors
    raise RuntimeError("connector.config.DOMAINS and DomainUrls disagree")
