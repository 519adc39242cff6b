"""Verify v2: services, verifications and verification checks.

Starting a verification sends its code for real, on the emulator: by SMS or WhatsApp a message
from Verify's sender (:data:`SENDER`) to the number, which then moves on like any message; by
call a call that says the code; by email nothing but the send attempt. The code is in the
message's body and in ``GET /_emulator/verifications``. Starting again while one is pending
sends the same code again (at most :data:`MAX_SENDS` sends: 60203); a check with the right code
approves it, a wrong one leaves it pending (at most :data:`MAX_CHECKS` checks: 60202). A
verification expires :data:`LIFETIME` seconds after it started; once approved, canceled or
expired it is not found (20404), as on Twilio.

Silent network auth (``sna``) sends nothing: the verification's ``sna.url`` stands for the
carrier's, and is the emulator's own ``/_emulator/sna/<VE...>/<secret>`` (answered without
credentials, as a carrier answers the phone that opens it). Once it is opened, a check with the
To (no code; with the client token it answered, when ``EnableSnaClientToken`` asked for one)
approves the verification; before, the check leaves it pending. ``auto`` takes sna for a mobile
number and sms for any other, as Verify falls back when sna cannot be used.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from typing import Any

from emulator import errors
from emulator.errors import TwilioError, bad_request
from emulator.paging import list_rows
from emulator.resources import lookups
from emulator.resources.calls import CALL_TIMELINE, insert_call
from emulator.resources.messages import TIMELINES, insert_message
from emulator.routing import Ctx, Routes
from emulator.store import Db, Row, insert, update
from emulator.wire import is_e164, is_sid, new_sid

routes = Routes("/v2", domain="verify")

SENDER = "+15005550100"
"""The number Verify's messages and calls come from, on the emulator."""
CHANNELS = ("sms", "call", "email", "whatsapp", "sna", "auto")
LIFETIME = 600
MAX_SENDS = 5
MAX_CHECKS = 5
PASSKEY_ATTACHMENTS = ("platform", "cross-platform", "any")
PASSKEY_REQUIREMENTS = ("required", "preferred", "discouraged")
#: A service's settings: (form parameter, column, kind): ``bool``, ``text``, ``(low, high)`` for
#: a whole number in that range, a tuple of words for one of them, or ``"CR"`` for a SID.
SETTINGS: tuple[tuple[str, str, Any], ...] = (
    ("FriendlyName", "friendly_name", "text"),
    ("CodeLength", "code_length", (4, 10)),
    ("LookupEnabled", "lookup_enabled", "bool"),
    ("SkipSmsToLandlines", "skip_sms_to_landlines", "bool"),
    ("DtmfInputRequired", "dtmf_input_required", "bool"),
    ("TtsName", "tts_name", "text"),
    ("Psd2Enabled", "psd2_enabled", "bool"),
    ("DoNotShareWarningEnabled", "do_not_share_warning_enabled", "bool"),
    ("CustomCodeEnabled", "custom_code_enabled", "bool"),
    ("DefaultTemplateSid", "default_template_sid", "text"),
    ("Whatsapp.MsgServiceSid", "whatsapp_msg_service_sid", "text"),
    ("Whatsapp.From", "whatsapp_from", "text"),
    ("VerifyEventSubscriptionEnabled", "verify_event_subscription_enabled", "bool"),
    ("Push.IncludeDate", "push_include_date", "bool"),
    ("Push.ApnCredentialSid", "push_apn_credential_sid", "CR"),
    ("Push.FcmCredentialSid", "push_fcm_credential_sid", "CR"),
    ("Totp.Issuer", "totp_issuer", "text"),
    ("Totp.TimeStep", "totp_time_step", (20, 60)),
    ("Totp.CodeLength", "totp_code_length", (3, 8)),
    ("Totp.Skew", "totp_skew", (0, 2)),
    ("Passkeys.RelyingParty.Id", "passkeys_rp_id", "text"),
    ("Passkeys.RelyingParty.Name", "passkeys_rp_name", "text"),
    ("Passkeys.RelyingParty.Origins", "passkeys_rp_origins", "text"),
    ("Passkeys.AuthenticatorAttachment", "passkeys_authenticator_attachment", PASSKEY_ATTACHMENTS),
    ("Passkeys.DiscoverableCredentials", "passkeys_discoverable_credentials", PASSKEY_REQUIREMENTS),
    ("Passkeys.UserVerification", "passkeys_user_verification", PASSKEY_REQUIREMENTS),
)
DO_NOT_SHARE = " Don't share this code with anyone; our employees will never ask for the code."


