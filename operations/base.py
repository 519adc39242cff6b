"""The :class:`Operation` base class: a handful of class attributes make an operation.

A subclass names itself (``class MakeCall(Operation, name="make-call")``), says its HTTP
method, path, parameters and success status, and is registered at import. Running one is
always the same: convert the given values, validate them against the operation's JSON Schema
(every problem at once, nothing sent on failure), build an :class:`~connector.ApiRequest`,
send it through the one HTTP funnel, and shape the result. A
:class:`~operations.local.LocalOperation` works its result out here instead, from its
parameters and the config, and sends nothing.
"""

from __future__ import annotations

import copy
import importlib
import logging
import re
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import fastjsonschema

import schemas
from connector import (
    DOMAINS,
    IDEMPOTENT_METHODS,
    ApiRequest,
    ApiResponse,
    Attributes,
    HttpClient,
    MethodNotAllowedError,
    NotFoundError,
    PagedList,
    Problem,
    Result,
    ValidationError,
)
from operations.params import PAGING, Param
from operations.values import CHECKED_KINDS, shown

if TYPE_CHECKING:  # the typed models are built only when asked for
    from pydantic import BaseModel

__all__ = ["REGISTRY", "Operation"]

#: Every operation class, by name; filled as operation modules are imported.
REGISTRY: dict[str, type[Operation]] = {}

log = logging.getLogger("operations")

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_MEDIA = {".json": "json", ".mp3": "bytes", ".wav": "bytes", ".xml": "text", ".txt": "text"}


class _Refused:
    """Stands in, for the schema, for a value already refused (see :meth:`Param.screen`)."""

    def __repr__(self) -> str:
        return "<refused>"


_REFUSED = _Refused()


#: Formats are annotations in the published schemas (JSON Schema 2020-12 checks them only when
#: asked to; the patterns beside them do the checking), so the compiled check ignores them too.
_ANNOTATION_FORMATS: dict[str, Callable[[Any], bool]] = {
    name: lambda _: True for name in ("date", "date-time", "uri", "email")
}


def _draft7(schema: Mapping[str, Any]) -> dict[str, Any]:
    r"""A published (2020-12) input schema in the draft-07 terms fastjsonschema compiles:
    ``dependentRequired`` is draft-07's ``dependencies``; the ``$schema``/``$id`` go; and a
    ``$`` inside a character class is escaped, since fastjsonschema turns every unescaped
    ``$`` into ``\Z`` (right outside a class, where ECMA-262's ``$`` is the end of the text)."""
    out = copy.deepcopy(dict(schema))
    out.pop("$schema", None)
    out.pop("$id", None)
    if "dependentRequired" in out:
        out["dependencies"] = out.pop("dependentRequired")
    _escape_class_dollars(out)
    return out


