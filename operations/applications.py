"""TwiML applications (``Applications``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, sid, text
from operations.url_settings import APPLICATION_SETTINGS

APPLICATION_SID = sid("applicationSid", "AP", description="The application's SID (AP...).")


class GetApplication(Operation, name="get-application"):
    """Fetch a TwiML application."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Applications/{Sid}.json"
    params = (account_sid(), APPLICATION_SID)


class GetAllApplications(Operation, name="get-all-applications"):
    """List the account's TwiML applications."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/Applications.json"
    list_key = "applications"
    params = (
        account_sid(),
        text("friendlyName", "FriendlyName", location="query", description="Only applications whose friendly name is exactly this."),
    )


class CreateApplication(Operation, name="create-application"):
    """Create a TwiML application."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Applications.json"
    success = 201
    params = (
        account_sid(),
        text("friendlyName", "FriendlyName", required=True, max_length=64, description="A description of the application."),
        *APPLICATION_SETTINGS,
    )


class UpdateApplication(Operation, name="update-application"):
    """Change a TwiML application's URLs and settings."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/Applications/{Sid}.json"
    params = (
        account_sid(),
        APPLICATION_SID,
        text("friendlyName", "FriendlyName", max_length=64, description="A description of the application."),
        *APPLICATION_SETTINGS,
    )


class DeleteApplication(Operation, name="delete-application"):
    """Delete a TwiML application."""

    method = "DELETE"
    path = "/2010-04-01/Accounts/{AccountSid}/Applications/{Sid}.json"
    success = 204
    params = (account_sid(), APPLICATION_SID)
