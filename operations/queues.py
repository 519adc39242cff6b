"""Call queues and the calls waiting in them (``Queues``, ``Members``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, http_method, integer, sid, text, url

QUEUE_SID = sid("queueSid", "QU", description="The queue's SID (QU...).")
MEMBER_QUEUE_SID = sid("queueSid", "QU", "QueueSid", description="The queue's SID (QU...).")
MEMBER = text(
    "callSid",
    "CallSid",
    location="path",
    required=True,
    pattern="^(CA[0-9a-fA-F]{32}|Front)$",
    description="The waiting call's SID (CA...), or Front for the call at the head of the queue.",
)
FRIENDLY_NAME = text(
    "friendlyName",
    "FriendlyName",
    max_length=64,
    description="The queue's name, unique in the account.",
)
MAX_SIZE = integer(
    "maxSize",
    "MaxSize",
    minimum=1,
    maximum=5000,
    description="The most calls the queue holds (Twilio's default is 1000).",
)


class CreateQueue(Operation, name="create-queue"):
    """Create a call queue."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues.json"
    success = 201
    params = (
        account_sid(),
        text(
            "friendlyName",
            "FriendlyName",
            required=True,
            max_length=64,
            description="The queue's name, unique in the account.",
        ),
        MAX_SIZE,
    )


class GetQueue(Operation, name="get-queue"):
    """Fetch a queue: its size and average wait."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{Sid}.json"
    params = (account_sid(), QUEUE_SID)


class GetQueues(Operation, name="get-queues"):
    """List the account's queues."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues.json"
    list_key = "queues"
    params = (account_sid(),)


class UpdateQueue(Operation, name="update-queue"):
    """Rename a queue or change how many calls it holds."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{Sid}.json"
    params = (account_sid(), QUEUE_SID, FRIENDLY_NAME, MAX_SIZE)


class DeleteQueue(Operation, name="delete-queue"):
    """Delete a queue (only an empty one)."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{Sid}.json"
    success = 204
    params = (account_sid(), QUEUE_SID)


class GetQueueMembers(Operation, name="get-queue-members"):
    """List the calls waiting in a queue, front first."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{QueueSid}/Members.json"
    list_key = "queue_members"
    params = (account_sid(), MEMBER_QUEUE_SID)


class GetQueueMember(Operation, name="get-queue-member"):
    """Fetch a waiting call: its position and wait time."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{QueueSid}/Members/{CallSid}.json"
    params = (account_sid(), MEMBER_QUEUE_SID, MEMBER)


class DequeueMember(Operation, name="dequeue-member"):
    """Take a call out of a queue and send it to the TwiML at a URL."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Queues/{QueueSid}/Members/{CallSid}.json"
    params = (
        account_sid(),
        MEMBER_QUEUE_SID,
        MEMBER,
        url(
            "url", "Url", required=True, description="The TwiML the dequeued call carries out next."
        ),
        http_method("method", "Method", description="How Twilio requests url (default POST)."),
    )
