"""Conferences and their participants (``Conferences``, ``Participants``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, boolean, date_filter, sid, text


class GetConference(Operation, name="get-conference"):
    """Fetch a conference."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", description="The conference's SID (CF...)."),
    )


class GetConferences(Operation, name="get-conferences"):
    """List conferences, filtered by status, name or date."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences.json"
    list_key = "conferences"
    params = (
        account_sid(),
        text("status", "Status", location="query", description="Only show conferences currently in with this status.", enum=("init", "in-progress", "completed")),
        text("friendlyName", "FriendlyName", location="query", description="List conferences who's FriendlyName is the exact match of this string."),
        date_filter("dateCreated", "DateCreated", kind="date", description="Only show conferences that started on this date, given as YYYY-MM-DD."),
        date_filter("dateUpdated", "DateUpdated", kind="date", description="Only show conferences that were last updated on this date, given as YYYY-MM-DD."),
    )


class GetParticipant(Operation, name="get-participant"):
    """Fetch a participant of a conference."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
    )


class GetParticipants(Operation, name="get-participants"):
    """List a conference's participants, optionally only the muted ones."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json"
    list_key = "participants"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        boolean("muted", "Muted", location="query", description="Only show participants that are muted or unmuted."),
    )


class UpdateParticipantStatus(Operation, name="update-participant-status"):
    """Mute or unmute a conference participant."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
        boolean("muted", "Muted", required=True, description="Specifying true will mute the participant, while false will un-mute."),
    )


class DeleteParticipant(Operation, name="delete-participant"):
    """Remove (kick) a participant from a conference."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json"
    success = 204
    params = (
        account_sid(),
        sid("conferenceSid", "CF", "ConferenceSid", description="The conference's SID (CF...)."),
        sid("callSid", None, "CallSid", description="The participant's call SID (CA...) or label."),
    )
