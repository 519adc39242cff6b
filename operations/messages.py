"""SMS messages. The original connector's ``/SMS/Messages`` resource is retired; these use
``Messages``."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, date_filter, phone, sid, text, url


class GetSmsMessage(Operation, name="get-sms-message"):
    """Fetch a message (through the Messages resource)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json"
    params = (
        account_sid(),
        sid("smsMessageSid", "(SM|MM)", description="The message's SID (SM... or MM...)."),
    )


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


class SendSmsMessage(Operation, name="send-sms-message"):
    """Send an SMS message (through the Messages resource)."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Messages.json"
    success = 201
    params = (
        account_sid(),
        phone("from", "From", required=True, description="A Twilio number enabled for SMS."),
        phone("to", "To", required=True, description="The destination phone number."),
        text("body", "Body", required=True, max_length=1600, description="The text of the message; over 160 GSM-7 characters (70 UCS-2) it is sent, and charged, in segments."),
        url("statusCallback", "StatusCallback", description="A URL that Twilio will POST to when your message is processed."),
        sid("applicationSid", "AP", "ApplicationSid", location="form", description="An application whose SmsStatusCallback Twilio notifies of the message's status.", required=False),
    )
