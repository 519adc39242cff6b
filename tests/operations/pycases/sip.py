"""SIP operations against twilio-python's ``client.api.sip`` calls."""

from __future__ import annotations

from tests.operations.pycases import Case, sid

SD = sid("SD")
AL = sid("AL")
IP = sid("IP")
CL = sid("CL")
CR = sid("CR")
PN = sid("PN")
HOOK = "https://example.com/voice"

CASES = [
    Case(
        "create-sip-domain",
        {
            "domainName": "acme.sip.twilio.com",
            "friendlyName": "Acme",
            "voiceUrl": HOOK,
            "voiceMethod": "get",
            "voiceStatusCallbackUrl": HOOK + "/status",
            "sipRegistration": "true",
            "secure": False,
            "emergencyCallerSid": PN,
        },
        lambda c: c.api.v2010.account.sip.domains.create(
            domain_name="acme.sip.twilio.com",
            friendly_name="Acme",
            voice_url=HOOK,
            voice_method="GET",
            voice_status_callback_url=HOOK + "/status",
            sip_registration=True,
            secure=False,
            emergency_caller_sid=PN,
        ),
    ),
    Case(
        "get-sip-domain", {"domainSid": SD}, lambda c: c.api.v2010.account.sip.domains(SD).fetch()
    ),
    Case(
        "get-sip-domains",
        {"pageSize": 20},
        lambda c: c.api.v2010.account.sip.domains.page(page_size=20),
    ),
    Case(
        "update-sip-domain",
        {"domainSid": SD, "domainName": "new.sip.twilio.com", "voiceFallbackMethod": "POST"},
        lambda c: c.api.v2010.account.sip.domains(SD).update(
            domain_name="new.sip.twilio.com", voice_fallback_method="POST"
        ),
    ),
    Case(
        "delete-sip-domain",
        {"domainSid": SD},
        lambda c: c.api.v2010.account.sip.domains(SD).delete(),
    ),
    Case(
        "create-sip-ip-access-control-list",
        {"friendlyName": "Office"},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists.create(friendly_name="Office"),
    ),
    Case(
        "get-sip-ip-access-control-list",
        {"ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).fetch(),
    ),
    Case(
        "get-sip-ip-access-control-lists",
        {},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists.page(),
    ),
    Case(
        "update-sip-ip-access-control-list",
        {"ipAccessControlListSid": AL, "friendlyName": "HQ"},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).update(friendly_name="HQ"),
    ),
    Case(
        "delete-sip-ip-access-control-list",
        {"ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).delete(),
    ),
    Case(
        "create-sip-ip-address",
        {
            "ipAccessControlListSid": AL,
            "friendlyName": "Router",
            "ipAddress": "192.0.2.10",
            "cidrPrefixLength": "24",
        },
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).ip_addresses.create(
            friendly_name="Router", ip_address="192.0.2.10", cidr_prefix_length=24
        ),
    ),
    Case(
        "get-sip-ip-address",
        {"ipAccessControlListSid": AL, "ipAddressSid": IP},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).ip_addresses(IP).fetch(),
    ),
    Case(
        "get-sip-ip-addresses",
        {"ipAccessControlListSid": AL, "pageSize": 5},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).ip_addresses.page(
            page_size=5
        ),
    ),
    Case(
        "update-sip-ip-address",
        {
            "ipAccessControlListSid": AL,
            "ipAddressSid": IP,
            "ipAddress": "198.51.100.7",
            "cidrPrefixLength": 32,
            "friendlyName": "Gateway",
        },
        lambda c: (
            c.api.v2010.account.sip.ip_access_control_lists(AL)
            .ip_addresses(IP)
            .update(ip_address="198.51.100.7", cidr_prefix_length=32, friendly_name="Gateway")
        ),
    ),
    Case(
        "delete-sip-ip-address",
        {"ipAccessControlListSid": AL, "ipAddressSid": IP},
        lambda c: c.api.v2010.account.sip.ip_access_control_lists(AL).ip_addresses(IP).delete(),
    ),
    Case(
        "create-sip-credential-list",
        {"friendlyName": "Phones"},
        lambda c: c.api.v2010.account.sip.credential_lists.create(friendly_name="Phones"),
    ),
    Case(
        "get-sip-credential-list",
        {"credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).fetch(),
    ),
    Case("get-sip-credential-lists", {}, lambda c: c.api.v2010.account.sip.credential_lists.page()),
    Case(
        "update-sip-credential-list",
        {"credentialListSid": CL, "friendlyName": "Desk phones"},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).update(friendly_name="Desk phones"),
    ),
    Case(
        "delete-sip-credential-list",
        {"credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).delete(),
    ),
    Case(
        "create-sip-credential",
        {"credentialListSid": CL, "username": "alice", "password": "IWasAtSignal2018"},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).credentials.create(
            username="alice", password="IWasAtSignal2018"
        ),
    ),
    Case(
        "get-sip-credential",
        {"credentialListSid": CL, "credentialSid": CR},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).credentials(CR).fetch(),
    ),
    Case(
        "get-sip-credentials",
        {"credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).credentials.page(),
    ),
    Case(
        "update-sip-credential",
        {"credentialListSid": CL, "credentialSid": CR, "password": "An0therGoodOne"},
        lambda c: (
            c.api.v2010.account.sip.credential_lists(CL)
            .credentials(CR)
            .update(password="An0therGoodOne")
        ),
    ),
    Case(
        "delete-sip-credential",
        {"credentialListSid": CL, "credentialSid": CR},
        lambda c: c.api.v2010.account.sip.credential_lists(CL).credentials(CR).delete(),
    ),
    Case(
        "create-sip-calls-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.domains(
            SD
        ).auth.calls.ip_access_control_list_mappings.create(ip_access_control_list_sid=AL),
    ),
    Case(
        "get-sip-calls-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD)
            .auth.calls.ip_access_control_list_mappings(AL)
            .fetch()
        ),
    ),
    Case(
        "get-sip-calls-ip-access-control-list-mappings",
        {"domainSid": SD},
        lambda c: c.api.v2010.account.sip.domains(
            SD
        ).auth.calls.ip_access_control_list_mappings.page(),
    ),
    Case(
        "delete-sip-calls-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD)
            .auth.calls.ip_access_control_list_mappings(AL)
            .delete()
        ),
    ),
    Case(
        "create-sip-calls-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.domains(SD).auth.calls.credential_list_mappings.create(
            credential_list_sid=CL
        ),
    ),
    Case(
        "get-sip-calls-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD).auth.calls.credential_list_mappings(CL).fetch()
        ),
    ),
    Case(
        "get-sip-calls-credential-list-mappings",
        {"domainSid": SD, "pageSize": 3},
        lambda c: c.api.v2010.account.sip.domains(SD).auth.calls.credential_list_mappings.page(
            page_size=3
        ),
    ),
    Case(
        "delete-sip-calls-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD).auth.calls.credential_list_mappings(CL).delete()
        ),
    ),
    Case(
        "create-sip-registrations-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.domains(
            SD
        ).auth.registrations.credential_list_mappings.create(credential_list_sid=CL),
    ),
    Case(
        "get-sip-registrations-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD)
            .auth.registrations.credential_list_mappings(CL)
            .fetch()
        ),
    ),
    Case(
        "get-sip-registrations-credential-list-mappings",
        {"domainSid": SD},
        lambda c: c.api.v2010.account.sip.domains(
            SD
        ).auth.registrations.credential_list_mappings.page(),
    ),
    Case(
        "delete-sip-registrations-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: (
            c.api.v2010.account.sip.domains(SD)
            .auth.registrations.credential_list_mappings(CL)
            .delete()
        ),
    ),
    Case(
        "create-sip-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.domains(SD).ip_access_control_list_mappings.create(
            ip_access_control_list_sid=AL
        ),
    ),
    Case(
        "get-sip-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.domains(SD).ip_access_control_list_mappings(AL).fetch(),
    ),
    Case(
        "get-sip-ip-access-control-list-mappings",
        {"domainSid": SD, "pageSize": 4},
        lambda c: c.api.v2010.account.sip.domains(SD).ip_access_control_list_mappings.page(
            page_size=4
        ),
    ),
    Case(
        "delete-sip-ip-access-control-list-mapping",
        {"domainSid": SD, "ipAccessControlListSid": AL},
        lambda c: c.api.v2010.account.sip.domains(SD).ip_access_control_list_mappings(AL).delete(),
    ),
    Case(
        "create-sip-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.domains(SD).credential_list_mappings.create(
            credential_list_sid=CL
        ),
    ),
    Case(
        "get-sip-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.domains(SD).credential_list_mappings(CL).fetch(),
    ),
    Case(
        "get-sip-credential-list-mappings",
        {"domainSid": SD},
        lambda c: c.api.v2010.account.sip.domains(SD).credential_list_mappings.page(),
    ),
    Case(
        "delete-sip-credential-list-mapping",
        {"domainSid": SD, "credentialListSid": CL},
        lambda c: c.api.v2010.account.sip.domains(SD).credential_list_mappings(CL).delete(),
    ),
]
