"""Content templates (content.twilio.com/v1): create (a JSON body, as Twilio's Content API
takes it), fetch, list, delete.

A template has a language, default ``variables`` and one definition per content type
(``twilio/text``, ``twilio/media``, ``twilio/quick-reply``, ...). The types the emulator knows
are checked for the fields Twilio's schema requires; others are stored as given.

:func:`render_body` fills a template's body with a message's ContentVariables, and
:func:`rendered` does it for a stored template.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from emulator.errors import invalid
from emulator.paging import list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, find, insert
from emulator.wire import iso8601, new_sid

routes = Routes("/v1", domain="content")

CONTENT = "/v1/Content"
#: The fields each known type requires, and its fields that are lists, as Twilio's schema has them.
REQUIRED: dict[str, tuple[str, ...]] = {
    "twilio/text": ("body",),
    "twilio/media": ("media",),
    "twilio/quick-reply": ("body", "actions"),
    "twilio/call-to-action": ("body", "actions"),
    "twilio/location": ("latitude", "longitude"),
}
LISTS = ("media", "actions", "items", "cards")
#: The types whose ``body`` a message shows, in the order one is chosen.
BODY_ORDER = (
    "twilio/text",
    "twilio/media",
    "twilio/quick-reply",
    "twilio/call-to-action",
    "twilio/list-picker",
    "twilio/card",
    "whatsapp/card",
    "twilio/catalog",
    "twilio/carousel",
)
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def render_body(
    types: Mapping[str, Any],
    variables: Mapping[str, Any],
    *,
    defaults: Mapping[str, Any] | None = None,
) -> str:
    """The body a message built from a template's `types` carries: the body of its first type
    that has one (``twilio/text`` first), each ``{{name}}`` replaced by ``variables[name]``,
    else by ``defaults[name]`` (the template's own variables), else left as written. ``""``
    when no type has a body (a media-only template)."""
    body = next(
        (
            definition["body"]
            for kind in (*BODY_ORDER, *types)
            if isinstance(definition := types.get(kind), Mapping)
            and isinstance(definition.get("body"), str)
        ),
        "",
    )
    fallback = defaults or {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables:
            return str(variables[name])
        if name in fallback:
            return str(fallback[name])
        return match.group(0)

    return PLACEHOLDER.sub(value, body)


def template(db: Db, account_sid: str, content_sid: str) -> Row | None:
    """The account's content template `content_sid` (columns ``variables`` and ``types`` are
    JSON text), if it has one."""
    return find(db, "contents", account_sid, content_sid)


def rendered(
    db: Db, account_sid: str, content_sid: str, variables: Mapping[str, Any]
) -> str | None:
    """The body of the account's template `content_sid` with `variables` (a message's
    ContentVariables) over the template's defaults; ``None`` when there is no such template."""
    row = template(db, account_sid, content_sid)
    if row is None:
        return None
    return render_body(json.loads(row["types"]), variables, defaults=json.loads(row["variables"]))


def media(db: Db, account_sid: str, content_sid: str) -> list[str]:
    """The media URLs of the template's ``twilio/media`` type (empty when it has none)."""
    row = template(db, account_sid, content_sid)
    if row is None:
        return []
    found = json.loads(row["types"]).get("twilio/media") or {}
    return [str(item) for item in found.get("media") or []]


def render(row: Row, base: str) -> dict[str, Any]:
    """A Content resource as Twilio sends it; URLs on the emulator's origin `base`."""
    url = f"{base}{CONTENT}/{row['sid']}"
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "friendly_name": row["friendly_name"],
        "language": row["language"],
        "variables": json.loads(row["variables"]),
        "types": json.loads(row["types"]),
        "url": url,
        "date_created": iso8601(row["date_created"]),
        "date_updated": iso8601(row["date_updated"]),
        "links": {
            "approval_create": f"{url}/ApprovalRequests/whatsapp",
            "approval_fetch": f"{url}/ApprovalRequests",
        },
    }


def _without_nulls(value: Any) -> Any:
    """`value` with null members dropped (twilio-python sends every unset field as null)."""
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _checked_types(types: Any) -> dict[str, Any]:
    """The ``types`` of a create request, checked; Twilio's 400 otherwise."""
    if not isinstance(types, dict) or not types:
        raise invalid("types must be an object with at least one content type")
    for kind, definition in types.items():
        if not isinstance(definition, dict):
            raise invalid(f"types.{kind} must be an object")
        for field in REQUIRED.get(kind, ()):
            if field not in definition:
                raise invalid(f"types.{kind}.{field} is required")
        for field in LISTS:
            if field in definition and not isinstance(definition[field], list):
                raise invalid(f"types.{kind}.{field} must be a list")
        if not isinstance(definition.get("body", ""), str):
            raise invalid(f"types.{kind}.body must be a string")
    for action in types.get("twilio/quick-reply", {}).get("actions", []):
        if not isinstance(action, dict) or not isinstance(action.get("title"), str):
            raise invalid("types.twilio/quick-reply.actions: each action needs a title")
    return types


@routes.post("/Content", status=201)
def create_content(ctx: Ctx) -> dict[str, Any]:
    """Create a content template from a JSON body."""
    data = ctx.request.get_json(silent=True) if ctx.request.is_json else None
    if not isinstance(data, dict):
        raise invalid("The request body must be a JSON object (Content-Type: application/json)")
    data = _without_nulls(data)
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise invalid("Missing required parameter language in the request body")
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise invalid("variables must be an object of variable names to text values")
    friendly_name = data.get("friendly_name", "")
    if not isinstance(friendly_name, str):
        raise invalid("friendly_name must be a string")
    if "types" not in data:
        raise invalid("Missing required parameter types in the request body")
    sid = new_sid("HX")
    insert(
        ctx.db,
        "contents",
        {
            "sid": sid,
            "account_sid": ctx.account_sid,
            "friendly_name": friendly_name,
            "language": language,
            "variables": json.dumps(variables),
            "types": json.dumps(_checked_types(data["types"])),
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render(ctx.fetch("contents", sid), ctx.base_url)


@routes.get("/Content")
def list_contents(ctx: Ctx) -> dict[str, Any]:
    """The account's content templates, newest first."""
    return list_rows(
        ctx,
        table="contents",
        list_key="contents",
        render=lambda row: render(row, ctx.base_url),
        where=["account_sid = ?"],
        args=[ctx.account_sid],
    )


@routes.get("/Content/<sid>")
def fetch_content(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One content template."""
    return render(ctx.fetch("contents", sid), ctx.base_url)


@routes.delete("/Content/<sid>")
def delete_content(ctx: Ctx, sid: str) -> None:
    """Delete a content template."""
    ctx.delete("contents", sid)
