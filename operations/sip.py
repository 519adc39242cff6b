"""SIP: domains, IP access control lists and their IP addresses, credential lists and their
credentials, and the lists a domain authenticates calls and registrations with (``SIP``).

A domain's lists are mapped under ``Auth/Calls`` (IP access control lists and credential lists,
for calls) and ``Auth/Registrations`` (credential lists, for SIP endpoints registering), the
mappings Twilio documents today and twilio-python reaches as ``domain.auth.calls`` and
``domain.auth.registrations``. The older mappings under the domain itself
(``domain.ip_access_control_list_mappings``, ``domain.credential_list_mappings``) map lists for
calls too, and are here as well, for flows written against them.
"""

from __future__ import annotations

from operations.base import Operation
from operations.params import (
    Param,
    account_sid,
    boolean,
    http_method,
    integer,
    password,
    sid,
    text,
    url,
)

FAMILY = "sip"
SIP = "/2010-04-01/Accounts/{AccountSid}/SIP"
DOMAIN = sid("domainSid", "SD", description="The SIP domain's SID (SD...).")
DOMAIN_OF = sid("domainSid", "SD", "DomainSid", description="The SIP domain's SID (SD...).")
ACL = sid("ipAccessControlListSid", "AL", description="The IP access control list's SID (AL...).")
ACL_OF = sid(
    "ipAccessControlListSid",
    "AL",
    "IpAccessControlListSid",
    description="The IP access control list's SID (AL...).",
)
IP_ADDRESS_SID = sid("ipAddressSid", "IP", description="The IP address's SID (IP...).")
CREDENTIAL_LIST = sid("credentialListSid", "CL", description="The credential list's SID (CL...).")
CREDENTIAL_LIST_OF = sid(
    "credentialListSid", "CL", "CredentialListSid", description="The credential list's SID (CL...)."
)
CREDENTIAL = sid("credentialSid", "CR", description="The credential's SID (CR...).")

#: Letters, digits and "-" in dot-separated labels, ending in sip.twilio.com.
DOMAIN_NAME_PATTERN = r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.sip\.twilio\.com$"
#: An IPv4 address in dotted decimal notation (Twilio takes IPv4 only).
IPV4_PATTERN = r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"


def _domain_name(required: bool) -> Param:
    return text(
        "domainName",
        "DomainName",
        required=required,
        pattern=DOMAIN_NAME_PATTERN,
        description="The unique address that routes SIP traffic to Twilio: letters, digits and '-', ending in sip.twilio.com.",
    )


DOMAIN_SETTINGS = (
    text("friendlyName", "FriendlyName", max_length=64, description="A description of the domain."),
    url(
        "voiceUrl",
        "VoiceUrl",
        description="The URL Twilio requests when the domain receives a call.",
    ),
    http_method("voiceMethod", "VoiceMethod", description="How to request voiceUrl."),
    url(
        "voiceFallbackUrl",
        "VoiceFallbackUrl",
        description="The URL Twilio requests when voiceUrl fails.",
    ),
    http_method(
        "voiceFallbackMethod", "VoiceFallbackMethod", description="How to request voiceFallbackUrl."
    ),
    url(
        "voiceStatusCallbackUrl",
        "VoiceStatusCallbackUrl",
        description="The URL Twilio sends call status changes to.",
    ),
    http_method(
        "voiceStatusCallbackMethod",
        "VoiceStatusCallbackMethod",
        description="How to request voiceStatusCallbackUrl.",
    ),
    boolean(
        "sipRegistration",
        "SipRegistration",
        description="Whether SIP endpoints may register with the domain to receive calls.",
    ),
    boolean(
        "emergencyCallingEnabled",
        "EmergencyCallingEnabled",
        description="Whether emergency calls are allowed from numbers with validated addresses.",
    ),
    boolean(
        "secure", "Secure", description="Whether TLS and SRTP are enforced on the domain's calls."
    ),
    sid(
        "byocTrunkSid",
        "BY",
        "ByocTrunkSid",
        location="form",
        required=False,
        description="The BYOC trunk (BY...) the domain is associated with.",
    ),
    sid(
        "emergencyCallerSid",
        "PN",
        "EmergencyCallerSid",
        location="form",
        required=False,
        description="The phone number (PN...) used as the callback for emergency calls.",
    ),
)


# -- domains ------------------------------------------------------------------------------


