"""Access tokens: the signed JWTs with which Twilio's Voice, Video, Chat and Sync SDKs sign in.

An access token is made here, not asked of Twilio: an HS256 JWT signed with the config's API
key secret, with the claims, grants and header of twilio-python's ``twilio.jwt.access_token``.
Each parameter's wire name is the claim it fills (or the header field: `HEADER`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

from connector import Config, ConfigError, Problem, ValidationError
from connector.config import Secret
from operations.local import LocalOperation
from operations.params import Param, boolean, sid, text

#: The content type Twilio reads to know an access token (twilio-python's header).
CONTENT_TYPE = "twilio-fpa;v=1"
ALGORITHM = "HS256"
GRANTS = "grants"
HEADER = ("twr",)
"""The wire names that fill the token's header rather than a claim: the region (``twr``)."""


class CreateAccessToken(LocalOperation, name="create-access-token"):
    """Create an access token (a signed JWT) for Twilio's SDKs; nothing is sent to Twilio.

    The result is ``{"token": "<JWT>", "identity": ..., "expiresAt": "<ISO-8601 UTC>"}``. A
    grant is in the token when one of its parameters is given; the config needs ``apiKey``
    and ``apiSecret``, as Twilio accepts no token signed with the auth token.
    """

    params = (
        text("identity", "grants.identity", location="token", required=True, description="Who the token is for: the client name calls and messages reach."),
        Param("ttl", None, "token", kind="integer", minimum=1, maximum=86400, default=3600, description="Seconds from now until the token expires (at most 86400, Twilio's limit)."),
        Param("nbf", "nbf", "token", kind="integer", minimum=0, description="Not valid before this Unix time, in seconds (default: now)."),
        sid("voiceOutgoingApplicationSid", "AP", "grants.voice.outgoing.application_sid", location="token", required=False, description="Voice: the TwiML application (AP...) that outgoing calls from the SDK use."),
        Param("voiceOutgoingApplicationParams", "grants.voice.outgoing.params", "token", kind="object", description="Voice: parameters passed to that application's voice URL (a mapping of names to values)."),
        boolean("voiceIncomingAllow", "grants.voice.incoming.allow", location="token", description="Voice: whether the identity may receive incoming calls."),
        sid("voicePushCredentialSid", "CR", "grants.voice.push_credential_sid", location="token", required=False, description="Voice: the push credential (CR...) for incoming-call notifications on mobile."),
        text("voiceEndpointId", "grants.voice.endpoint_id", location="token", description="Voice: the endpoint (device) id the SDK registers as."),
        text("videoRoom", "grants.video.room", location="token", description="Video: the room (its name or RM... SID) the token may join."),
        sid("chatServiceSid", "IS", "grants.chat.service_sid", location="token", required=False, description="Chat (Conversations): the service (IS...) the identity may use."),
        text("chatEndpointId", "grants.chat.endpoint_id", location="token", description="Chat: the endpoint (device) id the SDK registers as."),
        sid("chatPushCredentialSid", "CR", "grants.chat.push_credential_sid", location="token", required=False, description="Chat: the push credential (CR...) for notifications on mobile."),
        text("chatDeploymentRoleSid", "grants.chat.deployment_role_sid", location="token", description="Chat: the role given to the identity in the service."),
        sid("syncServiceSid", "IS", "grants.data_sync.service_sid", location="token", required=False, description="Sync: the service (IS...) the identity may use."),
        text("syncEndpointId", "grants.data_sync.endpoint_id", location="token", description="Sync: the endpoint (device) id the SDK registers as."),
        sid("taskRouterWorkspaceSid", "WS", "grants.task_router.workspace_sid", location="token", required=False, description="TaskRouter: the workspace (WS...) the worker's SDK acts in."),
        sid("taskRouterWorkerSid", "WK", "grants.task_router.worker_sid", location="token", required=False, description="TaskRouter: the worker (WK...) the SDK signs in as."),
        text("taskRouterRole", "grants.task_router.role", location="token", description="TaskRouter: the role the SDK acts with."),
        Param("playbackGrant", "grants.player", "token", kind="object", description="Live: the playback grant, as Twilio's PlaybackGrant API returned it (a mapping), for the Player SDK."),
        text("region", "twr", location="token", description="The Twilio region the SDK connects to (such as ie1 or au1): the token's twr header, as twilio-python's region."),
    )
    needs = {"voiceOutgoingApplicationParams": ("voiceOutgoingApplicationSid",)}

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock

    def check_config(self, config: Config) -> None:
        """An access token is signed with an API key: the config must give one."""
        self._signing_key(config)

    def compute(self, config: Config, values: Mapping[str, Any]) -> dict[str, Any]:
        """The signed token, who it is for and when it expires."""
        key, secret = self._signing_key(config)
        now = int(self.clock())
        expires = now + values["ttl"]
        not_before = values.get("nbf", now)
        if not_before >= expires:
            problem = Problem("nbf", f"is at or after the token's expiry ({expires}: now + ttl)")
            raise ValidationError([problem], operation=self.name)
        claims = {
            "jti": f"{key}-{now}",
            GRANTS: self._grants(values),
            "iss": key,
            "exp": expires,
            "nbf": not_before,
            "sub": config.account_sid,
        }
        header = {"cty": CONTENT_TYPE}
        for param in self.params:
            if param.wire in HEADER and values.get(param.name):
                header[param.wire] = values[param.name]
        token = jwt.encode(claims, secret.get_secret_value(), algorithm=ALGORITHM, headers=header)
        return {
            "token": token,
            "identity": values["identity"],
            "expiresAt": datetime.fromtimestamp(expires, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    def _signing_key(self, config: Config) -> tuple[str, Secret]:
        if config.api_key is None or config.api_secret is None:
            error = ConfigError(
                f"{self.name} signs with an API key: give the config apiKey (SK...) and "
                "apiSecret; Twilio accepts no access token signed with the auth token"
            )
            error.operation = self.name
            raise error
        return config.api_key, config.api_secret

    def _grants(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The ``grants`` claim: each grant one of whose parameters is given, with the values
        at their wire names; a value that grants nothing (``false``, an empty mapping) is
        left out, as twilio-python leaves it out."""
        grants: dict[str, Any] = {}
        for param in self.params:
            value = values.get(param.name)
            if value is None or param.wire is None or not param.wire.startswith(f"{GRANTS}."):
                continue
            key, *inside = param.wire.split(".")[1:]
            if not inside:  # grants.identity
                grants[key] = value
                continue
            branch = grants.setdefault(key, {})
            if not value:
                continue
            for step in inside[:-1]:
                branch = branch.setdefault(step, {})
            branch[inside[-1]] = value
        return grants
