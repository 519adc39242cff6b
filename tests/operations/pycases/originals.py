"""A few of the original operations, so the comparison itself is checked on known ground."""

from __future__ import annotations

from datetime import datetime

from tests.operations.pycases import ACCOUNT_SID, Case, sid

CA = sid("CA")
CF = sid("CF")

CASES = [
    Case(
        "send-sms-message",
        {
            "from": "+15005550006",
            "to": "+14155550100",
            "body": "Hi",
            "statusCallback": "https://e.com/s",
        },
        lambda c: c.messages.create(
            from_="+15005550006", to="+14155550100", body="Hi", status_callback="https://e.com/s"
        ),
    ),
    Case(
        "make-call",
        {"from": "+15005550006", "to": "+14155550100", "url": "https://e.com/v", "timeout": "30"},
        lambda c: c.calls.create(
            from_="+15005550006", to="+14155550100", url="https://e.com/v", timeout=30
        ),
    ),
    Case(
        "get-calls",
        {"to": "+14155550100", "startTime": ">=2024-01-31T10:00:00Z", "pageSize": 20},
        lambda c: c.calls.page(
            to="+14155550100", start_time_after=datetime(2024, 1, 31, 10), page_size=20
        ),
    ),
    Case(
        "update-participant-status",
        {"conferenceSid": CF, "callSid": CA, "muted": "true"},
        lambda c: (
            c.api.v2010.accounts(ACCOUNT_SID).conferences(CF).participants(CA).update(muted=True)
        ),
    ),
]
