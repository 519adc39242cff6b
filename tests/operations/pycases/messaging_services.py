"""Wire cases of the Messaging Service operations against twilio-python's
``client.messaging.v1.services``."""

from __future__ import annotations

from tests.operations.pycases import Case, sid

MG = sid("MG")
PN = sid("PN")
HOOK = "https://example.com/inbound"

CASES = [
    Case(
        "create-messaging-service",
        {"friendlyName": "Shop"},
        lambda c: c.messaging.v1.services.create(friendly_name="Shop"),
        "name only",
    ),
    Case(
        "create-messaging-service",
        {
            "friendlyName": "Shop",
            "inboundRequestUrl": HOOK,
            "inboundMethod": "get",
            "fallbackUrl": "https://example.com/fallback",
            "fallbackMethod": "post",
            "statusCallback": "https://example.com/status",
            "stickySender": "false",
            "mmsConverter": True,
            "smartEncoding": "no",
            "scanMessageContent": "DISABLE",
            "fallbackToLongCode": False,
            "areaCodeGeomatch": "true",
            "validityPeriod": "14400",
            "synchronousValidation": "true",
            "usecase": "notifications",
            "useInboundWebhookOnNumber": "yes",
        },
        lambda c: c.messaging.v1.services.create(
            friendly_name="Shop",
            inbound_request_url=HOOK,
            inbound_method="GET",
            fallback_url="https://example.com/fallback",
            fallback_method="POST",
            status_callback="https://example.com/status",
            sticky_sender=False,
            mms_converter=True,
            smart_encoding=False,
            scan_message_content="disable",
            fallback_to_long_code=False,
            area_code_geomatch=True,
            validity_period=14400,
            synchronous_validation=True,
            usecase="notifications",
            use_inbound_webhook_on_number=True,
        ),
        "every setting",
    ),
    Case(
        "get-messaging-service",
        {"messagingServiceSid": MG},
        lambda c: c.messaging.v1.services(MG).fetch(),
    ),
    Case(
        "get-messaging-services",
        {"pageSize": 20},
        lambda c: c.messaging.v1.services.page(page_size=20),
    ),
    Case(
        "update-messaging-service",
        {"messagingServiceSid": MG, "friendlyName": "Renamed", "validityPeriod": 600},
        lambda c: c.messaging.v1.services(MG).update(friendly_name="Renamed", validity_period=600),
        "name and validity",
    ),
    Case(
        "update-messaging-service",
        {"messagingServiceSid": MG, "stickySender": "false", "areaCodeGeomatch": "false"},
        lambda c: c.messaging.v1.services(MG).update(sticky_sender=False, area_code_geomatch=False),
        "switches off",
    ),
    Case(
        "delete-messaging-service",
        {"messagingServiceSid": MG},
        lambda c: c.messaging.v1.services(MG).delete(),
    ),
    Case(
        "add-messaging-service-phone-number",
        {"messagingServiceSid": MG, "phoneNumberSid": PN},
        lambda c: c.messaging.v1.services(MG).phone_numbers.create(phone_number_sid=PN),
    ),
    Case(
        "get-messaging-service-phone-numbers",
        {"messagingServiceSid": MG, "pageSize": 5},
        lambda c: c.messaging.v1.services(MG).phone_numbers.page(page_size=5),
    ),
    Case(
        "remove-messaging-service-phone-number",
        {"messagingServiceSid": MG, "phoneNumberSid": PN},
        lambda c: c.messaging.v1.services(MG).phone_numbers(PN).delete(),
    ),
]
