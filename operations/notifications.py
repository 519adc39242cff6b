"""Notifications: the account's error and warning log (``Notifications``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, date_filter, integer, sid


class GetNotification(Operation, name="get-notification"):
    """Fetch a notification (an error or warning log entry)."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Notifications/{Sid}.json"
    params = (
        account_sid(),
        sid("notificationSid", "NO", description="The notification's SID (NO...)."),
    )


class GetAllNotifications(Operation, name="get-all-notifications"):
    """List the account's notifications, filtered by log level or date."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Notifications.json"
    list_key = "notifications"
    params = (
        account_sid(),
        integer("log", "Log", location="query", minimum=0, maximum=1, description="The log level of the notifications to show: 0 for errors, 1 for warnings (all when left out)."),
        date_filter("messageDate", "MessageDate", kind="date", description="Only show notifications for this date."),
    )


class GetNotificationsByCallSid(Operation, name="get-notifications-by-call-sid"):
    """List the notifications of one call."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications.json"
    list_key = "notifications"
    params = (
        account_sid(),
        sid("callSid", "CA", "CallSid", description="The call's SID (CA...)."),
        integer("log", "Log", location="query", minimum=0, maximum=1, description="The log level of the notifications to show: 0 for errors, 1 for warnings (all when left out)."),
        date_filter("messageDate", "MessageDate", kind="date", description="Only show notifications for this date."),
    )


class DeleteNotification(Operation, name="delete-notification"):
    """Delete a notification (Twilio no longer allows it; kept for the emulator)."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Notifications/{Sid}.json"
    success = 204
    retired = "Twilio no longer deletes notifications: they expire on their own after a while."
    params = (
        account_sid(),
        sid("notificationSid", "NO", description="The notification's SID (NO...)."),
    )