class CreateSipDomain(Operation, name="create-sip-domain"):
    """Reserve a SIP domain (a name ending in sip.twilio.com) and set where its calls go."""

    method = "POST"
    path = f"{SIP}/Domains.json"
    success = 201
    params = (account_sid(), _domain_name(True), *DOMAIN_SETTINGS)


class GetSipDomain(Operation, name="get-sip-domain"):
    """Fetch a SIP domain."""

    method = "GET"
    path = f"{SIP}/Domains/{{Sid}}.json"
    params = (account_sid(), DOMAIN)


class GetSipDomains(Operation, name="get-sip-domains"):
    """List the account's SIP domains."""

    method = "GET"
    path = f"{SIP}/Domains.json"
    list_key = "domains"
    params = (account_sid(),)


class UpdateSipDomain(Operation, name="update-sip-domain"):
    """Change a SIP domain's name, URLs or settings."""

    method = "POST"
    path = f"{SIP}/Domains/{{Sid}}.json"
    params = (account_sid(), DOMAIN, _domain_name(False), *DOMAIN_SETTINGS)


class DeleteSipDomain(Operation, name="delete-sip-domain"):
    """Delete a SIP domain (and its mappings to lists)."""

    method = "DELETE"
    path = f"{SIP}/Domains/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN)


# -- IP access control lists --------------------------------------------------------------


class CreateSipIpAccessControlList(Operation, name="create-sip-ip-access-control-list"):
    """Create an IP access control list."""

    method = "POST"
    path = f"{SIP}/IpAccessControlLists.json"
    success = 201
    params = (
        account_sid(),
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=255,
            description="A description of the list.",
        ),
    )


class GetSipIpAccessControlList(Operation, name="get-sip-ip-access-control-list"):
    """Fetch an IP access control list."""

    method = "GET"
    path = f"{SIP}/IpAccessControlLists/{{Sid}}.json"
    params = (account_sid(), ACL)


class GetSipIpAccessControlLists(Operation, name="get-sip-ip-access-control-lists"):
    """List the account's IP access control lists."""

    method = "GET"
    path = f"{SIP}/IpAccessControlLists.json"
    list_key = "ip_access_control_lists"
    params = (account_sid(),)


class UpdateSipIpAccessControlList(Operation, name="update-sip-ip-access-control-list"):
    """Rename an IP access control list."""

    method = "POST"
    path = f"{SIP}/IpAccessControlLists/{{Sid}}.json"
    params = (
        account_sid(),
        ACL,
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=255,
            description="A description of the list.",
        ),
    )


class DeleteSipIpAccessControlList(Operation, name="delete-sip-ip-access-control-list"):
    """Delete an IP access control list (and its IP addresses); a list a domain still maps
    cannot be deleted."""

    method = "DELETE"
    path = f"{SIP}/IpAccessControlLists/{{Sid}}.json"
    success = 204
    params = (account_sid(), ACL)


# -- IP addresses -------------------------------------------------------------------------

IP_ADDRESSES = f"{SIP}/IpAccessControlLists/{{IpAccessControlListSid}}/IpAddresses"
CIDR = integer(
    "cidrPrefixLength",
    "CidrPrefixLength",
    minimum=0,
    maximum=32,
    description="The length of the CIDR prefix to accept traffic from (the whole address, 32, by default).",
)


class CreateSipIpAddress(Operation, name="create-sip-ip-address"):
    """Allow traffic from an IPv4 address (or a CIDR range) in an IP access control list."""

    method = "POST"
    path = f"{IP_ADDRESSES}.json"
    success = 201
    params = (
        account_sid(),
        ACL_OF,
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=255,
            description="A description of the address.",
        ),
        text(
            "ipAddress",
            "IpAddress",
            required=True,
            pattern=IPV4_PATTERN,
            description="An IPv4 address in dotted decimal notation, such as 192.0.2.10.",
        ),
        CIDR,
    )


class GetSipIpAddress(Operation, name="get-sip-ip-address"):
    """Fetch an IP address of an IP access control list."""

    method = "GET"
    path = f"{IP_ADDRESSES}/{{Sid}}.json"
    params = (account_sid(), ACL_OF, IP_ADDRESS_SID)


class GetSipIpAddresses(Operation, name="get-sip-ip-addresses"):
    """List the IP addresses of an IP access control list."""

    method = "GET"
    path = f"{IP_ADDRESSES}.json"
    list_key = "ip_addresses"
    params = (account_sid(), ACL_OF)


