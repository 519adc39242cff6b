"""The SIP scenarios run by twilio-python 9.13 against the emulator: a client we did not write
creates, reads, changes and deletes domains, lists, IP addresses, credentials and mappings."""

from __future__ import annotations

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from emulator import Account, Emulator

PASSWORD = "IWasAtSignal2018"


@pytest.fixture
def client(emu: Emulator, account: Account) -> Client:
    twilio = Client(account.sid, account.auth_token)
    twilio.api.base_url = emu.url
    return twilio


def test_domains_lists_and_their_members(client: Client) -> None:
    sip = client.api.v2010.account.sip
    domain = sip.domains.create(domain_name="acme.sip.twilio.com", voice_url="https://e.com/v")
    assert (domain.domain_name, domain.voice_method, domain.sip_registration) == (
        "acme.sip.twilio.com",
        "POST",
        False,
    )
    domain = sip.domains(domain.sid).update(sip_registration=True, friendly_name="Acme")
    assert (domain.sip_registration, domain.friendly_name) == (True, "Acme")
    assert [d.sid for d in sip.domains.list()] == [domain.sid]

    acl = sip.ip_access_control_lists.create(friendly_name="Office")
    address = sip.ip_access_control_lists(acl.sid).ip_addresses.create(
        friendly_name="Router", ip_address="192.0.2.10", cidr_prefix_length=24
    )
    assert (address.ip_address, address.cidr_prefix_length) == ("192.0.2.10", 24)
    sip.ip_access_control_lists(acl.sid).ip_addresses(address.sid).update(ip_address="192.0.2.11")
    fetched = sip.ip_access_control_lists(acl.sid).ip_addresses(address.sid).fetch()
    assert fetched.ip_address == "192.0.2.11"
    assert sip.ip_access_control_lists(acl.sid).update(friendly_name="HQ").friendly_name == "HQ"

    credentials = sip.credential_lists.create(friendly_name="Phones")
    alice = sip.credential_lists(credentials.sid).credentials.create(
        username="alice", password=PASSWORD
    )
    assert alice.username == "alice"
    sip.credential_lists(credentials.sid).credentials(alice.sid).update(password="An0therGoodOne")
    assert [c.username for c in sip.credential_lists(credentials.sid).credentials.list()] == [
        "alice"
    ]
    with pytest.raises(TwilioRestException) as refused:
        sip.credential_lists(credentials.sid).credentials.create(username="bob", password="weak")
    assert refused.value.status == 400
    assert "weak" not in refused.value.msg

    auth = sip.domains(domain.sid).auth
    auth.calls.ip_access_control_list_mappings.create(ip_access_control_list_sid=acl.sid)
    auth.calls.credential_list_mappings.create(credential_list_sid=credentials.sid)
    auth.registrations.credential_list_mappings.create(credential_list_sid=credentials.sid)
    assert sip.domains(domain.sid).fetch().auth_type == "IP_ACL,CREDENTIAL_LIST"
    assert [m.sid for m in auth.calls.ip_access_control_list_mappings.list()] == [acl.sid]
    mapping = auth.registrations.credential_list_mappings(credentials.sid).fetch()
    assert mapping.friendly_name == "Phones"
    with pytest.raises(TwilioRestException) as twice:
        auth.calls.credential_list_mappings.create(credential_list_sid=credentials.sid)
    assert twice.value.code == 21231

    assert auth.calls.credential_list_mappings(credentials.sid).delete() is True
    assert auth.registrations.credential_list_mappings(credentials.sid).delete() is True
    assert auth.calls.ip_access_control_list_mappings(acl.sid).delete() is True
    assert sip.credential_lists(credentials.sid).credentials(alice.sid).delete() is True
    assert sip.credential_lists(credentials.sid).delete() is True
    assert sip.ip_access_control_lists(acl.sid).ip_addresses(address.sid).delete() is True
    assert sip.ip_access_control_lists(acl.sid).delete() is True
    assert sip.domains(domain.sid).delete() is True
    assert sip.domains.list() == []
    assert sip.ip_access_control_lists.list() == []
    assert sip.credential_lists.list() == []


def test_the_older_mappings_through_twilio_python(client: Client) -> None:
    sip = client.api.v2010.account.sip
    domain = sip.domains.create(domain_name="old.sip.twilio.com")
    acl = sip.ip_access_control_lists.create(friendly_name="Office")
    credentials = sip.credential_lists.create(friendly_name="Phones")
    mapped = sip.domains(domain.sid).ip_access_control_list_mappings.create(
        ip_access_control_list_sid=acl.sid
    )
    assert (mapped.sid, mapped.domain_sid) == (acl.sid, domain.sid)
    sip.domains(domain.sid).credential_list_mappings.create(credential_list_sid=credentials.sid)
    assert [m.sid for m in sip.domains(domain.sid).credential_list_mappings.list()] == [
        credentials.sid
    ]
    assert [m.sid for m in sip.domains(domain.sid).auth.calls.credential_list_mappings.list()] == [
        credentials.sid
    ]
    assert sip.domains(domain.sid).ip_access_control_list_mappings(acl.sid).fetch().sid == acl.sid
    assert sip.domains(domain.sid).ip_access_control_list_mappings(acl.sid).delete() is True
    assert sip.domains(domain.sid).credential_list_mappings(credentials.sid).delete() is True
    assert sip.domains(domain.sid).fetch().auth_type == ""


def test_a_bad_domain_name_is_twilios_21231(client: Client) -> None:
    with pytest.raises(TwilioRestException) as caught:
        client.api.v2010.account.sip.domains.create(domain_name="acme.example.com")
    assert (caught.value.status, caught.value.code) == (400, 21231)


def test_addresses_and_their_dependent_numbers(client: Client) -> None:
    addresses = client.api.v2010.account.addresses
    hq = addresses.create(
        customer_name="Acme Inc",
        street="1 Main St",
        city="San Francisco",
        region="CA",
        postal_code="94105",
        iso_country="US",
        friendly_name="HQ",
    )
    assert (hq.customer_name, hq.validated) == ("Acme Inc", True)
    assert addresses(hq.sid).update(street="2 Main St").street == "2 Main St"
    assert [a.sid for a in addresses.list(iso_country="US")] == [hq.sid]
    number = client.api.v2010.account.incoming_phone_numbers.create(
        area_code="415", address_sid=hq.sid
    )
    assert number.address_sid == hq.sid
    dependents = addresses(hq.sid).dependent_phone_numbers.list()
    assert [d.sid for d in dependents] == [number.sid]
    with pytest.raises(TwilioRestException) as refused:
        addresses(hq.sid).delete()
    assert refused.value.status == 400
    client.api.v2010.account.incoming_phone_numbers(number.sid).delete()
    assert addresses(hq.sid).delete() is True
    assert addresses.list() == []