def iso(timestamp: float) -> str:
    """A stored time as Verify writes it: 2024-01-31T12:00:00Z."""
    return datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def refuse(message: str) -> TwilioError:
    """Verify's 400 for a bad parameter (60200)."""
    return bad_request(errors.VERIFY_INVALID_PARAMETER, message)


def render_service(ctx: Ctx, row: Row) -> dict[str, Any]:
    """A Verify service as Twilio sends it."""
    url = f"{ctx.base_url}/v2/Services/{row['sid']}"
    return {
        "sid": row["sid"],
        "account_sid": row["account_sid"],
        "friendly_name": row["friendly_name"],
        "code_length": row["code_length"],
        "lookup_enabled": bool(row["lookup_enabled"]),
        "psd2_enabled": bool(row["psd2_enabled"]),
        "skip_sms_to_landlines": bool(row["skip_sms_to_landlines"]),
        "dtmf_input_required": bool(row["dtmf_input_required"]),
        "tts_name": row["tts_name"],
        "do_not_share_warning_enabled": bool(row["do_not_share_warning_enabled"]),
        "custom_code_enabled": bool(row["custom_code_enabled"]),
        "push": {
            "include_date": bool(row["push_include_date"]),
            "apn_credential_sid": row["push_apn_credential_sid"],
            "fcm_credential_sid": row["push_fcm_credential_sid"],
        },
        "totp": {
            "issuer": row["totp_issuer"] or row["friendly_name"],
            "time_step": row["totp_time_step"],
            "code_length": row["totp_code_length"],
            "skew": row["totp_skew"],
        },
        "whatsapp": {
            "msg_service_sid": row["whatsapp_msg_service_sid"],
            "from": row["whatsapp_from"],
        },
        "passkeys": {
            "relying_party": {
                "id": row["passkeys_rp_id"],
                "name": row["passkeys_rp_name"],
                "origins": [
                    o.strip() for o in (row["passkeys_rp_origins"] or "").split(",") if o.strip()
                ],
            },
            "authenticator_attachment": row["passkeys_authenticator_attachment"],
            "discoverable_credentials": row["passkeys_discoverable_credentials"],
            "user_verification": row["passkeys_user_verification"],
        },
        "default_template_sid": row["default_template_sid"],
        "verify_event_subscription_enabled": bool(row["verify_event_subscription_enabled"]),
        "date_created": iso(row["date_created"]),
        "date_updated": iso(row["date_updated"]),
        "url": url,
        "links": {
            name: f"{url}/{part}"
            for name, part in (
                ("verification_checks", "VerificationCheck"),
                ("verifications", "Verifications"),
                ("rate_limits", "RateLimits"),
                ("messaging_configurations", "MessagingConfigurations"),
                ("entities", "Entities"),
                ("webhooks", "Webhooks"),
                ("access_tokens", "AccessTokens"),
            )
        },
    }


def render_verification(ctx: Ctx, row: Row) -> dict[str, Any]:
    """A Verification as Twilio sends it (never its code)."""
    return {
        "sid": row["sid"],
        "service_sid": row["service_sid"],
        "account_sid": row["account_sid"],
        "to": row["to_address"],
        "channel": row["channel"],
        "status": row["status"],
        "valid": row["status"] == "approved",
        "lookup": json.loads(row["lookup"]),
        "amount": row["amount"],
        "payee": row["payee"],
        "send_code_attempts": json.loads(row["send_attempts"]),
        "date_created": iso(row["date_created"]),
        "date_updated": iso(row["date_updated"]),
        "sna": _sna(ctx, row),
        "url": f"{ctx.base_url}/v2/Services/{row['service_sid']}/Verifications/{row['sid']}",
    }