class UpdateSipIpAddress(Operation, name="update-sip-ip-address"):
    """Change an IP address, its CIDR prefix or its description."""

    method = "POST"
    path = f"{IP_ADDRESSES}/{{Sid}}.json"
    params = (
        account_sid(),
        ACL_OF,
        IP_ADDRESS_SID,
        text(
            "ipAddress",
            "IpAddress",
            pattern=IPV4_PATTERN,
            description="An IPv4 address in dotted decimal notation, such as 192.0.2.10.",
        ),
        text(
            "friendlyName",
            "FriendlyName",
            max_length=255,
            description="A description of the address.",
        ),
        CIDR,
    )


class DeleteSipIpAddress(Operation, name="delete-sip-ip-address"):
    """Remove an IP address from an IP access control list."""

    method = "DELETE"
    path = f"{IP_ADDRESSES}/{{Sid}}.json"
    success = 204
    params = (account_sid(), ACL_OF, IP_ADDRESS_SID)


# -- credential lists ---------------------------------------------------------------------


class CreateSipCredentialList(Operation, name="create-sip-credential-list"):
    """Create a credential list."""

    method = "POST"
    path = f"{SIP}/CredentialLists.json"
    success = 201
    params = (
        account_sid(),
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=64,
            description="A description of the list.",
        ),
    )


class GetSipCredentialList(Operation, name="get-sip-credential-list"):
    """Fetch a credential list."""

    method = "GET"
    path = f"{SIP}/CredentialLists/{{Sid}}.json"
    params = (account_sid(), CREDENTIAL_LIST)


class GetSipCredentialLists(Operation, name="get-sip-credential-lists"):
    """List the account's credential lists."""

    method = "GET"
    path = f"{SIP}/CredentialLists.json"
    list_key = "credential_lists"
    params = (account_sid(),)


class UpdateSipCredentialList(Operation, name="update-sip-credential-list"):
    """Rename a credential list."""

    method = "POST"
    path = f"{SIP}/CredentialLists/{{Sid}}.json"
    params = (
        account_sid(),
        CREDENTIAL_LIST,
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=64,
            description="A description of the list.",
        ),
    )


class DeleteSipCredentialList(Operation, name="delete-sip-credential-list"):
    """Delete a credential list (and its credentials); a list a domain still maps cannot be
    deleted."""

    method = "DELETE"
    path = f"{SIP}/CredentialLists/{{Sid}}.json"
    success = 204
    params = (account_sid(), CREDENTIAL_LIST)


# -- credentials --------------------------------------------------------------------------

CREDENTIALS = f"{SIP}/CredentialLists/{{CredentialListSid}}/Credentials"
CREDENTIAL_RULE_TEXT = "The password the username authenticates with: at least 12 characters, with a digit, a lower-case and an upper-case letter. A secret: never shown."


class CreateSipCredential(Operation, name="create-sip-credential"):
    """Add a username and password to a credential list (the password is never returned)."""

    method = "POST"
    path = f"{CREDENTIALS}.json"
    success = 201
    params = (
        account_sid(),
        CREDENTIAL_LIST_OF,
        text(
            "username",
            "Username",
            required=True,
            max_length=32,
            description="The username SIP requests authenticate with.",
        ),
        password("password", "Password", required=True, description=CREDENTIAL_RULE_TEXT),
    )


class GetSipCredential(Operation, name="get-sip-credential"):
    """Fetch a credential (its username; never its password)."""

    method = "GET"
    path = f"{CREDENTIALS}/{{Sid}}.json"
    params = (account_sid(), CREDENTIAL_LIST_OF, CREDENTIAL)


class GetSipCredentials(Operation, name="get-sip-credentials"):
    """List the credentials of a credential list."""

    method = "GET"
    path = f"{CREDENTIALS}.json"
    list_key = "credentials"
    params = (account_sid(), CREDENTIAL_LIST_OF)


class UpdateSipCredential(Operation, name="update-sip-credential"):
    """Change a credential's password."""

    method = "POST"
    path = f"{CREDENTIALS}/{{Sid}}.json"
    params = (
        account_sid(),
        CREDENTIAL_LIST_OF,
        CREDENTIAL,
        password("password", "Password", description=CREDENTIAL_RULE_TEXT),
    )