def _escape_class_dollars(node: Any) -> None:
    """Escape the ``$`` in character classes of every ``pattern`` under `node`, in place."""
    if isinstance(node, list):
        for item in node:
            _escape_class_dollars(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                node[key] = _class_dollars_escaped(value)
            else:
                _escape_class_dollars(value)


def _class_dollars_escaped(pattern: str) -> str:
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == "$" and in_class:
            out.append("\\")
        out.append(char)
    return "".join(out)


class Operation:
    """One Twilio operation, declared by class attributes."""

    name: ClassVar[str]
    aliases: ClassVar[tuple[str, ...]] = ()
    method: ClassVar[str]
    #: The Twilio domain it is sent to (one of ``DOMAINS``): ``api`` is api.twilio.com.
    domain: ClassVar[str] = "api"
    #: The family it is listed under: its module's ``FAMILY``, else the module's name in words
    #: (``messaging_services`` is "messaging services").
    family: ClassVar[str]
    path: ClassVar[str]
    #: Other paths, tried first: the first whose placeholders are all given is used.
    alternate_paths: ClassVar[tuple[str, ...]] = ()
    #: The status Twilio answers on success, as its OpenAPI says; another 2xx is logged.
    success: ClassVar[int] = 200
    params: ClassVar[tuple[Param, ...]] = ()
    #: Groups of parameter names of which exactly one must be given.
    exactly_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    #: Groups of parameter names of which one or more must be given.
    at_least_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    #: Parameters that need others: a name, and the names that must be given with it.
    needs: ClassVar[dict[str, tuple[str, ...]]] = {}
    #: Form fields every request carries, whatever is given (``Status=canceled``).
    fixed_form: ClassVar[dict[str, str]] = {}
    #: Groups of parameter names of which at most one may be given (two names for one field).
    at_most_one_of: ClassVar[tuple[tuple[str, ...], ...]] = ()
    #: Parameters that need others only for one value: a name, its value, and the names that
    #: must be given with it then (Twilio's ``coaching: true`` needs ``callSidToCoach``).
    needs_when: ClassVar[dict[str, tuple[Any, tuple[str, ...]]]] = {}
    #: For list operations: the key of the records in Twilio's list envelope.
    list_key: ClassVar[str | None] = None
    #: For list lookups that return one record: the first match, or NOT_FOUND.
    first_only: ClassVar[bool] = False
    #: For operations on resources Twilio retired: what to use instead.
    retired: ClassVar[str | None] = None
    #: False for a :class:`~operations.local.LocalOperation`, which has no method, path or
    #: success status.
    sends_request: ClassVar[bool] = True

    def __init_subclass__(cls, name: str | None = None, aliases: tuple[str, ...] = (), **kw: Any):
        super().__init_subclass__(**kw)
        if name is None:
            return
        for key in (name, *aliases):
            if key in REGISTRY:
                raise TypeError(
                    f"operation name '{key}' is declared twice: "
                    f"{REGISTRY[key].__qualname__} and {cls.__qualname__}"
                )
        if cls.domain not in DOMAINS:
            raise TypeError(f"{cls.__qualname__}.domain {cls.domain!r} is not one of {DOMAINS}")
        cls.name = name
        cls.aliases = aliases
        module = sys.modules[cls.__module__]
        words = cls.__module__.rsplit(".", 1)[-1].replace("_", " ")
        cls.family = getattr(module, "FAMILY", words)
        for key in (name, *aliases):
            REGISTRY[key] = cls

    def __repr__(self) -> str:
        return f"<operation {self.name}: {self.method} {self.path}>"

    # -- description -----------------------------------------------------------------------

    @property
    def summary(self) -> str:
        """One line on what the operation does (its docstring's first line)."""
        return (type(self).__doc__ or "").strip().splitlines()[0]

    @property
    def model(self) -> type[BaseModel] | None:
        """The pydantic model of this operation's records, for typed access (optional)."""
        models = importlib.import_module("operations.models")  # built only when asked for
        model: type[BaseModel] | None = models.model_for(self.path, self.method)
        return model

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request is harmless (its method is one of IDEMPOTENT_METHODS)."""
        return self.method in IDEMPOTENT_METHODS

    @cached_property
    def json_body(self) -> bool:
        """Whether the request's body is JSON (its parameters are sent ``in: json``), as
        Twilio's Content API takes it, rather than a form."""
        return any(p.location == "json" for p in self.params)

    @cached_property
    def all_params(self) -> tuple[Param, ...]:
        """The declared parameters, and ``limit``/``pageSize`` for list operations."""
        return self.params + (PAGING if self.list_key and not self.first_only else ())

    @cached_property
    def by_name(self) -> dict[str, Param]:
        """Parameters by every name a user may write (inequality twins included)."""
        table = {p.name: p for p in self.all_params}
        for p in self.all_params:
            for extra in p.bound_names():
                table[extra] = p
        return table

    def build_schema(self) -> dict[str, Any]:
        """This operation's input JSON Schema, generated from its parameters."""
        properties: dict[str, Any] = {}
        required = []
        for p in self.all_params:
            properties[p.name] = p.schema()
            for extra, wire in p.bound_names().items():
                bound = p.schema()
                bound["description"] = f"Only records with {p.wire} {wire[-1]}= this date."
                properties[extra] = bound
            if p.required:
                required.append(p.name)
        schema: dict[str, Any] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:twilio-connector:operation:{self.name}",
            "title": self.name,
            "description": self.summary,
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            schema["required"] = required
        rules: list[dict[str, Any]] = [
            {"oneOf": [{"required": [n]} for n in group]} for group in self.exactly_one_of
        ]
        rules += [{"anyOf": [{"required": [n]} for n in group]} for group in self.at_least_one_of]
        rules += [
            {"not": {"anyOf": [{"required": list(pair)} for pair in combinations(group, 2)]}}
            for group in self.at_most_one_of
        ]
        rules += [
            {
                "if": {"properties": {name: {"const": value}}, "required": [name]},
                "then": {"required": list(names)},
            }
            for name, (value, names) in self.needs_when.items()
        ]
        if rules:
            schema["allOf"] = rules
        if self.needs:
            schema["dependentRequired"] = {name: list(names) for name, names in self.needs.items()}
        return schema

    @cached_property
    def input_schema(self) -> dict[str, Any]:
        """The input JSON Schema, as published in ``schemas/operations/<name>.json``."""
        return schemas.load(f"operations/{self.name}")

    @cached_property
    def _fast_check(self) -> Callable[[Any], Any]:
        """The input schema compiled into Python (fastjsonschema): it says whether values are
        valid in a few microseconds; :mod:`operations.explain` says why not, when they are not
        (so its exceptions need not carry the schema and the value: without them the code to
        compile is a third as long, which is most of the first call's cost)."""
        schema = _draft7(self.input_schema)
        try:
            compiled: Callable[[Any], Any] = fastjsonschema.compile(
                schema, formats=_ANNOTATION_FORMATS, detailed_exceptions=False
            )
        except KeyError:  # fastjsonschema 2.22 cannot word a ``const`` rule without details
            compiled = fastjsonschema.compile(schema, formats=_ANNOTATION_FORMATS)
        return compiled

    def _valid(self, values: Mapping[str, Any]) -> bool:
        try:
            self._fast_check(values)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def describe(self) -> dict[str, Any]:
        """Name, summary, request line and parameters, for ``describe`` and docs."""
        rows = [p.describe() for p in self.all_params]
        data: dict[str, Any] = {"name": self.name, "family": self.family, "summary": self.summary}
        if self.sends_request:
            data |= {"method": self.method, "path": self.path, "success": self.success}
        else:
            data["sendsRequest"] = False
        data |= {"idempotent": self.idempotent, "parameters": rows}
        if self.aliases:
            data["aliases"] = list(self.aliases)
        if self.exactly_one_of:
            data["exactlyOneOf"] = [list(group) for group in self.exactly_one_of]
        if self.at_least_one_of:
            data["atLeastOneOf"] = [list(group) for group in self.at_least_one_of]
        if self.needs:
            data["needs"] = {name: list(names) for name, names in self.needs.items()}
        if self.fixed_form:
            data["sends"] = dict(self.fixed_form)
        if self.at_most_one_of:
            data["atMostOneOf"] = [list(group) for group in self.at_most_one_of]
        if self.retired:
            data["retired"] = self.retired
        return data

    # -- running ---------------------------------------------------------------------------

    def prepare(self, given: Mapping[str, Any], account: str | None = None) -> dict[str, Any]:
        """Converted and validated values by parameter name; raises :class:`ValidationError`.

        Whatever is given, the outcome is the values or a ValidationError naming every
        problem by its parameter: names that are not text, values that are not scalars or
        cannot be sent (see :meth:`Param.screen`), what the schema refuses, and dates that
        do not exist (see :meth:`Param.check`).
        """
        if not isinstance(given, Mapping):
            problem = Problem(
                "", f"parameters must be a mapping of names to values, not {shown(given)}"
            )
            raise ValidationError([problem], operation=self.name)
        values: dict[str, Any] = {}
        refused: dict[str, Problem] = {}
        by_name = self.by_name
        for given_key, raw in given.items():
            if raw is None:
                continue
            if not (isinstance(given_key, str) and given_key.isprintable()):
                odd = self._odd_name(given_key)
                assert odd is not None
                refused[odd.path] = odd
                continue
            param = by_name.get(given_key)
            if param is None:
                values[given_key] = _REFUSED  # reported by name as unknown; its value is moot
                continue
            if (reason := param.screen(raw)) is not None:
                refused[given_key] = Problem(given_key, reason)
                values[given_key] = _REFUSED
                continue
            if param.from_config and raw == "":
                continue  # "leave empty to use" the config's account
            key, value = given_key, raw
            if param.inequalities and key == param.name and isinstance(raw, str):
                key, value = _split_inequality(param.name, raw.strip())
            values[key] = param.coerce(value)
        for name, from_config, default in self._fills:
            if name in values:
                continue
            if from_config and account is not None:
                values[name] = account
            elif default is not None:
                values[name] = default
        problems = list(refused.values())
        if refused or not self._valid(values):
            explain = importlib.import_module("operations.explain")  # only for invalid input
            found = explain.schema_problems_of(self, values)
            problems += [p for p in dict.fromkeys(found) if p.path not in refused]
        checked = self._checked
        problems += [
            Problem(key, message)
            for key, value in values.items()
            if key in checked and key not in refused and (message := by_name[key].check(value))
        ]
        if problems:
            problems = [self._unshown(problem, given) for problem in problems]
            problems.sort(key=lambda p: p.path)
            raise ValidationError(problems, operation=self.name)
        return values

    def _unshown(self, problem: Problem, given: Mapping[str, Any]) -> Problem:
        """The problem, or, should its message quote a secret's value, one that does not (the
        problems of secrets are worded without their values: this is the second lock)."""
        param = self.by_name.get(problem.path)
        secret = given.get(problem.path)
        if param is None or not param.secret or not isinstance(secret, str) or not secret:
            return problem  # a value that is not text was refused without being quoted
        if secret not in str(problem):
            return problem
        return Problem(problem.path, "is not a valid value (a secret: its value is not shown)")

    def _odd_name(self, key: object) -> Problem | None:
        """The problem with a name no parameter can have: not text, or not printable."""
        if isinstance(key, str) and key.isprintable():
            return None
        if isinstance(key, str):
            return Problem(shown(key), f"is not a parameter of {self.name}")
        return Problem(shown(key), "is not a parameter name (names are text)")

    @cached_property
    def _fills(self) -> tuple[tuple[str, bool, Any], ...]:
        """The parameters filled in when not given: from the config's account, or a default."""
        return tuple(
            (p.name, p.from_config, p.default)
            for p in self.params
            if p.from_config or p.default is not None
        )

    @cached_property
    def _checked(self) -> frozenset[str]:
        """The names whose values :meth:`Param.check` looks at (the others it passes)."""
        return frozenset(key for key, p in self.by_name.items() if p.kind in CHECKED_KINDS)

    @cached_property
    def _routes(self) -> dict[str, tuple[Param, str, str]]:
        """For each name a value may be given under: its parameter, where it is sent, and
        the wire name it is sent under."""
        return {
            key: (p, p.location, str(p.bound_names().get(key, p.wire)))
            for key, p in self.by_name.items()
        }

    @cached_property
    def _templates(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The paths to choose from, in order, each with the placeholders it needs."""
        return tuple(
            (t, tuple(_PLACEHOLDER.findall(t))) for t in (*self.alternate_paths, self.path)
        )

    @cached_property
    def _secrets(self) -> frozenset[str]:
        return frozenset(str(p.wire) for p in self.all_params if p.secret)

    @cached_property
    def _extension_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "extension")

    def build_request(self, values: Mapping[str, Any]) -> ApiRequest:
        """The HTTP request for validated values."""
        path_values: dict[str, str] = {}
        query: dict[str, Any] = {}
        form: dict[str, Any] = {}
        body: dict[str, Any] = {}
        extension = ".json"
        routes = self._routes
        for key, value in values.items():
            route = routes.get(key)
            if route is None:
                continue
            param, location, wire = route
            if location == "form":
                form[wire] = param.to_wire(value)
            elif location == "path":
                path_values[wire] = quote(str(value), safe="")
            elif location == "client":
                continue
            elif location == "extension":
                extension = param.extensions[value]
            elif location == "query":
                query[wire] = param.to_wire(value)
            elif location == "json":
                body[wire] = param.to_wire(value)
            else:
                form[wire] = param.to_wire(value)
        form.update(self.fixed_form)
        if self.first_only:
            query["PageSize"] = 1
        elif self.list_key and "limit" in values and "pageSize" not in values:
            query["PageSize"] = min(int(values["limit"]), 1000)
        template = next(
            (t for t, names in self._templates if all(name in path_values for name in names)),
            self.path,
        )
        path = _PLACEHOLDER.sub(lambda m: path_values[m.group(1)], template)
        if extension != ".json":
            path = path.removesuffix(".json") + extension
        return ApiRequest(
            self.method,
            path,
            query,
            form,
            operation=self.name,
            domain=self.domain,
            json_body=body if self.json_body else None,
            secrets=self._secrets,
        )

    def execute(self, client: HttpClient, params: Mapping[str, Any]) -> Result:
        """Validate, send through the funnel and shape the result."""
        values = self.prepare(params, client.config.account_sid)
        request = self.build_request(values)
        try:
            response = client.request(request)
        except (NotFoundError, MethodNotAllowedError) as exc:
            if self.retired:
                exc.message = f"Twilio retired this resource ({exc.message}). {self.retired}"
            raise
        if response.status != self.success and not response.dry_run:
            log.warning(
                "%s: Twilio answered %d where %d was expected (request id %s)",
                self.name,
                response.status,
                self.success,
                response.request_id,
            )
        return self.result(client, request, response, values)

    def result(
        self,
        client: HttpClient,
        request: ApiRequest,
        response: ApiResponse,
        values: Mapping[str, Any],
    ) -> Result:
        """Shape the response: JSON data, a lazy list, bytes, text or ``None``."""
        attributes = Attributes.of(response)
        kind = _MEDIA.get("." + request.path.rsplit(".", 1)[-1].split("?")[0], "json")
        if self._without_extension(values):
            kind = "bytes"  # a resource's own content, at its URI without an extension
        if response.dry_run:
            return Result([] if self.list_key and not self.first_only else None, attributes)
        if kind == "bytes":
            return Result(response.content, attributes)
        if kind == "text":
            return Result(response.content.decode("utf-8", "replace"), attributes)
        if self.list_key and self.first_only:
            return Result(self._first_record(response, values), attributes)
        if self.list_key:
            limit = values.get("limit")
            return Result(
                PagedList(client, request, self.list_key, limit=limit, first=response), attributes
            )
        return Result(response.json(), attributes)

    def _without_extension(self, values: Mapping[str, Any]) -> bool:
        """Whether a representation asked for the path without its extension (the content of
        a message's media)."""
        return any(p.extensions.get(values.get(p.name, "")) == "" for p in self._extension_params)

    def _first_record(self, response: ApiResponse, values: Mapping[str, Any]) -> Any:
        records = (response.json() or {}).get(self.list_key or "", [])
        if records:
            return records[0]
        wanted = ", ".join(f"{key}={value!r}" for key, value in values.items())
        raise NotFoundError(
            f"no record matches {wanted}",
            status=404,
            code=20404,
            operation=self.name,
            request_id=response.request_id,
        )


def _split_inequality(name: str, value: str) -> tuple[str, str]:
    """``"<=2024-01-31"`` -> (``nameBefore``, ``"2024-01-31"``); other values unchanged."""
    for prefix, suffix in (("<=", "Before"), (">=", "After"), ("<", "Before"), (">", "After")):
        if value.startswith(prefix):
            return name + suffix, value[len(prefix) :].strip()
    return name, value
