"""Request shapes of the SIP operations: domains, IP access control lists and addresses,
credential lists and credentials, and a domain's Auth/Calls and Auth/Registrations mappings."""

from __future__ import annotations

from tests.operations.shapes import A, Row, sid

SD = sid("SD")
AL = sid("AL")
IP = sid("IP")
CL = sid("CL")
CR = sid("CR")
PN = sid("PN")
BY = sid("BY")
HOOK = "https://example.com/voice"
SIP = f"{A}/SIP"
AUTH = f"{SIP}/Domains/{SD}/Auth"

ROWS: dict[str, Row] = {
    "create-sip-domain": Row(
        {
            "domainName": "acme.sip.twilio.com",
            "friendlyName": "Acme",
            "voiceUrl": HOOK,
            "voiceMethod": "get",
            "voiceFallbackUrl": HOOK + "/fallback",
            "voiceFallbackMethod": "POST",
            "voiceStatusCallbackUrl": HOOK + "/status",
            "voiceStatusCallbackMethod": "post",
            "sipRegistration": "yes",
            "emergencyCallingEnabled": False,
            "secure": "TRUE",
            "byocTrunkSid": BY,
            "emergencyCallerSid": PN,
        },
        "POST",
        f"{SIP}/Domains.json",
        form=[
            ("DomainName", "acme.sip.twilio.com"),
            ("FriendlyName", "Acme"),
            ("VoiceUrl", HOOK),
            ("VoiceMethod", "GET"),
            ("VoiceFallbackUrl", HOOK + "/fallback"),
            ("VoiceFallbackMethod", "POST"),
            ("VoiceStatusCallbackUrl", HOOK + "/status"),
            ("VoiceStatusCallbackMethod", "POST"),
            ("SipRegistration", "true"),
            ("EmergencyCallingEnabled", "false"),
            ("Secure", "true"),
            ("ByocTrunkSid", BY),
            ("EmergencyCallerSid", PN),
        ],
    ),
    "get-sip-domain": Row({"domainSid": SD}, "GET", f"{SIP}/Domains/{SD}.json"),
    "get-sip-domains": Row(
        {"pageSize": "20"}, "GET", f"{SIP}/Domains.json", query=[("PageSize", "20")]
    ),
    "update-sip-domain": Row(
        {"domainSid": SD, "domainName": "new.sip.twilio.com", "sipRegistration": "false"},
        "POST",
        f"{SIP}/Domains/{SD}.json",
        form=[("DomainName", "new.sip.twilio.com"), ("SipRegistration", "false")],
    ),
    "delete-sip-domain": Row({"domainSid": SD}, "DELETE", f"{SIP}/Domains/{SD}.json"),
    "create-sip-ip-access-control-list": Row(
        {"friendlyName": "Office"},
        "POST",
        f"{SIP}/IpAccessControlLists.json",
        form=[("FriendlyName", "Office")],
    ),
    "get-sip-ip-access-control-list": Row(
        {"ipAccessControlListSid": AL}, "GET", f"{SIP}/IpAccessControlLists/{AL}.json"
    ),
    "get-sip-ip-access-control-lists": Row({}, "GET", f"{SIP}/IpAccessControlLists.json"),
    "update-sip-ip-access-control-list": Row(
        {"ipAccessControlListSid": AL, "friendlyName": "HQ"},
        "POST",
        f"{SIP}/IpAccessControlLists/{AL}.json",
        form=[("FriendlyName", "HQ")],
    ),
    "delete-sip-ip-access-control-list": Row(
        {"ipAccessControlListSid": AL}, "DELETE", f"{SIP}/IpAccessControlLists/{AL}.json"
    ),
    "create-sip-ip-address": Row(
        {
            "ipAccessControlListSid": AL,
            "friendlyName": "Router",
            "ipAddress": "192.0.2.10",
            "cidrPrefixLength": "24",
        },
        "POST",
        f"{SIP}/IpAccessControlLists/{AL}/IpAddresses.json",
        form=[("FriendlyName", "Router"), ("IpAddress", "192.0.2.10"), ("CidrPrefixLength", "24")],
    ),
    "get-sip-ip-address": Row(
        {"ipAccessControlListSid": AL, "ipAddressSid": IP},
        "GET",
        f"{SIP}/IpAccessControlLists/{AL}/IpAddresses/{IP}.json",
    ),
    "get-sip-ip-addresses": Row(
        {"ipAccessControlListSid": AL, "limit": 5},
        "GET",
        f"{SIP}/IpAccessControlLists/{AL}/IpAddresses.json",
        query=[("PageSize", "5")],
    ),
    "update-sip-ip-address": Row(
        {"ipAccessControlListSid": AL, "ipAddressSid": IP, "ipAddress": "198.51.100.7"},
        "POST",
        f"{SIP}/IpAccessControlLists/{AL}/IpAddresses/{IP}.json",
        form=[("IpAddress", "198.51.100.7")],
    ),
    "delete-sip-ip-address": Row(
        {"ipAccessControlListSid": AL, "ipAddressSid": IP},
        "DELETE",
        f"{SIP}/IpAccessControlLists/{AL}/IpAddresses/{IP}.json",
    ),
    "create-sip-credential-list": Row(
        {"friendlyName": "Phones"},
        "POST",
        f"{SIP}/CredentialLists.json",
        form=[("FriendlyName", "Phones")],
    ),
    "get-sip-credential-list": Row(
        {"credentialListSid": CL}, "GET", f"{SIP}/CredentialLists/{CL}.json"
    ),
    "get-sip-credential-lists": Row({}, "GET", f"{SIP}/CredentialLists.json"),
    "update-sip-credential-list": Row(
        {"credentialListSid": CL, "friendlyName": "Desk phones"},
        "POST",
        f"{SIP}/CredentialLists/{CL}.json",
        form=[("FriendlyName", "Desk phones")],
    ),
    "delete-sip-credential-list": Row(
        {"credentialListSid": CL}, "DELETE", f"{SIP}/CredentialLists/{CL}.json"
    ),
    "create-sip-credential": Row(
        {"credentialListSid": CL, "username": "alice", "password": "IWasAtSignal2018"},
        "POST",
        f"{SIP}/CredentialLists/{CL}/Credentials.json",
        form=[("Username", "alice"), ("Password", "IWasAtSignal2018")],
    ),
    "get-sip-credential": Row(
        {"credentialListSid": CL, "credentialSid": CR},
        "GET",
        f"{SIP}/CredentialLists/{CL}/Credentials/{CR}.json",
    ),
    "get-sip-credentials": Row(
        {"credentialListSid": CL}, "GET", f"{SIP}/CredentialLists/{CL}/Credentials.json"
    ),
    "update-sip-credential": Row(
        {"credentialListSid": CL, "credentialSid": CR, "password": "An0therGoodOne"},
        "POST",
        f"{SIP}/CredentialLists/{CL}/Credentials/{CR}.json",
        form=[("Password", "An0therGoodOne")],
    ),
    "delete-sip-credential": Row(
        {"credentialListSid": CL, "credentialSid": CR},
        "DELETE",
        f"{SIP}/CredentialLists/{CL}/Credentials/{CR}.json",
    ),
    "create-sip-calls-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "POST",
        f"{AUTH}/Calls/IpAccessControlListMappings.json",
        form=[("IpAccessControlListSid", AL)],
    ),
    "get-sip-calls-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "GET",
        f"{AUTH}/Calls/IpAccessControlListMappings/{AL}.json",
    ),
    "get-sip-calls-ip-access-control-list-mappings": Row(
        {"domainSid": SD}, "GET", f"{AUTH}/Calls/IpAccessControlListMappings.json"
    ),
    "delete-sip-calls-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "DELETE",
        f"{AUTH}/Calls/IpAccessControlListMappings/{AL}.json",
    ),
    "create-sip-calls-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "POST",
        f"{AUTH}/Calls/CredentialListMappings.json",
        form=[("CredentialListSid", CL)],
    ),
    "get-sip-calls-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "GET",
        f"{AUTH}/Calls/CredentialListMappings/{CL}.json",
    ),
    "get-sip-calls-credential-list-mappings": Row(
        {"domainSid": SD}, "GET", f"{AUTH}/Calls/CredentialListMappings.json"
    ),
    "delete-sip-calls-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "DELETE",
        f"{AUTH}/Calls/CredentialListMappings/{CL}.json",
    ),
    "create-sip-registrations-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "POST",
        f"{AUTH}/Registrations/CredentialListMappings.json",
        form=[("CredentialListSid", CL)],
    ),
    "get-sip-registrations-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "GET",
        f"{AUTH}/Registrations/CredentialListMappings/{CL}.json",
    ),
    "get-sip-registrations-credential-list-mappings": Row(
        {"domainSid": SD}, "GET", f"{AUTH}/Registrations/CredentialListMappings.json"
    ),
    "delete-sip-registrations-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "DELETE",
        f"{AUTH}/Registrations/CredentialListMappings/{CL}.json",
    ),
    "create-sip-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "POST",
        f"{SIP}/Domains/{SD}/IpAccessControlListMappings.json",
        form=[("IpAccessControlListSid", AL)],
    ),
    "get-sip-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "GET",
        f"{SIP}/Domains/{SD}/IpAccessControlListMappings/{AL}.json",
    ),
    "get-sip-ip-access-control-list-mappings": Row(
        {"domainSid": SD}, "GET", f"{SIP}/Domains/{SD}/IpAccessControlListMappings.json"
    ),
    "delete-sip-ip-access-control-list-mapping": Row(
        {"domainSid": SD, "ipAccessControlListSid": AL},
        "DELETE",
        f"{SIP}/Domains/{SD}/IpAccessControlListMappings/{AL}.json",
    ),
    "create-sip-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "POST",
        f"{SIP}/Domains/{SD}/CredentialListMappings.json",
        form=[("CredentialListSid", CL)],
    ),
    "get-sip-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "GET",
        f"{SIP}/Domains/{SD}/CredentialListMappings/{CL}.json",
    ),
    "get-sip-credential-list-mappings": Row(
        {"domainSid": SD, "pageSize": 7},
        "GET",
        f"{SIP}/Domains/{SD}/CredentialListMappings.json",
        query=[("PageSize", "7")],
    ),
    "delete-sip-credential-list-mapping": Row(
        {"domainSid": SD, "credentialListSid": CL},
        "DELETE",
        f"{SIP}/Domains/{SD}/CredentialListMappings/{CL}.json",
    ),
}

VARIANTS: list[tuple[str, Row]] = [
    (
        "create-sip-domain",
        Row(
            {"domainName": "a-b.c.sip.twilio.com"},
            "POST",
            f"{SIP}/Domains.json",
            form=[("DomainName", "a-b.c.sip.twilio.com")],
        ),
    ),
    (
        "update-sip-credential",
        Row(
            {"credentialListSid": CL, "credentialSid": CR},
            "POST",
            f"{SIP}/CredentialLists/{CL}/Credentials/{CR}.json",
        ),
    ),
]
