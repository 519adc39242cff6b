"""SIP: domains, IP access control lists and their IP addresses, credential lists and their
credentials, and the lists each domain authenticates calls and registrations with (under its
``Auth/Calls`` and ``Auth/Registrations``; the older mappings under the domain itself are its
``Auth/Calls`` mappings seen from another URL).

A domain's name ends in ``.sip.twilio.com`` and is unique across every account (21231 when it is
malformed or taken). A list may be mapped to a domain once per purpose (21231 again); a list
some domain still maps cannot be deleted. A credential's password must have 12 or more
characters, a digit, a lower- and an upper-case letter; it is kept only as a salted hash and
never sent back, nor quoted in an error.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import secrets
from dataclasses import dataclass
from typing import Any

from emulator import errors
from emulator.errors import bad_request, invalid
from emulator.paging import list_rows
from emulator.routing import Ctx, Routes
from emulator.store import Row, insert, update
from emulator.wire import API_VERSION, Field, new_sid, rfc2822

routes = Routes()

DOMAIN_NAME = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.sip\.twilio\.com$")
MAX_IP_ADDRESSES = 100
"""Twilio takes up to 100 IP addresses in one IP access control list."""

DOMAIN_FIELDS = (
    Field("FriendlyName", "friendly_name"),
    Field("VoiceUrl", "voice_url", "url"),
    Field("VoiceMethod", "voice_method", "method"),
    Field("VoiceFallbackUrl", "voice_fallback_url", "url"),
    Field("VoiceFallbackMethod", "voice_fallback_method", "method"),
    Field("VoiceStatusCallbackUrl", "voice_status_callback_url", "url"),
    Field("VoiceStatusCallbackMethod", "voice_status_callback_method", "method"),
    Field("SipRegistration", "sip_registration", "bool"),
    Field("EmergencyCallingEnabled", "emergency_calling_enabled", "bool"),
    Field("Secure", "secure", "bool"),
    Field("ByocTrunkSid", "byoc_trunk_sid"),
    Field("EmergencyCallerSid", "emergency_caller_sid"),
)


def _uri(account_sid: str, rest: str) -> str:
    return f"/2010-04-01/Accounts/{account_sid}/SIP/{rest}.json"


def _dates(row: Row) -> dict[str, Any]:
    return {
        "date_created": rfc2822(row["date_created"]),
        "date_updated": rfc2822(row["date_updated"]),
    }


def _friendly_name(ctx: Ctx, limit: int, *, required: bool) -> str | None:
    """The form's FriendlyName, checked against Twilio's length limit."""
    name = ctx.form.text("FriendlyName")
    if required and not name:
        raise invalid("FriendlyName is required.")
    if name is not None and len(name) > limit:
        raise invalid(f"FriendlyName may be at most {limit} characters long.")
    return name


# -- domains ------------------------------------------------------------------------------


def auth_type(db: Any, domain_sid: str) -> str:
    """``IP_ACL``, ``CREDENTIAL_LIST``, both (comma separated) or ``""``: how calls to the
    domain are authenticated, from its call mappings."""
    kinds = {
        row["kind"]
        for row in db.execute(
            "SELECT DISTINCT kind FROM sip_domain_mappings WHERE domain_sid = ?", (domain_sid,)
        )
    }
    types = [("IP_ACL", "calls-acl"), ("CREDENTIAL_LIST", "calls-credentials")]
    return ",".join(name for name, kind in types if kind in kinds)


def render_domain(row: Row, auth: str) -> dict[str, Any]:
    """A SIP Domain as Twilio sends it."""
    account, sid = row["account_sid"], row["sid"]
    return {
        "account_sid": account,
        "api_version": API_VERSION,
        "auth_type": auth,
        **_dates(row),
        "domain_name": row["domain_name"],
        "friendly_name": row["friendly_name"],
        "sid": sid,
        "uri": _uri(account, f"Domains/{sid}"),
        "voice_fallback_method": row["voice_fallback_method"],
        "voice_fallback_url": row["voice_fallback_url"],
        "voice_method": row["voice_method"],
        "voice_status_callback_method": row["voice_status_callback_method"],
        "voice_status_callback_url": row["voice_status_callback_url"],
        "voice_url": row["voice_url"],
        "subresource_uris": {
            "ip_access_control_list_mappings": _uri(
                account, f"Domains/{sid}/IpAccessControlListMappings"
            ),
            "credential_list_mappings": _uri(account, f"Domains/{sid}/CredentialListMappings"),
        },
        "sip_registration": bool(row["sip_registration"]),
        "emergency_calling_enabled": bool(row["emergency_calling_enabled"]),
        "secure": bool(row["secure"]),
        "byoc_trunk_sid": row["byoc_trunk_sid"],
        "emergency_caller_sid": row["emergency_caller_sid"],
    }


def _domain(ctx: Ctx, sid: str) -> dict[str, Any]:
    return render_domain(ctx.fetch("sip_domains", sid), auth_type(ctx.db, sid))


def _domain_name(ctx: Ctx, name: str, sid: str | None = None) -> str:
    """A domain name that is well formed and not taken by another domain (of any account)."""
    if not DOMAIN_NAME.match(name):
        raise bad_request(
            errors.SIP_DOMAIN_INVALID,
            f"Invalid domain name {name!r}: use letters, digits and '-', ending in sip.twilio.com.",
        )
    taken = ctx.db.execute(
        "SELECT sid FROM sip_domains WHERE domain_name = ? AND sid IS NOT ?", (name, sid)
    ).fetchone()
    if taken:
        raise bad_request(errors.SIP_DOMAIN_INVALID, f"The domain name {name} is already taken.")
    return name


def _domain_values(ctx: Ctx) -> dict[str, Any]:
    _friendly_name(ctx, 64, required=False)
    for param, prefix in (("ByocTrunkSid", "BY"), ("EmergencyCallerSid", "PN")):
        if ctx.form.text(param):  # empty: unset
            ctx.form.sid(param, prefix)
    return ctx.form.fields(DOMAIN_FIELDS)


@routes.post("/SIP/Domains.json", status=201)
def create_domain(ctx: Ctx) -> dict[str, Any]:
    """Reserve a SIP domain."""
    name = ctx.form.require("DomainName", errors.INVALID_PARAMETER, "DomainName is required.")
    sid = new_sid("SD")
    values: dict[str, Any] = {
        "sid": sid,
        "account_sid": ctx.account_sid,
        "domain_name": _domain_name(ctx, name),
        "voice_method": "POST",
        "voice_fallback_method": "POST",
        "voice_status_callback_method": "POST",
        "date_created": ctx.now,
        "date_updated": ctx.now,
    }
    values.update({k: v for k, v in _domain_values(ctx).items() if v is not None})
    insert(ctx.db, "sip_domains", values)
    return _domain(ctx, sid)


@routes.get("/SIP/Domains.json")
def list_domains(ctx: Ctx) -> dict[str, Any]:
    """The account's SIP domains."""
    return list_rows(
        ctx,
        table="sip_domains",
        list_key="domains",
        render=lambda row: render_domain(row, auth_type(ctx.db, row["sid"])),
        where=["account_sid = ?"],
        args=[ctx.account_sid],
    )


