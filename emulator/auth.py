"""Who is asking, and on which accounts they may act.

Credentials are HTTP Basic: an account SID and its auth token, or an API key (``SK...``) and its
secret, which act as the key's account. An account's credentials act on itself and its
subaccounts, never on its parent or siblings. Suspended and closed accounts cannot
authenticate; their parent may read their resources, and changes to them are refused.
"""

from __future__ import annotations

import hmac

from emulator.errors import ACCOUNT_NOT_ACTIVE, TwilioError, unauthorized
from emulator.routing import ACCOUNT, API, Ctx, Route
from emulator.store import Db, Row, get

__all__ = ["authenticate", "authorize", "may_act_on"]


def authenticate(db: Db, username: str, password: str) -> Row | None:
    """The active account that an account SID and auth token, or an API key and secret, are."""
    if username.startswith("SK"):
        key = db.execute(
            "SELECT account_sid, secret FROM api_keys WHERE sid = ?", (username,)
        ).fetchone()
        if key is None or not hmac.compare_digest(key["secret"], password):
            return None
        account = get(db, "accounts", key["account_sid"])
    else:
        account = get(db, "accounts", username)
        if account is None or not hmac.compare_digest(account["auth_token"], password):
            return None
    return account if account is not None and account["status"] == "active" else None


def may_act_on(principal: Row, account: Row) -> bool:
    """Whether credentials of `principal` act on `account`: itself, or a subaccount of it."""
    return principal["sid"] in (account["sid"], account["owner_account_sid"])


def authorize(ctx: Ctx, route: Route, account_sid: str | None) -> None:
    """Set who is asking and the account in the URL on `ctx`; Twilio's 401/404/403 otherwise."""
    credentials = ctx.request.authorization
    if credentials is None or credentials.type != "basic":
        raise unauthorized()
    principal = authenticate(ctx.db, credentials.username or "", credentials.password or "")
    if principal is None:
        raise unauthorized()
    ctx.principal = principal
    if account_sid is None:
        if not route.rule.startswith(API + "/"):
            ctx.account = principal  # other domains act on the credentials' account
        return
    account = get(ctx.db, "accounts", account_sid)
    if account is None:
        raise ctx.not_found()
    if not may_act_on(principal, account):
        raise unauthorized()
    ctx.account = account
    changes = ctx.request.method not in ("GET", "HEAD")
    if changes and account["status"] != "active" and route.rule.startswith(ACCOUNT + "/"):
        raise TwilioError(403, ACCOUNT_NOT_ACTIVE, f"Account {account_sid} is not active.")
