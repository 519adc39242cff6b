"""Messaging Services (messaging.twilio.com/v1): a sender pool and shared settings that
messages can be sent through, and the pool's phone numbers."""

from __future__ import annotations

from operations.base import Operation
from operations.params import Param, boolean, http_method, integer, sid, text, url

# fmt: off
# A declarative table: one parameter per line reads best.

SERVICE = sid("messagingServiceSid", "MG", description="The Messaging Service's SID (MG...).")
POOL_SERVICE = sid("messagingServiceSid", "MG", "ServiceSid", description="The Messaging Service's SID (MG...).")
SETTINGS: tuple[Param, ...] = (
    url("inboundRequestUrl", "InboundRequestUrl", description="The URL Twilio calls when a message is received by any number of the Service (inboundMethod)."),
    http_method("inboundMethod", "InboundMethod", description="The HTTP method Twilio uses to call inboundRequestUrl (default POST)."),
    url("fallbackUrl", "FallbackUrl", description="The URL Twilio calls if an error occurs with the inbound request URL."),
    http_method("fallbackMethod", "FallbackMethod", description="The HTTP method Twilio uses to call fallbackUrl."),
    url("statusCallback", "StatusCallback", description="The URL Twilio calls with status updates about messages sent through the Service."),
    boolean("stickySender", "StickySender", description="Whether a recipient keeps getting messages from the same number of the pool."),
    boolean("mmsConverter", "MmsConverter", description="Whether MMS is sent as SMS with a link where the recipient cannot receive MMS."),
    boolean("smartEncoding", "SmartEncoding", description="Whether Unicode characters with a GSM-7 look-alike are replaced to save segments."),
    text("scanMessageContent", "ScanMessageContent", enum=("inherit", "enable", "disable"), description="Reserved."),
    boolean("fallbackToLongCode", "FallbackToLongCode", description="[OBSOLETE] Former fallback to a long code after certain short code failures."),
    boolean("areaCodeGeomatch", "AreaCodeGeomatch", description="Whether to send from a pool number with the recipient's area code when there is one."),
    integer("validityPeriod", "ValidityPeriod", minimum=1, maximum=36000, description="How long, in seconds, messages sent through the Service are valid (Twilio's default is 36,000)."),
    boolean("synchronousValidation", "SynchronousValidation", description="Reserved."),
    text("usecase", "Usecase", enum=("notifications", "marketing", "verification", "discussion", "poll", "undeclared"), description="The scenario the Service is used for."),
    boolean("useInboundWebhookOnNumber", "UseInboundWebhookOnNumber", description="Whether the webhook URLs of the receiving number are used instead of the Service's."),
)


class CreateMessagingService(Operation, name="create-messaging-service"):
    """Create a Messaging Service."""

    domain = "messaging"
    method = "POST"
    path = "/v1/Services"
    success = 201
    params = (
        text("friendlyName", "FriendlyName", required=True, max_length=64, description="A descriptive name for the Service."),
        *SETTINGS,
    )


class GetMessagingService(Operation, name="get-messaging-service"):
    """Fetch a Messaging Service."""

    domain = "messaging"
    method = "GET"
    path = "/v1/Services/{Sid}"
    params = (SERVICE,)


class GetMessagingServices(Operation, name="get-messaging-services"):
    """List the account's Messaging Services, newest first."""

    domain = "messaging"
    method = "GET"
    path = "/v1/Services"
    list_key = "services"


class UpdateMessagingService(Operation, name="update-messaging-service"):
    """Change a Messaging Service's name or settings."""

    domain = "messaging"
    method = "POST"
    path = "/v1/Services/{Sid}"
    params = (
        SERVICE,
        text("friendlyName", "FriendlyName", max_length=64, description="A descriptive name for the Service."),
        *SETTINGS,
    )


class DeleteMessagingService(Operation, name="delete-messaging-service"):
    """Delete a Messaging Service; its numbers stay with the account and may join another."""

    domain = "messaging"
    method = "DELETE"
    path = "/v1/Services/{Sid}"
    success = 204
    params = (SERVICE,)


class AddMessagingServicePhoneNumber(Operation, name="add-messaging-service-phone-number"):
    """Add one of the account's phone numbers to a Messaging Service's sender pool."""

    domain = "messaging"
    method = "POST"
    path = "/v1/Services/{ServiceSid}/PhoneNumbers"
    success = 201
    params = (
        POOL_SERVICE,
        sid("phoneNumberSid", "PN", "PhoneNumberSid", location="form", description="The SID (PN...) of the IncomingPhoneNumber to add; a number is in one Service at most."),
    )


class GetMessagingServicePhoneNumbers(Operation, name="get-messaging-service-phone-numbers"):
    """List the phone numbers of a Messaging Service's sender pool."""

    domain = "messaging"
    method = "GET"
    path = "/v1/Services/{ServiceSid}/PhoneNumbers"
    list_key = "phone_numbers"
    params = (POOL_SERVICE,)


class RemoveMessagingServicePhoneNumber(Operation, name="remove-messaging-service-phone-number"):
    """Take a phone number out of a Messaging Service's pool (the account keeps the number)."""

    domain = "messaging"
    method = "DELETE"
    path = "/v1/Services/{ServiceSid}/PhoneNumbers/{Sid}"
    success = 204
    params = (
        POOL_SERVICE,
        sid("phoneNumberSid", "PN", description="The SID (PN...) of the number to remove."),
    )