@routes.get("/SIP/Domains/<sid>.json")
def fetch_domain(ctx: Ctx, sid: str) -> dict[str, Any]:
    """One SIP domain."""
    return _domain(ctx, sid)


@routes.post("/SIP/Domains/<sid>.json")
def update_domain(ctx: Ctx, sid: str) -> dict[str, Any]:
    """Change a SIP domain's name or settings."""
    ctx.fetch("sip_domains", sid)
    values = _domain_values(ctx)
    name = ctx.form.text("DomainName")
    if name is not None:
        values["domain_name"] = _domain_name(ctx, name, sid)
    values["date_updated"] = ctx.now
    update(ctx.db, "sip_domains", sid, values)
    return _domain(ctx, sid)


@routes.delete("/SIP/Domains/<sid>.json")
def delete_domain(ctx: Ctx, sid: str) -> None:
    """Delete a SIP domain and its mappings."""
    ctx.delete("sip_domains", sid)
    ctx.db.execute("DELETE FROM sip_domain_mappings WHERE domain_sid = ?", (sid,))


# -- IP access control lists and credential lists -----------------------------------------


def render_acl(row: Row) -> dict[str, Any]:
    """An IpAccessControlList as Twilio sends it."""
    account, sid = row["account_sid"], row["sid"]
    return {
        "sid": sid,
        "account_sid": account,
        "friendly_name": row["friendly_name"],
        **_dates(row),
        "subresource_uris": {
            "ip_addresses": _uri(account, f"IpAccessControlLists/{sid}/IpAddresses")
        },
        "uri": _uri(account, f"IpAccessControlLists/{sid}"),
    }