class DeleteSipCredential(Operation, name="delete-sip-credential"):
    """Remove a credential from a credential list."""

    method = "DELETE"
    path = f"{CREDENTIALS}/{{Sid}}.json"
    success = 204
    params = (account_sid(), CREDENTIAL_LIST_OF, CREDENTIAL)


# -- a domain's mappings (Auth/Calls, Auth/Registrations) ---------------------------------
# A mapping's SID is the SID of the list it maps.

AUTH = f"{SIP}/Domains/{{DomainSid}}/Auth"
MAPPED_ACL = sid(
    "ipAccessControlListSid",
    "AL",
    "IpAccessControlListSid",
    location="form",
    description="The IP access control list (AL...) to map.",
)
MAPPED_CL = sid(
    "credentialListSid",
    "CL",
    "CredentialListSid",
    location="form",
    description="The credential list (CL...) to map.",
)

CALLS_IP_ACCESS_CONTROL_LIST = f"{AUTH}/Calls/IpAccessControlListMappings"


class CreateSipCallsIpAccessControlListMapping(
    Operation, name="create-sip-calls-ip-access-control-list-mapping"
):
    """Map an IP access control list to a SIP domain to authenticate its calls."""

    method = "POST"
    path = f"{CALLS_IP_ACCESS_CONTROL_LIST}.json"
    success = 201
    params = (account_sid(), DOMAIN_OF, MAPPED_ACL)


class GetSipCallsIpAccessControlListMapping(
    Operation, name="get-sip-calls-ip-access-control-list-mapping"
):
    """Fetch a mapping of an IP access control list to a SIP domain for its calls."""

    method = "GET"
    path = f"{CALLS_IP_ACCESS_CONTROL_LIST}/{{Sid}}.json"
    params = (account_sid(), DOMAIN_OF, ACL)


class GetSipCallsIpAccessControlListMappings(
    Operation, name="get-sip-calls-ip-access-control-list-mappings"
):
    """List the IP access control lists a SIP domain authenticates its calls with."""

    method = "GET"
    path = f"{CALLS_IP_ACCESS_CONTROL_LIST}.json"
    list_key = "contents"
    params = (account_sid(), DOMAIN_OF)


class DeleteSipCallsIpAccessControlListMapping(
    Operation, name="delete-sip-calls-ip-access-control-list-mapping"
):
    """Unmap an IP access control list from a SIP domain's calls."""

    method = "DELETE"
    path = f"{CALLS_IP_ACCESS_CONTROL_LIST}/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN_OF, ACL)


CALLS_CREDENTIAL_LIST = f"{AUTH}/Calls/CredentialListMappings"


class CreateSipCallsCredentialListMapping(
    Operation, name="create-sip-calls-credential-list-mapping"
):
    """Map a credential list to a SIP domain to authenticate its calls."""

    method = "POST"
    path = f"{CALLS_CREDENTIAL_LIST}.json"
    success = 201
    params = (account_sid(), DOMAIN_OF, MAPPED_CL)


class GetSipCallsCredentialListMapping(Operation, name="get-sip-calls-credential-list-mapping"):
    """Fetch a mapping of a credential list to a SIP domain for its calls."""

    method = "GET"
    path = f"{CALLS_CREDENTIAL_LIST}/{{Sid}}.json"
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)


class GetSipCallsCredentialListMappings(Operation, name="get-sip-calls-credential-list-mappings"):
    """List the credential lists a SIP domain authenticates its calls with."""

    method = "GET"
    path = f"{CALLS_CREDENTIAL_LIST}.json"
    list_key = "contents"
    params = (account_sid(), DOMAIN_OF)


class DeleteSipCallsCredentialListMapping(
    Operation, name="delete-sip-calls-credential-list-mapping"
):
    """Unmap a credential list from a SIP domain's calls."""

    method = "DELETE"
    path = f"{CALLS_CREDENTIAL_LIST}/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)


REGISTRATIONS_CREDENTIAL_LIST = f"{AUTH}/Registrations/CredentialListMappings"


class CreateSipRegistrationsCredentialListMapping(
    Operation, name="create-sip-registrations-credential-list-mapping"
):
    """Map a credential list to a SIP domain to authenticate its registrations."""

    method = "POST"
    path = f"{REGISTRATIONS_CREDENTIAL_LIST}.json"
    success = 201
    params = (account_sid(), DOMAIN_OF, MAPPED_CL)