def _sna(ctx: Ctx, row: Row) -> dict[str, str] | None:
    """An sna verification's URL for the phone to open (while it is pending)."""
    if row["channel"] != "sna" or row["status"] != "pending":
        return None
    return {"url": f"{ctx.base_url}/_emulator/sna/{row['sid']}/{row['sna_secret']}"}


def render_check(row: Row) -> dict[str, Any]:
    """A VerificationCheck as Twilio sends it."""
    return {
        "sid": row["sid"],
        "service_sid": row["service_sid"],
        "account_sid": row["account_sid"],
        "to": row["to_address"],
        "channel": row["channel"],
        "status": row["status"],
        "valid": row["status"] == "approved",
        "amount": row["amount"],
        "payee": row["payee"],
        "sna_attempts_error_codes": [],
        "date_created": iso(row["date_created"]),
        "date_updated": iso(row["date_updated"]),
    }


def render_admin(row: Row) -> dict[str, Any]:
    """A verification as the admin endpoint shows it: with its code and counts."""
    return {
        "sid": row["sid"],
        "service_sid": row["service_sid"],
        "account_sid": row["account_sid"],
        "to": row["to_address"],
        "channel": row["channel"],
        "status": row["status"],
        "code": row["code"],
        "send_attempts": len(json.loads(row["send_attempts"])),
        "check_attempts": row["check_attempts"],
        "expires_at": iso(row["expires_at"]),
        "date_created": iso(row["date_created"]),
    }


def admin_listing(db: Db, to: str | None, service_sid: str | None) -> list[dict[str, Any]]:
    """Every verification (to `to`, of `service_sid`, when given), newest first."""
    where, args = [], []
    for column, value in (("to_address", to), ("service_sid", service_sid)):
        if value:
            where.append(f"{column} = ?")
            args.append(value)
    condition = " AND ".join(where) or "1 = 1"
    rows = db.execute(
        f"SELECT * FROM verifications WHERE {condition} ORDER BY seq DESC",  # noqa: S608
        args,
    ).fetchall()
    return [render_admin(row) for row in rows]


def _settings(ctx: Ctx) -> dict[str, Any]:
    """The service settings given in the form, by column, checked as Verify checks them."""
    form = ctx.request.form
    values: dict[str, Any] = {}
    for param, column, kind in SETTINGS:
        value = form.get(param)
        if value is None:
            continue
        if kind == "bool":
            if value.lower() not in ("true", "false"):
                raise refuse(f"Invalid parameter: {param} must be true or false")
            values[column] = int(value.lower() == "true")
        elif kind == "CR":
            if not is_sid(value, "CR"):
                raise refuse(f"Invalid parameter: {param} must be a credential SID (CR...)")
            values[column] = value
        elif isinstance(kind, tuple) and isinstance(kind[0], int):
            low, high = kind
            if not value.isdigit() or not low <= int(value) <= high:
                raise refuse(f"Invalid parameter: {param} must be between {low} and {high}")
            values[column] = int(value)
        elif isinstance(kind, tuple):
            if value not in kind:
                raise refuse(f"Invalid parameter: {param} must be one of {', '.join(kind)}")
            values[column] = value
        else:
            values[column] = value
    name = values.get("friendly_name")
    if name is not None and not 1 <= len(name) <= 32:
        raise refuse("Invalid parameter: FriendlyName must be 1 to 32 characters")
    return values


