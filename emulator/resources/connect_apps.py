"""Connect apps an account publishes, and the ones it has authorized to act on it.

Both come from fixtures (Twilio's console makes them); an app's settings can be changed
through the API, and an authorization shows the app's settings as they are now.
"""

from __future__ import annotations

from typing import Any

from emulator.errors import invalid
from emulator.paging import list_account_rows
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, get, insert, update
from emulator.wire import Field, new_sid

routes = Routes()

PERMISSIONS = ("get-all", "post-all")
FIELDS = (
    Field("FriendlyName", "friendly_name"),
    Field("CompanyName", "company_name"),
    Field("Description", "description"),
    Field("HomepageUrl", "homepage_url", "url"),
    Field("AuthorizeRedirectUrl", "authorize_redirect_url", "url"),
    Field("DeauthorizeCallbackUrl", "deauthorize_callback_url", "url"),
    Field("DeauthorizeCallbackMethod", "deauthorize_callback_method", "method"),
)


def render(row: Row) -> dict[str, Any]:
    """A ConnectApp as Twilio sends it."""
    return {
        "account_sid": row["account_sid"],
        "authorize_redirect_url": row["authorize_redirect_url"],
        "company_name": row["company_name"],
        "deauthorize_callback_method": row["deauthorize_callback_method"],
        "deauthorize_callback_url": row["deauthorize_callback_url"],
        "description": row["description"],
        "friendly_name": row["friendly_name"],
        "homepage_url": row["homepage_url"],
        "permissions": row["permissions"].split(),
        "sid": row["sid"],
        "uri": f"/2010-04-01/Accounts/{row['account_sid']}/ConnectApps/{row['sid']}.json",
    }


def render_authorized(db: Db, row: Row) -> dict[str, Any]:
    """An AuthorizedConnectApp as Twilio sends it: the app's settings as they are now."""
    app = get(db, "connect_apps", row["sid"])
    assert app is not None
    return {
        "account_sid": row["account_sid"],
        "connect_app_company_name": app["company_name"],
        "connect_app_description": app["description"],
        "connect_app_friendly_name": app["friendly_name"],
        "connect_app_homepage_url": app["homepage_url"],
        "connect_app_sid": row["sid"],
        "permissions": row["permissions"].split(),
        "uri": (
            f"/2010-04-01/Accounts/{row['account_sid']}/AuthorizedConnectApps/{row['sid']}.json"
        ),
    }


def permissions(values: Any) -> str:
    """Permissions (a list, or text separated by commas or spaces) as stored; ValueError for
    one Twilio does not know."""
    items = values.replace(",", " ").split() if isinstance(values, str) else list(values)
    unknown = [item for item in items if item not in PERMISSIONS]
    if unknown:
        raise ValueError(f"permissions must be among {', '.join(PERMISSIONS)}, not {unknown}")
    return " ".join(dict.fromkeys(items))


def create_connect_app(db: Db, values: dict[str, Any]) -> str:
    """Store a connect app (`values` by column, with ``account_sid``); its SID."""
    sid = values.get("sid") or new_sid("CN")
    row = {"deauthorize_callback_method": "POST", "permissions": "", **values, "sid": sid}
    insert(db, "connect_apps", row)
    return str(sid)


def authorize_app(db: Db, account_sid: str, app_sid: str, granted: str, now: float) -> None:
    """Record that the account authorized the app with `granted` permissions."""
    insert(
        db,
        "authorized_connect_apps",
        {"sid": app_sid, "account_sid": account_sid, "permissions": granted, "date_created": now},
    )


@routes.get("/ConnectApps.json")
def list_connect_apps(ctx: Ctx) -> dict[str, Any]:
    """The account's connect apps."""
    return list_account_rows(ctx, "connect_apps", render)


@routes.get("/ConnectApps/<sid>.json")
def fetch_connect_app(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One connect app."""
    return render(ctx.fetch("connect_apps", sid))


@routes.post("/ConnectApps/<sid>.json")
def update_connect_app(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a connect app's settings and permissions."""
    ctx.fetch("connect_apps", sid)
    values = ctx.form.fields(FIELDS)
    name = values.get("friendly_name")
    if name is not None and len(name) > 64:
        raise invalid("FriendlyName may be at most 64 characters long.")
    if "Permissions" in ctx.form:
        try:
            values["permissions"] = permissions(ctx.request.form.getlist("Permissions"))
        except ValueError as exc:
            raise invalid(f"Permissions: {exc}") from None
    update(ctx.db, "connect_apps", sid, values | {"date_updated": ctx.now})
    return render(ctx.fetch("connect_apps", sid))


@routes.get("/AuthorizedConnectApps.json")
def list_authorized(ctx: Ctx) -> dict[str, Any]:
    """The connect apps the account has authorized."""
    return list_account_rows(
        ctx, "authorized_connect_apps", lambda row: render_authorized(ctx.db, row)
    )


@routes.get("/AuthorizedConnectApps/<sid>.json")
def fetch_authorized(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One connect app the account has authorized."""
    return render_authorized(ctx.db, ctx.fetch("authorized_connect_apps", sid))