class GetSipRegistrationsCredentialListMapping(
    Operation, name="get-sip-registrations-credential-list-mapping"
):
    """Fetch a mapping of a credential list to a SIP domain for its registrations."""

    method = "GET"
    path = f"{REGISTRATIONS_CREDENTIAL_LIST}/{{Sid}}.json"
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)


class GetSipRegistrationsCredentialListMappings(
    Operation, name="get-sip-registrations-credential-list-mappings"
):
    """List the credential lists a SIP domain authenticates its registrations with."""

    method = "GET"
    path = f"{REGISTRATIONS_CREDENTIAL_LIST}.json"
    list_key = "contents"
    params = (account_sid(), DOMAIN_OF)


class DeleteSipRegistrationsCredentialListMapping(
    Operation, name="delete-sip-registrations-credential-list-mapping"
):
    """Unmap a credential list from a SIP domain's registrations."""

    method = "DELETE"
    path = f"{REGISTRATIONS_CREDENTIAL_LIST}/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)


# -- a domain's legacy mappings (the domain's own IpAccessControlListMappings and
# CredentialListMappings: lists that authenticate its calls) -------------------------------

LEGACY_IP_ACCESS_CONTROL_LIST = f"{SIP}/Domains/{{DomainSid}}/IpAccessControlListMappings"


class CreateSipIpAccessControlListMapping(
    Operation, name="create-sip-ip-access-control-list-mapping"
):
    """Map an IP access control list to a SIP domain for its calls (the older resource; as
    create-sip-calls-ip-access-control-list-mapping)."""

    method = "POST"
    path = f"{LEGACY_IP_ACCESS_CONTROL_LIST}.json"
    success = 201
    params = (account_sid(), DOMAIN_OF, MAPPED_ACL)


class GetSipIpAccessControlListMapping(Operation, name="get-sip-ip-access-control-list-mapping"):
    """Fetch a mapping of an IP access control list to a SIP domain (the older resource)."""

    method = "GET"
    path = f"{LEGACY_IP_ACCESS_CONTROL_LIST}/{{Sid}}.json"
    params = (account_sid(), DOMAIN_OF, ACL)


class GetSipIpAccessControlListMappings(Operation, name="get-sip-ip-access-control-list-mappings"):
    """List the IP access control lists mapped to a SIP domain for its calls (the older resource)."""

    method = "GET"
    path = f"{LEGACY_IP_ACCESS_CONTROL_LIST}.json"
    list_key = "ip_access_control_list_mappings"
    params = (account_sid(), DOMAIN_OF)


class DeleteSipIpAccessControlListMapping(
    Operation, name="delete-sip-ip-access-control-list-mapping"
):
    """Unmap an IP access control list from a SIP domain (the older resource)."""

    method = "DELETE"
    path = f"{LEGACY_IP_ACCESS_CONTROL_LIST}/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN_OF, ACL)


LEGACY_CREDENTIAL_LIST = f"{SIP}/Domains/{{DomainSid}}/CredentialListMappings"


class CreateSipCredentialListMapping(Operation, name="create-sip-credential-list-mapping"):
    """Map a credential list to a SIP domain for its calls (the older resource; as
    create-sip-calls-credential-list-mapping)."""

    method = "POST"
    path = f"{LEGACY_CREDENTIAL_LIST}.json"
    success = 201
    params = (account_sid(), DOMAIN_OF, MAPPED_CL)


class GetSipCredentialListMapping(Operation, name="get-sip-credential-list-mapping"):
    """Fetch a mapping of a credential list to a SIP domain (the older resource)."""

    method = "GET"
    path = f"{LEGACY_CREDENTIAL_LIST}/{{Sid}}.json"
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)


class GetSipCredentialListMappings(Operation, name="get-sip-credential-list-mappings"):
    """List the credential lists mapped to a SIP domain for its calls (the older resource)."""

    method = "GET"
    path = f"{LEGACY_CREDENTIAL_LIST}.json"
    list_key = "credential_list_mappings"
    params = (account_sid(), DOMAIN_OF)


class DeleteSipCredentialListMapping(Operation, name="delete-sip-credential-list-mapping"):
    """Unmap a credential list from a SIP domain (the older resource)."""

    method = "DELETE"
    path = f"{LEGACY_CREDENTIAL_LIST}/{{Sid}}.json"
    success = 204
    params = (account_sid(), DOMAIN_OF, CREDENTIAL_LIST)
