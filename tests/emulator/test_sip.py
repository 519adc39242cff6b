"""The emulator's SIP resources: Twilio's validation codes, the rules between domains and lists,
passwords that are never sent back, and every answer in the shape of Twilio's response schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
import requests

from emulator import Emulator
from tests.support.emulator_api import SID, Api, assert_twilio_error
from tests.support.openapi import validate_response

A = "/2010-04-01/Accounts/{AccountSid}"
PASSWORD = "IWasAtSignal2018"


def created(response: requests.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize(
    "name",
    [
        "acme.example.com",
        "acme.sip.twilio.co",
        "ac_me.sip.twilio.com",
        "sip.twilio.com",
        ".sip.twilio.com",
    ],
)
def test_a_domain_name_must_end_in_sip_twilio_com(api: Api, name: str) -> None:
    body = assert_twilio_error(api.post("/SIP/Domains.json", DomainName=name), 400, 21231)
    assert name in body["message"]


def test_a_domain_name_is_unique_across_accounts(emu: Emulator, api: Api) -> None:
    created(api.post("/SIP/Domains.json", DomainName="shared.sip.twilio.com"))
    other = emu.create_account(friendly_name="Other")
    theirs = Api(emu.url, other.sid, other.auth_token)
    assert_twilio_error(
        theirs.post("/SIP/Domains.json", DomainName="Shared.sip.twilio.com"), 400, 21231
    )
    mine = created(api.post("/SIP/Domains.json", DomainName="mine.sip.twilio.com"))
    assert_twilio_error(
        api.post(f"/SIP/Domains/{mine['sid']}.json", DomainName="shared.sip.twilio.com"), 400, 21231
    )
    # renaming a domain to its own name is no clash
    same = api.post(f"/SIP/Domains/{mine['sid']}.json", DomainName="mine.sip.twilio.com")
    assert same.status_code == 200, same.text


def test_a_domain_needs_a_name_and_valid_settings(api: Api) -> None:
    assert_twilio_error(api.post("/SIP/Domains.json"), 400, 20001)
    bad = {"DomainName": "a.sip.twilio.com"}
    assert_twilio_error(api.post("/SIP/Domains.json", **bad, VoiceUrl="not a url"), 400, 20001)
    assert_twilio_error(api.post("/SIP/Domains.json", **bad, VoiceMethod="PUT"), 400, 20001)
    assert_twilio_error(api.post("/SIP/Domains.json", **bad, Secure="maybe"), 400, 20001)
    assert_twilio_error(api.post("/SIP/Domains.json", **bad, FriendlyName="x" * 65), 400, 20001)
    assert_twilio_error(api.post("/SIP/Domains.json", **bad, ByocTrunkSid="BY1"), 400, 20001)


@pytest.mark.parametrize(
    "address", ["256.0.0.1", "10.0.0", "10.0.0.*", "2001:db8::1", "example.com", "10.0.0.1/24"]
)
def test_an_ip_address_is_a_whole_ipv4_address(api: Api, address: str) -> None:
    al = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="Office"))["sid"]
    path = f"/SIP/IpAccessControlLists/{al}/IpAddresses.json"
    assert_twilio_error(api.post(path, FriendlyName="x", IpAddress=address), 400, 20001)
    assert_twilio_error(
        api.post(path, FriendlyName="x", IpAddress="10.0.0.1", CidrPrefixLength="33"), 400, 20001
    )


def test_an_ip_access_control_list_holds_at_most_100_addresses(api: Api) -> None:
    al = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="Office"))["sid"]
    path = f"/SIP/IpAccessControlLists/{al}/IpAddresses.json"
    for n in range(100):
        created(api.post(path, FriendlyName=f"n{n}", IpAddress=f"10.0.{n}.1"))
    assert_twilio_error(api.post(path, FriendlyName="one more", IpAddress="10.1.0.1"), 400, 20001)


@pytest.mark.parametrize(
    "password", ["Sh0rtPass", "alllowercase2018", "ALLUPPERCASE2018", "NoDigitsAtAllHere"]
)
def test_a_password_follows_twilios_rules_and_is_never_echoed(api: Api, password: str) -> None:
    cl = created(api.post("/SIP/CredentialLists.json", FriendlyName="Phones"))["sid"]
    path = f"/SIP/CredentialLists/{cl}/Credentials.json"
    body = assert_twilio_error(api.post(path, Username="alice", Password=password), 400, 20001)
    assert password not in body["message"]
    alice = created(api.post(path, Username="alice", Password=PASSWORD))
    updated = api.post(
        f"/SIP/CredentialLists/{cl}/Credentials/{alice['sid']}.json", Password=password
    )
    assert password not in assert_twilio_error(updated, 400, 20001)["message"]


def test_a_password_is_stored_only_as_a_salted_hash(tmp_path: Path) -> None:
    db = tmp_path / "emulator.db"
    with Emulator(db=db) as emu:
        account = emu.create_account()
        api = Api(emu.url, account.sid, account.auth_token)
        cl = created(api.post("/SIP/CredentialLists.json", FriendlyName="Phones"))["sid"]
        for n in range(2):
            created(
                api.post(
                    f"/SIP/CredentialLists/{cl}/Credentials.json",
                    Username=f"u{n}",
                    Password=PASSWORD,
                )
            )
    with sqlite3.connect(db) as conn:
        stored = [row[0] for row in conn.execute("SELECT password_hash FROM sip_credentials")]
    assert len(stored) == 2
    assert len(set(stored)) == 2  # salted: the same password, two hashes
    assert all(PASSWORD not in value for value in stored)
    assert PASSWORD.encode() not in db.read_bytes()


def test_usernames_are_unique_in_a_list_and_short(api: Api) -> None:
    cl = created(api.post("/SIP/CredentialLists.json", FriendlyName="Phones"))["sid"]
    path = f"/SIP/CredentialLists/{cl}/Credentials.json"
    created(api.post(path, Username="alice", Password=PASSWORD))
    assert_twilio_error(api.post(path, Username="alice", Password=PASSWORD), 400, 20001)
    assert_twilio_error(api.post(path, Username="a" * 33, Password=PASSWORD), 400, 20001)
    assert_twilio_error(api.post(path, Password=PASSWORD), 400, 20001)
    other = created(api.post("/SIP/CredentialLists.json", FriendlyName="Other"))["sid"]
    created(
        api.post(
            f"/SIP/CredentialLists/{other}/Credentials.json", Username="alice", Password=PASSWORD
        )
    )


def test_mapping_needs_a_list_of_the_account_once(emu: Emulator, api: Api) -> None:
    sd = created(api.post("/SIP/Domains.json", DomainName="pbx.sip.twilio.com"))["sid"]
    cl = created(api.post("/SIP/CredentialLists.json", FriendlyName="Phones"))["sid"]
    calls = f"/SIP/Domains/{sd}/Auth/Calls/CredentialListMappings.json"
    assert_twilio_error(api.post(calls, CredentialListSid="CL" + "0" * 32), 400, 21231)
    other = emu.create_account(friendly_name="Other")
    theirs = Api(emu.url, other.sid, other.auth_token)
    their_cl = created(theirs.post("/SIP/CredentialLists.json", FriendlyName="Theirs"))["sid"]
    assert_twilio_error(api.post(calls, CredentialListSid=their_cl), 400, 21231)
    created(api.post(calls, CredentialListSid=cl))
    assert_twilio_error(api.post(calls, CredentialListSid=cl), 400, 21231)
    # the same list may also authenticate registrations, and another domain's calls
    created(
        api.post(
            f"/SIP/Domains/{sd}/Auth/Registrations/CredentialListMappings.json",
            CredentialListSid=cl,
        )
    )
    sd2 = created(api.post("/SIP/Domains.json", DomainName="pbx2.sip.twilio.com"))["sid"]
    created(
        api.post(f"/SIP/Domains/{sd2}/Auth/Calls/CredentialListMappings.json", CredentialListSid=cl)
    )
    # an IP access control list is not a credential list
    al = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="Office"))["sid"]
    assert_twilio_error(api.post(calls, CredentialListSid=al), 400, 21231)
    assert (
        api.get(
            f"/SIP/Domains/{'SD' + '0' * 32}/Auth/Calls/CredentialListMappings.json"
        ).status_code
        == 404
    )


def test_a_mapped_list_cannot_be_deleted_and_a_deleted_domain_frees_it(api: Api) -> None:
    sd = created(api.post("/SIP/Domains.json", DomainName="pbx.sip.twilio.com"))["sid"]
    al = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="Office"))["sid"]
    created(
        api.post(
            f"/SIP/Domains/{sd}/Auth/Calls/IpAccessControlListMappings.json",
            IpAccessControlListSid=al,
        )
    )
    body = assert_twilio_error(api.delete(f"/SIP/IpAccessControlLists/{al}.json"), 400, 20001)
    assert sd in body["message"]
    assert api.delete(f"/SIP/Domains/{sd}.json").status_code == 204
    assert api.delete(f"/SIP/IpAccessControlLists/{al}.json").status_code == 204


def test_a_member_belongs_to_its_list(api: Api) -> None:
    one = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="One"))["sid"]
    two = created(api.post("/SIP/IpAccessControlLists.json", FriendlyName="Two"))["sid"]
    ip = created(
        api.post(
            f"/SIP/IpAccessControlLists/{one}/IpAddresses.json",
            FriendlyName="x",
            IpAddress="10.0.0.1",
        )
    )["sid"]
    assert api.get(f"/SIP/IpAccessControlLists/{two}/IpAddresses/{ip}.json").status_code == 404
    assert api.delete(f"/SIP/IpAccessControlLists/{two}/IpAddresses/{ip}.json").status_code == 404
    assert api.get(f"/SIP/IpAccessControlLists/{one}/IpAddresses/{ip}.json").status_code == 200


def test_lists_page_like_twilio(api: Api) -> None:
    sd = created(api.post("/SIP/Domains.json", DomainName="pbx.sip.twilio.com"))["sid"]
    cls = [
        created(api.post("/SIP/CredentialLists.json", FriendlyName=f"L{n}"))["sid"]
        for n in range(3)
    ]
    path = f"/SIP/Domains/{sd}/Auth/Calls/CredentialListMappings.json"
    for cl in cls:
        created(api.post(path, CredentialListSid=cl))
    first = api.get(path, PageSize=2).json()
    assert [m["sid"] for m in first["contents"]] == [cls[2], cls[1]]
    second = api.get(api.url + first["next_page_uri"]).json()
    assert [m["sid"] for m in second["contents"]] == [cls[0]]
    assert second["next_page_uri"] is None


# -- every answer in the shape of Twilio's response schema -------------------------------


def test_every_sip_answer_matches_twilios_schema(api: Api, twilio_api_v2010: Path) -> None:
    def check(method: str, template: str, status: int, response: requests.Response) -> Any:
        assert response.status_code == status, response.text
        if status == 204:
            assert response.content == b""
            return None
        body = response.json()
        validate_response(twilio_api_v2010, method, A + template, status, body)
        if isinstance(body.get("sid"), str):
            assert SID.match(body["sid"])
        return body

    d = "/SIP/Domains"
    sd = check(
        "POST",
        f"{d}.json",
        201,
        api.post(
            f"{d}.json", DomainName="a.sip.twilio.com", VoiceUrl="https://e.com/v", Secure="true"
        ),
    )["sid"]
    check("GET", f"{d}.json", 200, api.get(f"{d}.json"))
    check("GET", f"{d}/{{Sid}}.json", 200, api.get(f"{d}/{sd}.json"))
    check("POST", f"{d}/{{Sid}}.json", 200, api.post(f"{d}/{sd}.json", FriendlyName="A"))

    acl = "/SIP/IpAccessControlLists"
    al = check("POST", f"{acl}.json", 201, api.post(f"{acl}.json", FriendlyName="Office"))["sid"]
    check("GET", f"{acl}.json", 200, api.get(f"{acl}.json"))
    check("GET", f"{acl}/{{Sid}}.json", 200, api.get(f"{acl}/{al}.json"))
    check("POST", f"{acl}/{{Sid}}.json", 200, api.post(f"{acl}/{al}.json", FriendlyName="HQ"))
    ips = f"{acl}/{al}/IpAddresses"
    ips_t = f"{acl}/{{IpAccessControlListSid}}/IpAddresses"
    ip = check(
        "POST",
        f"{ips_t}.json",
        201,
        api.post(f"{ips}.json", FriendlyName="R", IpAddress="192.0.2.1"),
    )["sid"]
    check("GET", f"{ips_t}.json", 200, api.get(f"{ips}.json"))
    check("GET", f"{ips_t}/{{Sid}}.json", 200, api.get(f"{ips}/{ip}.json"))
    check("POST", f"{ips_t}/{{Sid}}.json", 200, api.post(f"{ips}/{ip}.json", CidrPrefixLength="30"))

    cls = "/SIP/CredentialLists"
    cl = check("POST", f"{cls}.json", 201, api.post(f"{cls}.json", FriendlyName="Phones"))["sid"]
    check("GET", f"{cls}.json", 200, api.get(f"{cls}.json"))
    check("GET", f"{cls}/{{Sid}}.json", 200, api.get(f"{cls}/{cl}.json"))
    check("POST", f"{cls}/{{Sid}}.json", 200, api.post(f"{cls}/{cl}.json", FriendlyName="Desk"))
    crs = f"{cls}/{cl}/Credentials"
    crs_t = f"{cls}/{{CredentialListSid}}/Credentials"
    cr = check(
        "POST", f"{crs_t}.json", 201, api.post(f"{crs}.json", Username="alice", Password=PASSWORD)
    )["sid"]
    check("GET", f"{crs_t}.json", 200, api.get(f"{crs}.json"))
    check("GET", f"{crs_t}/{{Sid}}.json", 200, api.get(f"{crs}/{cr}.json"))
    check(
        "POST",
        f"{crs_t}/{{Sid}}.json",
        200,
        api.post(f"{crs}/{cr}.json", Password="An0therGoodOne"),
    )

    for folder, param, list_sid in (
        ("Auth/Calls/IpAccessControlListMappings", "IpAccessControlListSid", al),
        ("Auth/Calls/CredentialListMappings", "CredentialListSid", cl),
        ("Auth/Registrations/CredentialListMappings", "CredentialListSid", cl),
        ("IpAccessControlListMappings", "IpAccessControlListSid", al),
        ("CredentialListMappings", "CredentialListSid", cl),
    ):
        path = f"{d}/{sd}/{folder}"
        template = f"{d}/{{DomainSid}}/{folder}"
        check("POST", f"{template}.json", 201, api.post(f"{path}.json", **{param: list_sid}))
        check("GET", f"{template}.json", 200, api.get(f"{path}.json"))
        check("GET", f"{template}/{{Sid}}.json", 200, api.get(f"{path}/{list_sid}.json"))
        check("DELETE", f"{template}/{{Sid}}.json", 204, api.delete(f"{path}/{list_sid}.json"))

    check("GET", f"{d}/{{Sid}}.json", 200, api.get(f"{d}/{sd}.json"))
    check("DELETE", f"{crs_t}/{{Sid}}.json", 204, api.delete(f"{crs}/{cr}.json"))
    check("DELETE", f"{cls}/{{Sid}}.json", 204, api.delete(f"{cls}/{cl}.json"))
    check("DELETE", f"{ips_t}/{{Sid}}.json", 204, api.delete(f"{ips}/{ip}.json"))
    check("DELETE", f"{acl}/{{Sid}}.json", 204, api.delete(f"{acl}/{al}.json"))
    check("DELETE", f"{d}/{{Sid}}.json", 204, api.delete(f"{d}/{sd}.json"))
