"""Messages: SMS, MMS, WhatsApp and other channels. The original connector's ``/SMS/Messages``
resource is retired; these use ``Messages``."""

from __future__ import annotations

from operations.base import Operation
from operations.params import (
    Param,
    account_sid,
    boolean,
    date_filter,
    date_time,
    integer,
    json_object,
    number,
    one_of,
    phone,
    sid,
    text,
    url,
    url_list,
)

#: A message's SID: SM for text, MM for media.
MESSAGE_SID = "(SM|MM)"


def message_sid(name: str = "smsMessageSid", wire: str = "Sid") -> Param:
    """The SID of a message (SM... or MM...)."""
    return sid(name, MESSAGE_SID, wire, description="The message's SID (SM... or MM...).")


class GetSmsMessage(Operation, name="get-sms-message"):
    """Fetch a message (through the Messages resource)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    params = (account_sid(), message_sid())


class GetAllSmsMessages(Operation, name="get-all-sms-messages"):
    """List messages, newest first, filtered by number or date sent."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
    list_key = "messages"
    params = (
        account_sid(),
        phone("to", "To", location="query", description="Only show SMS messages to this phone number."),
        phone("from", "From", location="query", description="Only show SMS messages from this phone number."),
        date_filter("dateSent", "DateSent", description="Only show SMS messages sent on this date, given as YYYY-MM-DD."),
    )


class SendSmsMessage(Operation, name="send-sms-message", aliases=("send-message",)):
    """Send a message (SMS, MMS, WhatsApp or another channel), now or at a scheduled time."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
    success = 201
    params = (
        account_sid(),
        phone("from", "From", description="The sender: a Twilio number enabled for SMS, a short code, an alphanumeric sender ID or a channel address (whatsapp:+14155238886). May be left out with messagingServiceSid, which then picks one from its sender pool."),
        phone("to", "To", required=True, description="The recipient: an E.164 number, or a channel address such as whatsapp:+14155550100."),
        text("body", "Body", max_length=1600, description="The text of the message; over 160 GSM-7 characters (70 UCS-2) it is sent, and charged, in segments. Optional with mediaUrl or contentSid."),
        sid("messagingServiceSid", "MG", "MessagingServiceSid", location="form", required=False, description="A Messaging Service (MG...) to send through; needed to schedule."),
        url_list("mediaUrl", "MediaUrl", max_items=10, description="Media to send (an MMS): URLs of images and other files."),
        sid("contentSid", "HX", "ContentSid", location="form", required=False, description="A content template (HX...) to send instead of a body."),
        json_object("contentVariables", "ContentVariables", description="Values for the content template's placeholders, by name ({\"1\": \"Ana\"}); sent as JSON."),
        text("scheduleType", "ScheduleType", enum=("fixed",), description="fixed, with sendAt and messagingServiceSid, schedules the message."),
        date_time("sendAt", "SendAt", description="When to send a scheduled message: 15 minutes to 35 days ahead."),
        integer("validityPeriod", "ValidityPeriod", minimum=1, maximum=36000, description="Seconds the message may wait in Twilio's queue before it is given up (default 36000)."),
        number("maxPrice", "MaxPrice", description="Obsolete at Twilio since 2024-06-03: no longer has any effect."),
        integer("attempt", "Attempt", description="Total number of attempts made to send this message, this one included."),
        boolean("forceDelivery", "ForceDelivery", description="Reserved by Twilio."),
        boolean("smartEncoded", "SmartEncoded", description="Replace Unicode characters that have a GSM-7 look-alike."),
        boolean("shortenUrls", "ShortenUrls", description="Shorten the links in the body (Messaging Services with link shortening only)."),
        boolean("sendAsMms", "SendAsMms", description="Deliver as one MMS, with or without media."),
        Param("persistentAction", "PersistentAction", "form", kind="list", description="Rich actions for non-SMS channels, such as a location in a WhatsApp message."),
        boolean("provideFeedback", "ProvideFeedback", description="You intend to report whether the message reached its recipient (create-message-feedback)."),
        text("addressRetention", "AddressRetention", enum=("retain", "obfuscate"), description="Keep or obfuscate the addresses, under the account's privacy settings."),
        text("contentRetention", "ContentRetention", enum=("retain", "discard"), description="Keep or discard the content, under the account's privacy settings."),
        text("riskCheck", "RiskCheck", enum=("enable", "disable"), description="disable skips Twilio's risk checks for this message."),
        url("statusCallback", "StatusCallback", description="A URL that Twilio will POST to when your message is processed."),
        sid("applicationSid", "AP", "ApplicationSid", location="form", description="An application whose SmsStatusCallback Twilio notifies of the message's status.", required=False),
        phone("fallbackFrom", "FallbackFrom", description="An SMS sender to fall back to when the recipient cannot be reached over RCS: a number or short code of the Messaging Service (messagingServiceSid, which must hold an RCS sender)."),
        text("messageIntent", "MessageIntent", description="The message's intent, a label for Twilio (its API documents no list of values)."),
        text("trafficType", "TrafficType", enum=("free",), description="The message's traffic type; free is the one value Twilio's API documents."),
    )
    at_least_one_of = (one_of("from", "messagingServiceSid"), one_of("body", "mediaUrl", "contentSid"))
    needs = {
        "fallbackFrom": ("messagingServiceSid",),
        "scheduleType": ("sendAt", "messagingServiceSid"),
        "sendAt": ("scheduleType",),
        "contentVariables": ("contentSid",),
    }


class UpdateMessage(Operation, name="update-message"):
    """Redact a message's body (give an empty body) or cancel a scheduled message."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    params = (
        account_sid(),
        message_sid("messageSid"),
        text("body", "Body", min_length=0, max_length=0, description="Give an empty text to redact the message's body (a message that is no longer in flight)."),
        text("status", "Status", enum=("canceled",), description="canceled: the scheduled message is not sent."),
    )
    exactly_one_of = (one_of("body", "status"),)


class CancelScheduledMessage(Operation, name="cancel-scheduled-message"):
    """Cancel a scheduled message before it is sent (its status becomes canceled)."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    params = (account_sid(), message_sid("messageSid"))
    fixed_form = {"Status": "canceled"}


class DeleteMessage(Operation, name="delete-message"):
    """Delete a message and its media (once it is no longer in flight)."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    success = 204
    params = (account_sid(), message_sid("messageSid"))


class CreateMessageFeedback(Operation, name="create-message-feedback"):
    """Report whether the recipient acted on a message sent with provideFeedback."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Feedback.json"
    params = (
        account_sid(),
        message_sid("messageSid", "MessageSid"),
        text("outcome", "Outcome", enum=("confirmed", "unconfirmed"), description="confirmed when the recipient did what the message asked (a code entered, a link followed)."),
    )