@routes.post("/Services", status=201)
def create_service(ctx: Ctx) -> dict[str, Any]:
    """Create a Verify service."""
    if not ctx.request.form.get("FriendlyName"):
        raise refuse("Missing required parameter FriendlyName in the post body")
    sid = new_sid("VA")
    insert(
        ctx.db,
        "verify_services",
        {
            **_settings(ctx),
            "sid": sid,
            "account_sid": ctx.account_sid,
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render_service(ctx, ctx.fetch("verify_services", sid))


@routes.get("/Services")
def list_services(ctx: Ctx) -> dict[str, Any]:
    """The account's Verify services, newest first."""
    return list_rows(
        ctx,
        table="verify_services",
        list_key="services",
        render=lambda row: render_service(ctx, row),
        where=["account_sid = ?"],
        args=[ctx.account_sid],
    )


@routes.get("/Services/<sid>")
def fetch_service(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One Verify service."""
    return render_service(ctx, ctx.fetch("verify_services", sid))


@routes.post("/Services/<sid>")
def update_service(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a Verify service's settings."""
    ctx.fetch("verify_services", sid)
    update(ctx.db, "verify_services", sid, {**_settings(ctx), "date_updated": ctx.now})
    return render_service(ctx, ctx.fetch("verify_services", sid))


@routes.delete("/Services/<sid>")
def delete_service(ctx: Ctx, sid: str) -> None:
    """Delete a Verify service and its verifications."""
    ctx.delete("verify_services", sid)
    ctx.db.execute("DELETE FROM verifications WHERE service_sid = ?", (sid,))


def _pending(ctx: Ctx, service_sid: str, key: str) -> Row | None:
    """The service's pending verification whose SID or To is `key`, if any."""
    row: Row | None = ctx.db.execute(
        "SELECT * FROM verifications WHERE service_sid = ? AND account_sid = ?"
        " AND status = 'pending' AND (sid = ? OR to_address = ?) ORDER BY seq DESC LIMIT 1",
        (service_sid, ctx.account_sid, key, key),
    ).fetchone()
    return row


def _recipient(channel: str, to: str) -> None:
    """Refuse a To the channel cannot reach: an invalid number (60200), an address that is not
    an email address for email, a landline for SMS (60205)."""
    if channel == "email":
        if "@" not in to.strip("@") or " " in to:
            raise refuse(f"Invalid parameter `To`: {to}")
        return
    number = lookups.parse(to)
    if not is_e164(to) or not number.valid:
        raise refuse(f"Invalid parameter `To`: {to}")
    if channel == "sms" and lookups.line_of(number)[0] == "landline":
        raise bad_request(errors.VERIFY_LANDLINE, "SMS is not supported by landline phone number")


def _deliver(ctx: Ctx, service: Row, channel: str, to: str, *, code: str, name: str) -> None:
    """Send the code: a message for SMS and WhatsApp, a call for call; email is only noted."""
    text = f"Your {name} verification code is: {code}."
    if channel in ("sms", "whatsapp"):
        prefix = "whatsapp:" if channel == "whatsapp" else ""
        if service["do_not_share_warning_enabled"]:
            text += DO_NOT_SHARE
        insert_message(
            ctx.db,
            {
                "account_sid": ctx.account_sid,
                "from_number": prefix + SENDER,
                "to_number": prefix + to,
                "body": text,
                "status": "queued",
                "outcome": "delivered",
                "date_created": ctx.now,
                "date_updated": ctx.now,
                "next_change": TIMELINES["delivered"].next_change(ctx.now, 0),
            },
        )
    elif channel == "call":
        spoken = ", ".join(code)
        insert_call(
            ctx.db,
            {
                "account_sid": ctx.account_sid,
                "from_number": SENDER,
                "to_number": to,
                "status": "queued",
                "method": "POST",
                "twiml": f"<Response><Say>Your {name} verification code is: {spoken}.</Say>"
                "</Response>",
                "date_created": ctx.now,
                "date_updated": ctx.now,
                "next_change": CALL_TIMELINE.next_change(ctx.now, 0),
            },
        )


def _lookup(service: Row, channel: str, to: str) -> str:
    """What the verification reports of the number: its carrier, when the service looks
    numbers up."""
    if not service["lookup_enabled"] or channel == "email":
        return "{}"
    kind, (name, mcc, mnc) = lookups.line_of(lookups.parse(to))
    carrier = {
        "error_code": None,
        "name": name,
        "mobile_country_code": mcc,
        "mobile_network_code": mnc,
        "type": kind,
    }
    return json.dumps({"carrier": carrier})


@routes.post("/Services/<service_sid>/Verifications", status=201)
def start_verification(ctx: Ctx, service_sid: str) -> dict[str, Any]:
    """Send a code: a new verification, or the pending one's code again."""
    service = ctx.fetch("verify_services", service_sid)
    form = ctx.request.form
    to, channel = form.get("To"), form.get("Channel")
    if not to:
        raise refuse("Missing required parameter To in the post body")
    if channel not in CHANNELS:
        raise refuse(f"Invalid parameter `Channel`: {channel}; one of {', '.join(CHANNELS)}")
    if channel == "auto":  # sna where it can be used (a mobile number), else sms
        number = lookups.parse(to)
        mobile = number.valid and lookups.line_of(number)[0] == "mobile"
        channel = "sna" if mobile else "sms"
    _recipient(channel, to)
    flag = form.get("EnableSnaClientToken", "false").lower()
    if flag not in ("true", "false"):
        raise refuse("Invalid parameter: EnableSnaClientToken must be true or false")
    client_token = flag == "true"
    custom = form.get("CustomCode")
    if custom is not None:
        if not service["custom_code_enabled"]:
            raise refuse("Invalid parameter: CustomCode needs the service's CustomCodeEnabled")
        if not 4 <= len(custom) <= 10:
            raise refuse("Invalid parameter: CustomCode must be 4 to 10 characters")
    attempt = {"attempt_sid": new_sid("VL"), "channel": channel.upper(), "time": iso(ctx.now)}
    row = _pending(ctx, service_sid, to)
    if row is not None:
        attempts = json.loads(row["send_attempts"])
        if len(attempts) >= MAX_SENDS:
            raise TwilioError(429, errors.VERIFY_MAX_SEND_ATTEMPTS, "Max send attempts reached")
        sid, code = row["sid"], row["code"]
        update(
            ctx.db,
            "verifications",
            sid,
            {
                "channel": channel,
                "send_attempts": json.dumps([*attempts, attempt]),
                "date_updated": ctx.now,
                **({} if row["sna_secret"] else _sna_secrets(channel, client_token=client_token)),
            },
        )
    else:
        sid = new_sid("VE")
        length = service["code_length"]
        code = custom or "".join(str(secrets.randbelow(10)) for _ in range(length))
        insert(
            ctx.db,
            "verifications",
            {
                "sid": sid,
                "account_sid": ctx.account_sid,
                "service_sid": service_sid,
                "to_address": to,
                "channel": channel,
                "status": "pending",
                "code": code,
                "amount": form.get("Amount"),
                "payee": form.get("Payee"),
                "lookup": _lookup(service, channel, to),
                "send_attempts": json.dumps([attempt]),
                **_sna_secrets(channel, client_token=client_token),
                "expires_at": ctx.now + LIFETIME,
                "date_created": ctx.now,
                "date_updated": ctx.now,
            },
        )
    name = form.get("CustomFriendlyName") or service["friendly_name"]
    _deliver(ctx, service, channel, to, code=code, name=name)
    return render_verification(ctx, ctx.fetch("verifications", sid))


def _sna_secrets(channel: str, *, client_token: bool) -> dict[str, str | None]:
    """An sna verification's URL secret, and the client token its URL answers (if wanted)."""
    if channel != "sna":
        return {}
    token = secrets.token_urlsafe(16) if client_token else None
    return {"sna_secret": secrets.token_urlsafe(16), "sna_client_token": token}


def open_sna_url(db: Db, sid: str, secret: str, now: float) -> str:
    """The phone opens an sna verification's URL: the carrier's answer (``ErrorCode=0``, with
    the client token when one was asked for), or ``ErrorCode=-10`` for no such pending URL."""
    row: Row | None = db.execute(
        "SELECT * FROM verifications WHERE sid = ? AND channel = 'sna' AND status = 'pending'",
        (sid,),
    ).fetchone()
    if row is None or not secrets.compare_digest(secret, row["sna_secret"] or ""):
        return "ErrorCode=-10&ErrorDescription=Failure&Carrier=EMULATOR"
    update(db, "verifications", sid, {"sna_invoked": 1, "date_updated": now})
    answer = "ErrorCode=0&ErrorDescription=Success&Carrier=EMULATOR"
    if row["sna_client_token"]:
        answer += f"&SnaClientToken={row['sna_client_token']}"
    return answer


@routes.post("/Services/<service_sid>/VerificationCheck")
def check_verification(ctx: Ctx, service_sid: str) -> dict[str, Any]:
    """Check a code against the pending verification to To (or VerificationSid)."""
    ctx.fetch("verify_services", service_sid)
    form = ctx.request.form
    code, to, sid = form.get("Code"), form.get("To"), form.get("VerificationSid")
    if bool(to) == bool(sid):
        raise refuse("Either a 'To' or a 'VerificationSid' must be given, not both")
    row = _pending(ctx, service_sid, str(to or sid))
    if row is None or (sid and row["sid"] != sid):
        raise ctx.not_found()
    if row["check_attempts"] >= MAX_CHECKS:
        raise TwilioError(429, errors.VERIFY_MAX_CHECK_ATTEMPTS, "Max check attempts reached")
    changes: dict[str, Any] = {"check_attempts": row["check_attempts"] + 1}
    if row["channel"] == "sna":
        token = row["sna_client_token"]
        given = form.get("SnaClientToken") or ""
        if row["sna_invoked"] and (token is None or secrets.compare_digest(given, token)):
            changes |= {"status": "approved", "date_updated": ctx.now}
    elif not code:
        raise refuse("Missing required parameter Code in the post body")
    elif secrets.compare_digest(code, row["code"]):
        changes |= {"status": "approved", "date_updated": ctx.now}
    update(ctx.db, "verifications", row["sid"], changes)
    return render_check(ctx.fetch("verifications", row["sid"]))


# <string:...>: a verification named by its To may be an email address, dots and all.
@routes.get("/Services/<service_sid>/Verifications/<string:sid>")
def fetch_verification(ctx: Ctx, service_sid: str, sid: str) -> dict[str, Any]:
    """A pending verification, by its SID or its To."""
    ctx.fetch("verify_services", service_sid)
    row = _pending(ctx, service_sid, sid)
    if row is None:
        raise ctx.not_found()
    return render_verification(ctx, row)


@routes.post("/Services/<service_sid>/Verifications/<string:sid>")
def update_verification(ctx: Ctx, service_sid: str, sid: str) -> dict[str, Any]:
    """Cancel (or approve) a pending verification, by its SID or its To."""
    ctx.fetch("verify_services", service_sid)
    status = ctx.request.form.get("Status")
    if status not in ("canceled", "approved"):
        raise refuse(f"Invalid parameter `Status`: {status}; one of canceled, approved")
    row = _pending(ctx, service_sid, sid)
    if row is None:
        raise ctx.not_found()
    update(ctx.db, "verifications", row["sid"], {"status": status, "date_updated": ctx.now})
    return render_verification(ctx, ctx.fetch("verifications", row["sid"]))


@routes.settle
def settle(db: Db, now: float) -> None:
    """Expire every pending verification whose ten minutes are up."""
    db.execute(
        "UPDATE verifications SET status = 'expired', date_updated = expires_at"
        " WHERE status = 'pending' AND expires_at <= ?",
        (now,),
    )


routes.due("SELECT min(expires_at) FROM verifications WHERE status = 'pending'")
