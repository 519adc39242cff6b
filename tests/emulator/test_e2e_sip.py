"""SIP end to end over the emulator: a domain, the lists that authenticate its calls and
registrations, their IP addresses and credentials, each change read back through other
operations."""

from __future__ import annotations

import logging

import pytest

from connector import BadRequestError, Connector, NotFoundError
from tests.support.e2e import covers

PASSWORD = "IWasAtSignal2018"


def sids(items: object) -> list[str]:
    return [item["sid"] for item in items]  # type: ignore[attr-defined]


@covers(
    "create-sip-domain",
    "get-sip-domain",
    "get-sip-domains",
    "update-sip-domain",
    "delete-sip-domain",
)
def test_domains(twilio: Connector) -> None:
    domain = twilio.invoke(
        "create-sip-domain",
        {
            "domainName": "acme.sip.twilio.com",
            "friendlyName": "Acme",
            "voiceUrl": "https://e.com/v",
        },
    )
    assert domain["sid"].startswith("SD")
    assert (domain["domain_name"], domain["voice_url"], domain["voice_method"]) == (
        "acme.sip.twilio.com",
        "https://e.com/v",
        "POST",
    )
    other = twilio.invoke("create-sip-domain", {"domainName": "other.sip.twilio.com"})
    assert sids(twilio.invoke("get-sip-domains", {})) == [other["sid"], domain["sid"]]

    twilio.invoke(
        "update-sip-domain",
        {
            "domainSid": domain["sid"],
            "domainName": "acme2.sip.twilio.com",
            "secure": "true",
            "sipRegistration": "yes",
            "voiceMethod": "get",
        },
    )
    fetched = twilio.invoke("get-sip-domain", {"domainSid": domain["sid"]})
    assert (fetched["domain_name"], fetched["secure"], fetched["sip_registration"]) == (
        "acme2.sip.twilio.com",
        True,
        True,
    )
    assert (fetched["voice_method"], fetched["friendly_name"]) == ("GET", "Acme")

    with pytest.raises(BadRequestError) as taken:
        twilio.invoke("create-sip-domain", {"domainName": "ACME2.sip.twilio.com"})
    assert taken.value.code == 21231

    assert twilio.invoke("delete-sip-domain", {"domainSid": domain["sid"]}) is None
    assert sids(twilio.invoke("get-sip-domains", {})) == [other["sid"]]
    with pytest.raises(NotFoundError):
        twilio.invoke("get-sip-domain", {"domainSid": domain["sid"]})
    # the name is free again once its domain is gone
    twilio.invoke("create-sip-domain", {"domainName": "acme2.sip.twilio.com"})


@covers(
    "create-sip-ip-access-control-list",
    "get-sip-ip-access-control-list",
    "get-sip-ip-access-control-lists",
    "update-sip-ip-access-control-list",
    "delete-sip-ip-access-control-list",
    "create-sip-ip-address",
    "get-sip-ip-address",
    "get-sip-ip-addresses",
    "update-sip-ip-address",
    "delete-sip-ip-address",
)
def test_ip_access_control_lists_and_addresses(twilio: Connector) -> None:
    acl = twilio.invoke("create-sip-ip-access-control-list", {"friendlyName": "Office"})
    al = acl["sid"]
    assert al.startswith("AL")
    assert acl["subresource_uris"]["ip_addresses"].endswith(f"/{al}/IpAddresses.json")
    twilio.invoke(
        "update-sip-ip-access-control-list", {"ipAccessControlListSid": al, "friendlyName": "HQ"}
    )
    assert (
        twilio.invoke("get-sip-ip-access-control-list", {"ipAccessControlListSid": al})[
            "friendly_name"
        ]
        == "HQ"
    )
    assert sids(twilio.invoke("get-sip-ip-access-control-lists", {})) == [al]

    router = twilio.invoke(
        "create-sip-ip-address",
        {"ipAccessControlListSid": al, "friendlyName": "Router", "ipAddress": "192.0.2.10"},
    )
    assert (router["ip_address"], router["cidr_prefix_length"]) == ("192.0.2.10", 32)
    office = twilio.invoke(
        "create-sip-ip-address",
        {
            "ipAccessControlListSid": al,
            "friendlyName": "LAN",
            "ipAddress": "198.51.100.0",
            "cidrPrefixLength": "24",
        },
    )
    assert sids(twilio.invoke("get-sip-ip-addresses", {"ipAccessControlListSid": al})) == [
        office["sid"],
        router["sid"],
    ]
    twilio.invoke(
        "update-sip-ip-address",
        {
            "ipAccessControlListSid": al,
            "ipAddressSid": router["sid"],
            "ipAddress": "192.0.2.11",
            "cidrPrefixLength": 31,
        },
    )
    fetched = twilio.invoke(
        "get-sip-ip-address", {"ipAccessControlListSid": al, "ipAddressSid": router["sid"]}
    )
    assert (fetched["ip_address"], fetched["cidr_prefix_length"], fetched["friendly_name"]) == (
        "192.0.2.11",
        31,
        "Router",
    )
    twilio.invoke(
        "delete-sip-ip-address", {"ipAccessControlListSid": al, "ipAddressSid": office["sid"]}
    )
    assert sids(twilio.invoke("get-sip-ip-addresses", {"ipAccessControlListSid": al})) == [
        router["sid"]
    ]

    twilio.invoke("delete-sip-ip-access-control-list", {"ipAccessControlListSid": al})
    assert list(twilio.invoke("get-sip-ip-access-control-lists", {})) == []
    with pytest.raises(NotFoundError):
        twilio.invoke(
            "get-sip-ip-address", {"ipAccessControlListSid": al, "ipAddressSid": router["sid"]}
        )


