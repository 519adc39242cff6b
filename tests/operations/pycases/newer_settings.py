"""The newer settings and filters of the original operations (owned numbers' registration,
numbers to buy by capability and address need, applications, caller id verification, call,
recording and participant filters), each compared with twilio-python's call."""

from __future__ import annotations

from datetime import datetime

from tests.operations.pycases import Case, sid

PN = sid("PN")
AP = sid("AP")
AD = sid("AD")
CA = sid("CA")
CF = sid("CF")
RE = sid("RE")
HOOK = "https://e.com/h"
NUMBER = "+14155550100"
REGISTRATION = {
    "addressSid": AD,
    "bundleSid": sid("BU"),
    "identitySid": sid("RI"),
    "emergencyAddressSid": sid("AD", "b"),
    "emergencyStatus": "Active",
    "trunkSid": sid("TK"),
    "voiceReceiveMode": "fax",
}
REGISTERED = {
    "address_sid": AD,
    "bundle_sid": sid("BU"),
    "identity_sid": sid("RI"),
    "emergency_address_sid": sid("AD", "b"),
    "emergency_status": "Active",
    "trunk_sid": sid("TK"),
    "voice_receive_mode": "fax",
}

CASES = [
    Case(
        "add-incoming-phone-number-by-phone-number",
        {"phoneNumber": NUMBER, "apiVersion": "2010-04-01", **REGISTRATION},
        lambda c: c.incoming_phone_numbers.create(
            phone_number=NUMBER, api_version="2010-04-01", **REGISTERED
        ),
        label="registration",
    ),
    Case(
        "add-incoming-phone-number-by-area-code",
        {"areaCode": "510", "bundleSid": sid("BU"), "voiceReceiveMode": "voice"},
        lambda c: c.incoming_phone_numbers.create(
            area_code="510", bundle_sid=sid("BU"), voice_receive_mode="voice"
        ),
        label="bundle",
    ),
    Case(
        "update-incoming-phone-numbers",
        {"incomingPhoneNumberSid": PN, **REGISTRATION},
        lambda c: c.incoming_phone_numbers(PN).update(**REGISTERED),
        label="registration",
    ),
    Case(
        "get-incoming-phone-numbers",
        {"origin": "hosted", "beta": False, "pageSize": 20},
        lambda c: c.incoming_phone_numbers.page(origin="hosted", beta=False, page_size=20),
        label="origin",
    ),
    Case(
        "get-available-phone-numbers",
        {
            "isoCountryCode": "US",
            "inLocality": "Oakland",
            "smsEnabled": True,
            "faxEnabled": False,
            "excludeAllAddressRequired": True,
            "beta": False,
        },
        lambda c: c.available_phone_numbers("US").local.page(
            in_locality="Oakland",
            sms_enabled=True,
            fax_enabled=False,
            exclude_all_address_required=True,
            beta=False,
        ),
        label="capabilities",
    ),
    Case(
        "get-available-toll-free-numbers",
        {
            "isoCountryCode": "US",
            "voiceEnabled": True,
            "mmsEnabled": True,
            "excludeForeignAddressRequired": True,
            "excludeLocalAddressRequired": False,
        },
        lambda c: c.available_phone_numbers("US").toll_free.page(
            voice_enabled=True,
            mms_enabled=True,
            exclude_foreign_address_required=True,
            exclude_local_address_required=False,
        ),
        label="capabilities",
    ),
    Case(
        "get-available-toll-free-numbers",
        {
            "isoCountryCode": "US",
            "areaCode": 888,
            "inRegion": "CA",
            "inPostalCode": "94105",
            "inLocality": "San Francisco",
            "nearLatLong": "37.78,-122.41",
            "distance": 50,
            "inLata": "722",
            "inRateCenter": "SNFC CNTRL",
        },
        lambda c: c.available_phone_numbers("US").toll_free.page(
            area_code=888,
            in_region="CA",
            in_postal_code="94105",
            in_locality="San Francisco",
            near_lat_long="37.78,-122.41",
            distance=50,
            in_lata="722",
            in_rate_center="SNFC CNTRL",
        ),
        label="geography",
    ),
    Case(
        "get-available-mobile-numbers",
        {"isoCountryCode": "GB", "nearPhoneNumber": "+442079460000", "distance": 20},
        lambda c: c.available_phone_numbers("GB").mobile.page(
            near_number="+442079460000", distance=20
        ),
        label="geography",
    ),
    Case(
        "create-application",
        {
            "friendlyName": "Support",
            "messageStatusCallback": HOOK,
            "publicApplicationConnectEnabled": True,
        },
        lambda c: c.applications.create(
            friendly_name="Support",
            message_status_callback=HOOK,
            public_application_connect_enabled=True,
        ),
        label="message-status",
    ),
    Case(
        "update-application",
        {"applicationSid": AP, "publicApplicationConnectEnabled": "false"},
        lambda c: c.applications(AP).update(public_application_connect_enabled=False),
        label="connect",
    ),
    Case(
        "add-new-caller-id",
        {"phoneNumber": NUMBER, "statusCallback": HOOK, "statusCallbackMethod": "GET"},
        lambda c: c.validation_requests.create(
            phone_number=NUMBER, status_callback=HOOK, status_callback_method="GET"
        ),
        label="status-callback",
    ),
    Case(
        "get-calls",
        {"endTime": "<=2024-01-31T10:00:00Z", "parentCallSid": CA, "pageSize": 20},
        lambda c: c.calls.page(
            end_time_before=datetime(2024, 1, 31, 10), parent_call_sid=CA, page_size=20
        ),
        label="end-parent",
    ),
    Case(
        "get-recordings",
        {"conferenceSid": CF, "includeSoftDeleted": True, "pageSize": 20},
        lambda c: c.recordings.page(conference_sid=CF, include_soft_deleted=True, page_size=20),
        label="conference",
    ),
    Case(
        "get-recording",
        {"recordingSid": RE, "includeSoftDeleted": "true"},
        lambda c: c.recordings(RE).fetch(include_soft_deleted=True),
        label="soft-deleted",
    ),
    Case(
        "get-participants",
        {"conferenceSid": CF, "hold": True, "coaching": False, "pageSize": 20},
        lambda c: c.conferences(CF).participants.page(hold=True, coaching=False, page_size=20),
        label="hold-coaching",
    ),
]
