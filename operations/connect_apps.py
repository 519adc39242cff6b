"""Connect apps an account publishes, and those it has authorized (``ConnectApps``,
``AuthorizedConnectApps``)."""

from __future__ import annotations

from operations.base import Operation
from operations.params import account_sid, choices, http_method, sid, text, url

CONNECT_APP_SID = sid("connectAppSid", "CN", description="The connect app's SID (CN...).")


class GetConnectApps(Operation, name="get-connect-apps"):
    """List the account's connect apps."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/ConnectApps.json"
    list_key = "connect_apps"
    params = (account_sid(),)


class GetConnectApp(Operation, name="get-connect-app"):
    """Fetch a connect app."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/ConnectApps/{Sid}.json"
    params = (account_sid(), CONNECT_APP_SID)


class UpdateConnectApp(Operation, name="update-connect-app"):
    """Change a connect app's description, URLs or permissions."""

    method = "POST"
    path = "/2010-04-01/Accounts/{AccountSid}/ConnectApps/{Sid}.json"
    params = (
        account_sid(),
        CONNECT_APP_SID,
        url(
            "authorizeRedirectUrl",
            "AuthorizeRedirectUrl",
            description="Where users are sent once they authorize the app.",
        ),
        text("companyName", "CompanyName", description="The company shown to users."),
        http_method(
            "deauthorizeCallbackMethod",
            "DeauthorizeCallbackMethod",
            description="How Twilio requests deauthorizeCallbackUrl.",
        ),
        url(
            "deauthorizeCallbackUrl",
            "DeauthorizeCallbackUrl",
            description="The URL Twilio requests when a user de-authorizes the app.",
        ),
        text("description", "Description", description="What the app does, shown to users."),
        text("friendlyName", "FriendlyName", max_length=64, description="A name for the app."),
        url("homepageUrl", "HomepageUrl", description="Where users learn more about the app."),
        choices(
            "permissions",
            "Permissions",
            ("get-all", "post-all"),
            description="What the app may do on the accounts that authorize it.",
        ),
    )


class GetAuthorizedConnectApps(Operation, name="get-authorized-connect-apps"):
    """List the connect apps the account has authorized."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AuthorizedConnectApps.json"
    list_key = "authorized_connect_apps"
    params = (account_sid(),)


class GetAuthorizedConnectApp(Operation, name="get-authorized-connect-app"):
    """Fetch a connect app the account has authorized."""

    method = "GET"
    path = "/2010-04-01/Accounts/{AccountSid}/AuthorizedConnectApps/{ConnectAppSid}.json"
    params = (
        account_sid(),
        sid("connectAppSid", "CN", "ConnectAppSid", description="The connect app's SID (CN...)."),
    )