def render_credential_list(row: Row) -> dict[str, Any]:
    """A CredentialList as Twilio sends it."""
    account, sid = row["account_sid"], row["sid"]
    return {
        "account_sid": account,
        **_dates(row),
        "friendly_name": row["friendly_name"],
        "sid": sid,
        "subresource_uris": {"credentials": _uri(account, f"CredentialLists/{sid}/Credentials")},
        "uri": _uri(account, f"CredentialLists/{sid}"),
    }


#: The two kinds of list: URL folder -> (table, SID prefix, FriendlyName limit, its render).
LISTS = {
    "IpAccessControlLists": ("sip_ip_access_control_lists", "AL", 255, render_acl),
    "CredentialLists": ("sip_credential_lists", "CL", 64, render_credential_list),
}
#: What a list holds, deleted with it.
MEMBERS = {
    "IpAccessControlLists": ("sip_ip_addresses", "ip_access_control_list_sid"),
    "CredentialLists": ("sip_credentials", "credential_list_sid"),
}


def _register_lists(folder: str) -> None:
    table, prefix, limit, render = LISTS[folder]

    @routes.post(f"/SIP/{folder}.json", status=201)
    def create(ctx: Ctx) -> dict[str, Any]:
        sid = new_sid(prefix)
        name = _friendly_name(ctx, limit, required=True)
        row = {"sid": sid, "account_sid": ctx.account_sid, "friendly_name": name}
        insert(ctx.db, table, row | {"date_created": ctx.now, "date_updated": ctx.now})
        return render(ctx.fetch(table, sid))

    @routes.get(f"/SIP/{folder}.json")
    def read(ctx: Ctx) -> dict[str, Any]:
        return list_rows(
            ctx,
            table=table,
            list_key=re.sub(r"(?<!^)(?=[A-Z])", "_", folder).lower(),
            render=render,
            where=["account_sid = ?"],
            args=[ctx.account_sid],
        )

    @routes.get(f"/SIP/{folder}/<sid>.json")
    def fetch(ctx: Ctx, sid: str) -> dict[str, Any]:
        return render(ctx.fetch(table, sid))

    @routes.post(f"/SIP/{folder}/<sid>.json")
    def rename(ctx: Ctx, sid: str) -> dict[str, Any]:
        ctx.fetch(table, sid)
        name = _friendly_name(ctx, limit, required=True)
        update(ctx.db, table, sid, {"friendly_name": name, "date_updated": ctx.now})
        return render(ctx.fetch(table, sid))

    @routes.delete(f"/SIP/{folder}/<sid>.json")
    def remove(ctx: Ctx, sid: str) -> None:
        ctx.fetch(table, sid)
        mapped = ctx.db.execute(
            "SELECT domain_sid FROM sip_domain_mappings WHERE sid = ? LIMIT 1", (sid,)
        ).fetchone()
        if mapped:
            raise invalid(
                f"{sid} is mapped to the SIP domain {mapped['domain_sid']}: "
                "remove the mapping before deleting the list."
            )
        ctx.delete(table, sid)
        members, column = MEMBERS[folder]
        ctx.db.execute(f"DELETE FROM {members} WHERE {column} = ?", (sid,))  # noqa: S608

    for handler, doc in (
        (create, "Create a list."),
        (read, "The account's lists."),
        (fetch, "One list."),
        (rename, "Rename a list."),
        (remove, "Delete a list and what it holds, unless a domain maps it."),
    ):
        handler.__doc__ = doc


for _folder in LISTS:
    _register_lists(_folder)


# -- IP addresses -------------------------------------------------------------------------

ACL_PATH = "/SIP/IpAccessControlLists/<list_sid>/IpAddresses"


def render_ip_address(row: Row) -> dict[str, Any]:
    """An IpAddress as Twilio sends it."""
    account, list_sid = row["account_sid"], row["ip_access_control_list_sid"]
    return {
        "sid": row["sid"],
        "account_sid": account,
        "friendly_name": row["friendly_name"],
        "ip_address": row["ip_address"],
        "cidr_prefix_length": row["cidr_prefix_length"],
        "ip_access_control_list_sid": list_sid,
        **_dates(row),
        "uri": _uri(account, f"IpAccessControlLists/{list_sid}/IpAddresses/{row['sid']}"),
    }