@covers(
    "create-sip-credential-list",
    "get-sip-credential-list",
    "get-sip-credential-lists",
    "update-sip-credential-list",
    "delete-sip-credential-list",
    "create-sip-credential",
    "get-sip-credential",
    "get-sip-credentials",
    "update-sip-credential",
    "delete-sip-credential",
)
def test_credential_lists_and_credentials(
    twilio: Connector, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cl = twilio.invoke("create-sip-credential-list", {"friendlyName": "Phones"})["sid"]
    twilio.invoke("update-sip-credential-list", {"credentialListSid": cl, "friendlyName": "Desk"})
    assert (
        twilio.invoke("get-sip-credential-list", {"credentialListSid": cl})["friendly_name"]
        == "Desk"
    )
    assert sids(twilio.invoke("get-sip-credential-lists", {})) == [cl]

    alice = twilio.invoke(
        "create-sip-credential",
        {"credentialListSid": cl, "username": "alice", "password": PASSWORD},
    )
    assert alice["username"] == "alice"
    assert "password" not in alice
    bob = twilio.invoke(
        "create-sip-credential",
        {"credentialListSid": cl, "username": "bob", "password": "An0therGoodOne"},
    )
    assert sids(twilio.invoke("get-sip-credentials", {"credentialListSid": cl})) == [
        bob["sid"],
        alice["sid"],
    ]
    updated = twilio.invoke(
        "update-sip-credential",
        {"credentialListSid": cl, "credentialSid": alice["sid"], "password": "Ch4ngedPassword"},
    )
    assert updated["username"] == "alice"
    fetched = twilio.invoke(
        "get-sip-credential", {"credentialListSid": cl, "credentialSid": alice["sid"]}
    )
    assert (fetched["username"], fetched["credential_list_sid"]) == ("alice", cl)

    with pytest.raises(BadRequestError):  # one username once per list
        twilio.invoke(
            "create-sip-credential",
            {"credentialListSid": cl, "username": "bob", "password": PASSWORD},
        )
    twilio.invoke("delete-sip-credential", {"credentialListSid": cl, "credentialSid": bob["sid"]})
    assert sids(twilio.invoke("get-sip-credentials", {"credentialListSid": cl})) == [alice["sid"]]
    twilio.invoke("delete-sip-credential-list", {"credentialListSid": cl})
    with pytest.raises(NotFoundError):
        twilio.invoke("get-sip-credentials", {"credentialListSid": cl})
    for secret in (PASSWORD, "An0therGoodOne", "Ch4ngedPassword"):
        assert secret not in caplog.text


@covers(
    "create-sip-calls-ip-access-control-list-mapping",
    "get-sip-calls-ip-access-control-list-mapping",
    "get-sip-calls-ip-access-control-list-mappings",
    "delete-sip-calls-ip-access-control-list-mapping",
    "create-sip-calls-credential-list-mapping",
    "get-sip-calls-credential-list-mapping",
    "get-sip-calls-credential-list-mappings",
    "delete-sip-calls-credential-list-mapping",
    "create-sip-registrations-credential-list-mapping",
    "get-sip-registrations-credential-list-mapping",
    "get-sip-registrations-credential-list-mappings",
    "delete-sip-registrations-credential-list-mapping",
)
def test_a_domains_mappings(twilio: Connector) -> None:
    sd = twilio.invoke("create-sip-domain", {"domainName": "pbx.sip.twilio.com"})["sid"]
    al = twilio.invoke("create-sip-ip-access-control-list", {"friendlyName": "Office"})["sid"]
    cl = twilio.invoke("create-sip-credential-list", {"friendlyName": "Phones"})["sid"]
    assert twilio.invoke("get-sip-domain", {"domainSid": sd})["auth_type"] == ""

    acl_map = twilio.invoke(
        "create-sip-calls-ip-access-control-list-mapping",
        {"domainSid": sd, "ipAccessControlListSid": al},
    )
    assert (acl_map["sid"], acl_map["friendly_name"]) == (al, "Office")
    twilio.invoke(
        "create-sip-calls-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
    )
    twilio.invoke(
        "create-sip-registrations-credential-list-mapping",
        {"domainSid": sd, "credentialListSid": cl},
    )
    assert (
        twilio.invoke("get-sip-domain", {"domainSid": sd})["auth_type"] == "IP_ACL,CREDENTIAL_LIST"
    )
    assert sids(
        twilio.invoke("get-sip-calls-ip-access-control-list-mappings", {"domainSid": sd})
    ) == [al]
    assert sids(twilio.invoke("get-sip-calls-credential-list-mappings", {"domainSid": sd})) == [cl]
    assert sids(
        twilio.invoke("get-sip-registrations-credential-list-mappings", {"domainSid": sd})
    ) == [cl]
    assert (
        twilio.invoke(
            "get-sip-calls-ip-access-control-list-mapping",
            {"domainSid": sd, "ipAccessControlListSid": al},
        )["sid"]
        == al
    )
    assert (
        twilio.invoke(
            "get-sip-calls-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
        )["friendly_name"]
        == "Phones"
    )
    assert (
        twilio.invoke(
            "get-sip-registrations-credential-list-mapping",
            {"domainSid": sd, "credentialListSid": cl},
        )["sid"]
        == cl
    )

    with pytest.raises(BadRequestError) as twice:
        twilio.invoke(
            "create-sip-calls-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
        )
    assert twice.value.code == 21231
    with pytest.raises(BadRequestError):  # a list still mapped stays
        twilio.invoke("delete-sip-credential-list", {"credentialListSid": cl})

    twilio.invoke(
        "delete-sip-calls-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
    )
    twilio.invoke(
        "delete-sip-registrations-credential-list-mapping",
        {"domainSid": sd, "credentialListSid": cl},
    )
    twilio.invoke(
        "delete-sip-calls-ip-access-control-list-mapping",
        {"domainSid": sd, "ipAccessControlListSid": al},
    )
    assert twilio.invoke("get-sip-domain", {"domainSid": sd})["auth_type"] == ""
    assert list(twilio.invoke("get-sip-calls-credential-list-mappings", {"domainSid": sd})) == []
    with pytest.raises(NotFoundError):
        twilio.invoke(
            "get-sip-calls-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
        )
    twilio.invoke("delete-sip-credential-list", {"credentialListSid": cl})  # unmapped: it may go


@covers(
    "create-sip-ip-access-control-list-mapping",
    "get-sip-ip-access-control-list-mapping",
    "get-sip-ip-access-control-list-mappings",
    "delete-sip-ip-access-control-list-mapping",
    "create-sip-credential-list-mapping",
    "get-sip-credential-list-mapping",
    "get-sip-credential-list-mappings",
    "delete-sip-credential-list-mapping",
)
def test_the_older_mappings_are_the_calls_mappings(twilio: Connector) -> None:
    sd = twilio.invoke("create-sip-domain", {"domainName": "old.sip.twilio.com"})["sid"]
    al = twilio.invoke("create-sip-ip-access-control-list", {"friendlyName": "Office"})["sid"]
    cl = twilio.invoke("create-sip-credential-list", {"friendlyName": "Phones"})["sid"]

    acl_map = twilio.invoke(
        "create-sip-ip-access-control-list-mapping", {"domainSid": sd, "ipAccessControlListSid": al}
    )
    assert (acl_map["sid"], acl_map["domain_sid"], acl_map["friendly_name"]) == (al, sd, "Office")
    assert acl_map["uri"].endswith(f"/SIP/Domains/{sd}/IpAccessControlListMappings/{al}.json")
    twilio.invoke("create-sip-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl})
    # the same mappings, seen from Auth/Calls
    assert sids(
        twilio.invoke("get-sip-calls-ip-access-control-list-mappings", {"domainSid": sd})
    ) == [al]
    assert sids(twilio.invoke("get-sip-calls-credential-list-mappings", {"domainSid": sd})) == [cl]
    assert sids(twilio.invoke("get-sip-ip-access-control-list-mappings", {"domainSid": sd})) == [al]
    assert sids(twilio.invoke("get-sip-credential-list-mappings", {"domainSid": sd})) == [cl]
    assert (
        twilio.invoke(
            "get-sip-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl}
        )["domain_sid"]
        == sd
    )
    assert (
        twilio.invoke(
            "get-sip-ip-access-control-list-mapping",
            {"domainSid": sd, "ipAccessControlListSid": al},
        )["friendly_name"]
        == "Office"
    )

    twilio.invoke("delete-sip-credential-list-mapping", {"domainSid": sd, "credentialListSid": cl})
    twilio.invoke(
        "delete-sip-ip-access-control-list-mapping", {"domainSid": sd, "ipAccessControlListSid": al}
    )
    assert list(twilio.invoke("get-sip-calls-credential-list-mappings", {"domainSid": sd})) == []
    assert list(twilio.invoke("get-sip-ip-access-control-list-mappings", {"domainSid": sd})) == []
    assert twilio.invoke("get-sip-domain", {"domainSid": sd})["auth_type"] == ""
