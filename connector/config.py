"""Named connection configs: credentials, endpoint, timeouts and retry settings.

A config is what Mule calls a global element: flows name it with ``config-ref``. It is given as a
mapping with camelCase keys (``accountSid``, ``authToken``...) or built with :class:`Config`.
Values may hold ``${env:NAME}`` or ``${env:NAME:-default}`` placeholders. Secrets are kept as
:class:`Secret` (shown as ``**********``) and never appear in a repr, a log line or an error.

The rules are pydantic models' (:mod:`connector._config_model`, the source of the published
JSON Schema and of every message about a bad config). A config that is plainly good (text where
text goes, numbers in range, known keys) is checked here by the same rules without importing
pydantic, which would be most of the start-up of a script that sends one message; anything else
(a wrong key, a value out of range, text where a number goes) is handed to the models, which
convert it as they always did or report every problem.
"""

from __future__ import annotations

import importlib
import math
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from connector.errors import ConfigError, suggest, with_hint

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from connector._config_model import DomainUrls, RetrySettings

__all__ = [
    "DEFAULT_BASE_URL",
    "DOMAINS",
    "ENV_VARIABLES",
    "STAND_IN_ACCOUNT_SID",
    "Config",
    "DomainUrls",
    "RetrySettings",
    "Secret",
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

#: The Twilio domains operations are sent to, as in ``https://{domain}.twilio.com`` (the
#: fields of :class:`DomainUrls`, in order).
DOMAINS = ("api", "messaging", "content", "verify", "lookups")

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


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    import ipaddress  # noqa: PLC0415 - only for http:// origins (the emulator)

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _models() -> Any:
    """The pydantic models (imported on first use)."""
    return importlib.import_module("connector._config_model")


def __getattr__(name: str) -> Any:
    """``RetrySettings`` and ``DomainUrls``, the pydantic models, imported when asked for."""
    if name in ("RetrySettings", "DomainUrls"):
        return getattr(_models(), name)
    raise AttributeError(f"module 'connector.config' has no attribute {name!r}")


class Secret:
    """A secret text: shown as ``**********``, revealed only by :meth:`get_secret_value`
    (as pydantic's ``SecretStr``)."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        """The secret itself."""
        return self._value

    def __repr__(self) -> str:
        return "SecretStr('**********')" if self._value else "SecretStr('')"

    def __str__(self) -> str:
        return "**********" if self._value else ""

    def __len__(self) -> int:
        return len(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class _Frozen:
    """Fields set once; equal when the fields are; shown as pydantic shows a model."""

    _fields: tuple[str, ...] = ()
    _name = ""

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is frozen: make another one instead")

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._values() == self._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self._name}({shown})"


class Retry(_Frozen):
    """Retry policy: attempts in all, the capped exponential backoff, the longest Retry-After
    (the values of :class:`RetrySettings`)."""

    _fields = ("max_attempts", "initial_delay", "max_delay", "max_retry_after")
    _name = "RetrySettings"
    max_attempts: int
    initial_delay: float
    max_delay: float
    max_retry_after: float

    def __init__(
        self,
        max_attempts: int = 4,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: float = 60.0,
    ) -> None:
        self._set(
            max_attempts=max_attempts,
            initial_delay=initial_delay,
            max_delay=max_delay,
            max_retry_after=max_retry_after,
        )


class Domains(_Frozen):
    """Origins for single Twilio domains (the values of :class:`DomainUrls`)."""

    _fields = DOMAINS
    _name = "DomainUrls"
    api: str | None
    messaging: str | None
    content: str | None
    verify: str | None
    lookups: str | None

    def __init__(self, **origins: str | None) -> None:
        self._set(**{domain: origins.get(domain) for domain in DOMAINS})


class _ModelAccess(type):
    """The pydantic model's class-level API on :class:`Config` (its fields, its schema)."""

    @property
    def model_fields(cls) -> dict[str, FieldInfo]:
        """The model's fields (with their aliases and descriptions)."""
        fields: dict[str, FieldInfo] = _models().Config.model_fields
        return fields


class Config(_Frozen, metaclass=_ModelAccess):
    """One named connection to Twilio (or to the emulator).

    Build it from a mapping with :meth:`load` (or :meth:`from_env`), or as
    ``Config(accountSid=..., authToken=...)``; a bad config is a :class:`ConfigError` naming
    every problem. Its JSON Schema and dumps are the pydantic model's.
    """

    _fields = (
        "account_sid",
        "auth_token",
        "api_key",
        "api_secret",
        "base_url",
        "region",
        "edge",
        "domains",
        "connect_timeout",
        "read_timeout",
        "retry",
        "ca_bundle",
    )
    _name = "Config"
    account_sid: str
    auth_token: Secret | None
    api_key: str | None
    api_secret: Secret | None
    base_url: str
    region: str | None
    edge: str | None
    domains: Domains
    connect_timeout: float
    read_timeout: float
    retry: Retry
    ca_bundle: str | None

    def __init__(self, **data: Any) -> None:
        self._set(**_fields_of(data))

    @classmethod
    def _of(cls, fields: dict[str, Any]) -> Config:
        config = cls.__new__(cls)
        config._set(**fields)
        return config

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
        assert secret is not None  # guaranteed by the credentials rule
        return secret.get_secret_value()

    def signing_key(self) -> str | None:
        """The secret Twilio signs webhooks with (the auth token), revealed only to check a
        signature; ``None`` when the config has no auth token."""
        return self.auth_token.get_secret_value() if self.auth_token else None

    def with_base_url(self, base_url: str) -> Config:
        """A copy of this config pointed at another endpoint (the emulator, a proxy), checked
        as any ``baseUrl`` is: ``FLOW:CONFIG`` unless https:// or a loopback host."""
        data = self._given()
        data.update(baseUrl=base_url)
        for key in ("region", "edge", "domains"):
            data.pop(key, None)
        return Config._validated(data)

    def _given(self) -> dict[str, Any]:
        """The config as a mapping of its keys (secrets revealed; nothing left out but
        ``None``), as ``load`` takes it."""
        data: dict[str, Any] = {"accountSid": self.account_sid}
        for key, value in (
            ("authToken", self.auth_token),
            ("apiKey", self.api_key),
            ("apiSecret", self.api_secret),
            ("baseUrl", self.base_url),
            ("region", self.region),
            ("edge", self.edge),
            ("connectTimeout", self.connect_timeout),
            ("readTimeout", self.read_timeout),
            ("caBundle", self.ca_bundle),
        ):
            if value is not None:
                data[key] = value.get_secret_value() if isinstance(value, Secret) else value
        data["domains"] = {d: o for d in DOMAINS if (o := getattr(self.domains, d)) is not None}
        retry = self.retry
        data["retry"] = {
            "maxAttempts": retry.max_attempts,
            "initialDelay": retry.initial_delay,
            "maxDelay": retry.max_delay,
            "maxRetryAfter": retry.max_retry_after,
        }
        return data

    # -- the pydantic model's API ------------------------------------------------------------

    def model(self) -> Any:
        """This config as the pydantic model (for its dumps)."""
        return _models().Config.model_validate(self._given())

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The pydantic model's ``model_dump`` (secrets stay hidden)."""
        dumped: dict[str, Any] = self.model().model_dump(**options)
        return dumped

    def model_dump_json(self, **options: Any) -> str:
        """The pydantic model's ``model_dump_json`` (secrets stay hidden)."""
        dumped: str = self.model().model_dump_json(**options)
        return dumped

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        """The config's JSON Schema, as the pydantic model gives it."""
        schema: dict[str, Any] = _models().Config.model_json_schema(**options)
        return schema

    @classmethod
    def model_validate(cls, data: Any) -> Config:
        """A config from a mapping (placeholders not resolved); :class:`ConfigError` if bad."""
        if not isinstance(data, Mapping):
            return cls._by_models(data)
        return cls._validated(data)

    # -- loading -------------------------------------------------------------------------------

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
        return cls._of(_fields_of(data))

    @classmethod
    def _by_models(cls, data: Any) -> Config:
        return cls._of(_by_models(data))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """The ``default`` config from TWILIO_* variables, as twilio-python reads them."""
        env = os.environ if environ is None else environ
        data: dict[str, Any] = {key: env[var] for key, var in ENV_VARIABLES.items() if env.get(var)}
        if "accountSid" not in data:
            raise ConfigError("no config given and TWILIO_ACCOUNT_SID is not set")
        return cls.load(data, env)


# -- checking ----------------------------------------------------------------------------------


def _fields_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a config: checked here when plainly good, else by the pydantic models
    (which convert what they convert, or raise :class:`ConfigError` naming every problem)."""
    fields = _plainly_good(data)
    return fields if fields is not None else _by_models(data)


def _by_models(data: Any) -> dict[str, Any]:
    models = _models()
    try:
        model = models.Config.model_validate(data)
    except models.PydanticValidationError as exc:
        raise ConfigError("invalid config", models.problems(exc)) from None
    retry = model.retry
    return {
        "account_sid": model.account_sid,
        "auth_token": _secret(model.auth_token),
        "api_key": model.api_key,
        "api_secret": _secret(model.api_secret),
        "base_url": model.base_url,
        "region": model.region,
        "edge": model.edge,
        "domains": Domains(**{d: getattr(model.domains, d) for d in DOMAINS}),
        "connect_timeout": model.connect_timeout,
        "read_timeout": model.read_timeout,
        "retry": Retry(
            retry.max_attempts, retry.initial_delay, retry.max_delay, retry.max_retry_after
        ),
        "ca_bundle": model.ca_bundle,
    }


def _secret(value: Any) -> Secret | None:
    return None if value is None else Secret(value.get_secret_value())


_SID = re.compile(r"AC[0-9a-fA-F]{32}")
_KEY = re.compile(r"SK[0-9a-fA-F]{32}")
_NAME = re.compile(r"[a-z0-9-]+")
_TEXT = {
    "accountSid": "account_sid",
    "authToken": "auth_token",
    "apiKey": "api_key",
    "apiSecret": "api_secret",
    "baseUrl": "base_url",
    "region": "region",
    "edge": "edge",
    "caBundle": "ca_bundle",
}
_OPTIONAL = frozenset({"authToken", "apiKey", "apiSecret", "region", "edge", "caBundle"})
#: Numbers: alias, field, and the bounds (low, whether low itself is allowed, high).
_NUMBERS = {
    "connectTimeout": ("connect_timeout", 0.0, False, 300.0),
    "readTimeout": ("read_timeout", 0.0, False, 600.0),
}
_RETRY = {
    "maxAttempts": ("max_attempts", 1, True, 10),
    "initialDelay": ("initial_delay", 0.0, True, 60.0),
    "maxDelay": ("max_delay", 0.0, True, 300.0),
    "maxRetryAfter": ("max_retry_after", 0.0, True, 3600.0),
}


def _plainly_good(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of a config the models would accept as they are, or ``None`` when it is not
    plainly so (then the models decide): known keys only, text already trimmed where text
    goes, numbers (not text, not booleans) within their bounds, a retry and a domains mapping
    of the same kind, credentials complete."""
    if not isinstance(data, Mapping) or not all(
        key in _TEXT or key in _NUMBERS or key in ("retry", "domains") for key in data
    ):
        return None
    fields: dict[str, Any] = {
        "auth_token": None,
        "api_key": None,
        "api_secret": None,
        "base_url": DEFAULT_BASE_URL,
        "region": None,
        "edge": None,
        "domains": Domains(),
        "connect_timeout": 10.0,
        "read_timeout": 30.0,
        "retry": Retry(),
        "ca_bundle": None,
    }
    for key, name in _TEXT.items():
        if key not in data or (data[key] is None and key in _OPTIONAL):
            continue
        value = data[key]
        if type(value) is not str or value != value.strip():
            return None
        fields[name] = value
    if not _text_is_good(fields):
        return None
    for key, (name, low, inclusive, high) in _NUMBERS.items():
        if key in data:
            number = _number(data[key], low, inclusive, high, float)
            if number is None:
                return None
            fields[name] = number
    if "retry" in data and (retry := _retry(data["retry"])) is None:
        return None
    if "retry" in data:
        fields["retry"] = retry
    if "domains" in data and (domains := _domains(data["domains"])) is None:
        return None
    if "domains" in data:
        fields["domains"] = domains
    for name in ("auth_token", "api_secret"):
        if fields[name] is not None:
            fields[name] = Secret(fields[name])
    has_token = fields["auth_token"] is not None
    has_key = fields["api_key"] is not None or fields["api_secret"] is not None
    if not has_token and not has_key:
        return None
    if has_key and (fields["api_key"] is None or fields["api_secret"] is None):
        return None
    return fields


def _text_is_good(fields: dict[str, Any]) -> bool:
    """Whether the text fields match their patterns (and the base URL is an origin); the base
    URL is written as the models write it."""
    if not isinstance(fields.get("account_sid"), str) or not _SID.fullmatch(fields["account_sid"]):
        return False
    if fields["api_key"] is not None and not _KEY.fullmatch(fields["api_key"]):
        return False
    for name in ("region", "edge"):
        if fields[name] is not None and not _NAME.fullmatch(fields[name]):
            return False
    try:
        fields["base_url"] = _check_origin(fields["base_url"])
    except ValueError:
        return False
    return True


def _number(
    value: Any, low: float, inclusive: bool, high: float, kind: type[float] | type[int]
) -> float | None:
    """A number within its bounds as the models keep it, or ``None``."""
    if type(value) not in (int, float) or (kind is int and type(value) is not int):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not (low <= value if inclusive else low < value) or value > high:
        return None
    return kind(value)


def _retry(given: Any) -> Retry | None:
    if not isinstance(given, Mapping) or not all(key in _RETRY for key in given):
        return None
    values: dict[str, Any] = {}
    for key, (name, low, inclusive, high) in _RETRY.items():
        if key in given:
            kind = int if name == "max_attempts" else float
            number = _number(given[key], low, inclusive, high, kind)
            if number is None:
                return None
            values[name] = number
    return Retry(**values)


def _domains(given: Any) -> Domains | None:
    if not isinstance(given, Mapping) or not all(key in DOMAINS for key in given):
        return None
    origins: dict[str, str | None] = {}
    for domain, value in given.items():
        if value is None:
            continue
        if type(value) is not str or value != value.strip():
            return None
        try:
            origins[domain] = _check_origin(value)
        except ValueError:
            return None
    return Domains(**origins)