def _ipv4(value: str) -> str:
    """An IPv4 address in dotted decimal notation, whole (no wildcards, no ranges)."""
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        raise invalid(
            f"IpAddress must be an IPv4 address in dotted decimal notation, not {value!r}"
        ) from None
    return str(address)


def _member(ctx: Ctx, table: str, column: str, list_sid: str, sid: str) -> Row:
    row: Row | None = ctx.db.execute(
        f"SELECT * FROM {table} WHERE sid = ? AND {column} = ? AND account_sid = ?",  # noqa: S608
        (sid, list_sid, ctx.account_sid),
    ).fetchone()
    if row is None:
        raise ctx.not_found()
    return row


@routes.post(f"{ACL_PATH}.json", status=201)
def create_ip_address(ctx: Ctx, list_sid: str) -> dict[str, Any]:
    """Allow an IPv4 address (or CIDR range) in a list."""
    ctx.fetch("sip_ip_access_control_lists", list_sid)
    name = _friendly_name(ctx, 255, required=True)
    address = _ipv4(
        ctx.form.require("IpAddress", errors.INVALID_PARAMETER, "IpAddress is required.")
    )
    prefix = ctx.form.integer("CidrPrefixLength", 0, 32)
    (count,) = ctx.db.execute(
        "SELECT COUNT(*) FROM sip_ip_addresses WHERE ip_access_control_list_sid = ?", (list_sid,)
    ).fetchone()
    if count >= MAX_IP_ADDRESSES:
        raise invalid(f"An IP access control list holds at most {MAX_IP_ADDRESSES} IP addresses.")
    sid = new_sid("IP")
    insert(
        ctx.db,
        "sip_ip_addresses",
        {
            "sid": sid,
            "account_sid": ctx.account_sid,
            "ip_access_control_list_sid": list_sid,
            "friendly_name": name,
            "ip_address": address,
            "cidr_prefix_length": 32 if prefix is None else prefix,
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render_ip_address(ctx.fetch("sip_ip_addresses", sid))


@routes.get(f"{ACL_PATH}.json")
def list_ip_addresses(ctx: Ctx, list_sid: str) -> dict[str, Any]:
    """A list's IP addresses."""
    ctx.fetch("sip_ip_access_control_lists", list_sid)
    return list_rows(
        ctx,
        table="sip_ip_addresses",
        list_key="ip_addresses",
        render=render_ip_address,
        where=["ip_access_control_list_sid = ?"],
        args=[list_sid],
    )


@routes.get(f"{ACL_PATH}/<sid>.json")
def fetch_ip_address(ctx: Ctx, list_sid: str, sid: str) -> dict[str, Any]:
    """One IP address of a list."""
    row = _member(ctx, "sip_ip_addresses", "ip_access_control_list_sid", list_sid, sid)
    return render_ip_address(row)


@routes.post(f"{ACL_PATH}/<sid>.json")
def update_ip_address(ctx: Ctx, list_sid: str, sid: str) -> dict[str, Any]:
    """Change an IP address, its prefix or its name."""
    _member(ctx, "sip_ip_addresses", "ip_access_control_list_sid", list_sid, sid)
    values: dict[str, Any] = {"date_updated": ctx.now}
    if (name := _friendly_name(ctx, 255, required=False)) is not None:
        values["friendly_name"] = name
    if (address := ctx.form.text("IpAddress")) is not None:
        values["ip_address"] = _ipv4(address)
    if (prefix := ctx.form.integer("CidrPrefixLength", 0, 32)) is not None:
        values["cidr_prefix_length"] = prefix
    update(ctx.db, "sip_ip_addresses", sid, values)
    return render_ip_address(ctx.fetch("sip_ip_addresses", sid))


@routes.delete(f"{ACL_PATH}/<sid>.json")
def delete_ip_address(ctx: Ctx, list_sid: str, sid: str) -> None:
    """Remove an IP address from its list."""
    _member(ctx, "sip_ip_addresses", "ip_access_control_list_sid", list_sid, sid)
    ctx.delete("sip_ip_addresses", sid)


# -- credentials --------------------------------------------------------------------------

CREDENTIALS_PATH = "/SIP/CredentialLists/<list_sid>/Credentials"
MAX_USERNAME = 32


def render_credential(row: Row) -> dict[str, Any]:
    """A Credential as Twilio sends it: its username, never its password."""
    account, list_sid = row["account_sid"], row["credential_list_sid"]
    return {
        "sid": row["sid"],
        "account_sid": account,
        "credential_list_sid": list_sid,
        "username": row["username"],
        **_dates(row),
        "uri": _uri(account, f"CredentialLists/{list_sid}/Credentials/{row['sid']}"),
    }


def password_hash(password: str) -> str:
    """A password as stored: a salted SHA-256, after checking Twilio's rules (12 or more
    characters, a digit, a lower- and an upper-case letter). The error never quotes it."""
    if not (
        len(password) >= 12
        and any(c.isdigit() for c in password)
        and any(c.islower() for c in password)
        and any(c.isupper() for c in password)
    ):
        raise invalid(
            "Password must be at least 12 characters long and contain a digit, "
            "a lower-case and an upper-case letter."
        )
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"


@routes.post(f"{CREDENTIALS_PATH}.json", status=201)
def create_credential(ctx: Ctx, list_sid: str) -> dict[str, Any]:
    """Add a username and password to a credential list."""
    ctx.fetch("sip_credential_lists", list_sid)
    username = ctx.form.require("Username", errors.INVALID_PARAMETER, "Username is required.")
    if len(username) > MAX_USERNAME:
        raise invalid(f"Username may be at most {MAX_USERNAME} characters long.")
    hashed = password_hash(
        ctx.form.require("Password", errors.INVALID_PARAMETER, "Password is required.")
    )
    taken = ctx.db.execute(
        "SELECT 1 FROM sip_credentials WHERE credential_list_sid = ? AND username = ?",
        (list_sid, username),
    ).fetchone()
    if taken:
        raise invalid(f"The username {username} is already in this credential list.")
    sid = new_sid("CR")
    insert(
        ctx.db,
        "sip_credentials",
        {
            "sid": sid,
            "account_sid": ctx.account_sid,
            "credential_list_sid": list_sid,
            "username": username,
            "password_hash": hashed,
            "date_created": ctx.now,
            "date_updated": ctx.now,
        },
    )
    return render_credential(ctx.fetch("sip_credentials", sid))


@routes.get(f"{CREDENTIALS_PATH}.json")
def list_credentials(ctx: Ctx, list_sid: str) -> dict[str, Any]:
    """A credential list's credentials."""
    ctx.fetch("sip_credential_lists", list_sid)
    return list_rows(
        ctx,
        table="sip_credentials",
        list_key="credentials",
        render=render_credential,
        where=["credential_list_sid = ?"],
        args=[list_sid],
    )


@routes.get(f"{CREDENTIALS_PATH}/<sid>.json")
def fetch_credential(ctx: Ctx, list_sid: str, sid: str) -> dict[str, Any]:
    """One credential."""
    return render_credential(_member(ctx, "sip_credentials", "credential_list_sid", list_sid, sid))


@routes.post(f"{CREDENTIALS_PATH}/<sid>.json")
def update_credential(ctx: Ctx, list_sid: str, sid: str) -> dict[str, Any]:
    """Change a credential's password."""
    _member(ctx, "sip_credentials", "credential_list_sid", list_sid, sid)
    values: dict[str, Any] = {"date_updated": ctx.now}
    if (password := ctx.form.text("Password")) is not None:
        values["password_hash"] = password_hash(password)
    update(ctx.db, "sip_credentials", sid, values)
    return render_credential(ctx.fetch("sip_credentials", sid))


@routes.delete(f"{CREDENTIALS_PATH}/<sid>.json")
def delete_credential(ctx: Ctx, list_sid: str, sid: str) -> None:
    """Remove a credential from its list."""
    _member(ctx, "sip_credentials", "credential_list_sid", list_sid, sid)
    ctx.delete("sip_credentials", sid)


# -- a domain's mappings ------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    """One kind of a domain's mapping: what it maps, from which table, with which parameter."""

    kind: str
    list_table: str
    param: str
    list_key: str = "contents"
    legacy: bool = False
    """The legacy resources under the domain itself, which map calls as ``Auth/Calls`` does
    and answer with the domain's SID and a URI."""


ACL_TABLE, CL_TABLE = "sip_ip_access_control_lists", "sip_credential_lists"
#: URL folder under a domain -> its mapping. A legacy mapping is the Auth/Calls one seen from
#: another URL: both list, and delete, the same mappings.
MAPPINGS = {
    "Auth/Calls/IpAccessControlListMappings": Mapping(
        "calls-acl", ACL_TABLE, "IpAccessControlListSid"
    ),
    "Auth/Calls/CredentialListMappings": Mapping(
        "calls-credentials", CL_TABLE, "CredentialListSid"
    ),
    "Auth/Registrations/CredentialListMappings": Mapping(
        "registrations-credentials", CL_TABLE, "CredentialListSid"
    ),
    "IpAccessControlListMappings": Mapping(
        "calls-acl", ACL_TABLE, "IpAccessControlListSid", "ip_access_control_list_mappings", True
    ),
    "CredentialListMappings": Mapping(
        "calls-credentials", CL_TABLE, "CredentialListSid", "credential_list_mappings", True
    ),
}


def _register_mappings(folder: str) -> None:
    mapping = MAPPINGS[folder]
    kind, list_table, param = mapping.kind, mapping.list_table, mapping.param
    base = f"/SIP/Domains/<domain_sid>/{folder}"
    select = (
        f"SELECT m.*, l.friendly_name FROM sip_domain_mappings m JOIN {list_table} l "  # noqa: S608
        "ON l.sid = m.sid WHERE m.domain_sid = ? AND m.kind = ?"
    )

    def render(row: Row) -> dict[str, Any]:
        body: dict[str, Any] = {
            "account_sid": row["account_sid"],
            **_dates(row),
            "friendly_name": row["friendly_name"],
            "sid": row["sid"],
        }
        if mapping.legacy:
            domain = row["domain_sid"]
            body["domain_sid"] = domain
            body["uri"] = _uri(row["account_sid"], f"Domains/{domain}/{folder}/{row['sid']}")
        return body

    def find(ctx: Ctx, domain_sid: str, sid: str) -> Row:
        ctx.fetch("sip_domains", domain_sid)
        row: Row | None = ctx.db.execute(
            f"{select} AND m.sid = ?", (domain_sid, kind, sid)
        ).fetchone()
        if row is None:
            raise ctx.not_found()
        return row

    @routes.post(f"{base}.json", status=201)
    def create(ctx: Ctx, domain_sid: str) -> dict[str, Any]:
        ctx.fetch("sip_domains", domain_sid)
        list_sid = ctx.form.require(param, errors.INVALID_PARAMETER, f"{param} is required.")
        if (
            ctx.db.execute(
                f"SELECT 1 FROM {list_table} WHERE sid = ? AND account_sid = ?",  # noqa: S608
                (list_sid, ctx.account_sid),
            ).fetchone()
            is None
        ):
            raise bad_request(errors.SIP_DOMAIN_INVALID, f"{param} {list_sid} was not found.")
        if ctx.db.execute(f"{select} AND m.sid = ?", (domain_sid, kind, list_sid)).fetchone():
            raise bad_request(
                errors.SIP_DOMAIN_INVALID, f"{list_sid} is already mapped to {domain_sid}."
            )
        insert(
            ctx.db,
            "sip_domain_mappings",
            {
                "sid": list_sid,
                "account_sid": ctx.account_sid,
                "domain_sid": domain_sid,
                "kind": kind,
                "date_created": ctx.now,
                "date_updated": ctx.now,
            },
        )
        return render(find(ctx, domain_sid, list_sid))

    @routes.get(f"{base}.json")
    def read(ctx: Ctx, domain_sid: str) -> dict[str, Any]:
        ctx.fetch("sip_domains", domain_sid)
        view = (
            f"(SELECT m.*, l.friendly_name FROM sip_domain_mappings m JOIN {list_table} l "  # noqa: S608
            "ON l.sid = m.sid)"
        )
        return list_rows(
            ctx,
            table=view,
            list_key=mapping.list_key,
            render=render,
            where=["domain_sid = ?", "kind = ?"],
            args=[domain_sid, kind],
        )

    @routes.get(f"{base}/<sid>.json")
    def fetch(ctx: Ctx, domain_sid: str, sid: str) -> dict[str, Any]:
        return render(find(ctx, domain_sid, sid))

    @routes.delete(f"{base}/<sid>.json")
    def remove(ctx: Ctx, domain_sid: str, sid: str) -> None:
        find(ctx, domain_sid, sid)
        ctx.db.execute(
            "DELETE FROM sip_domain_mappings WHERE domain_sid = ? AND kind = ? AND sid = ?",
            (domain_sid, kind, sid),
        )

    for handler, doc in (
        (create, "Map a list to the domain."),
        (read, "The lists mapped to the domain."),
        (fetch, "One mapping."),
        (remove, "Unmap a list from the domain."),
    ):
        handler.__doc__ = doc


for _folder in MAPPINGS:
    _register_mappings(_folder)
