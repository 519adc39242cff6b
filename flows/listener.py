"""The webhook listener: a WSGI application that serves every source of a flow file.

>>> app = create_app("bot.yaml", public_url="https://bot.example.com")  # doctest: +SKIP

Host it with any WSGI server (``twilio-connector listen FILE`` uses waitress). For each
request to a source's path and method it:

1. reads the request (:mod:`flows.webhooks`): 404, 405, 413, 415 or 400 when it can't be one;
2. checks ``X-Twilio-Signature`` against the public URL with the source's config's auth
   token (:mod:`connector.signatures`): 403 and nothing run when it fails;
3. claims the ``I-Twilio-Idempotency-Token`` (:mod:`flows.idempotency`): a retry gets the
   first reply and runs nothing;
4. runs the flow and answers with its final payload: TwiML as ``text/xml``; else an empty
   ``<Response/>``, or 204 for a status callback. A flow error answers 500 with no detail
   (the log has its type and place). A flow still running at the reply deadline gets the
   source's ``deadlineReply`` (an empty ``<Response/>``, or 204 for a status callback) and
   goes on in the background; its end is logged.

``GET /healthz`` answers 200. Nothing of a request's body is logged at INFO.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from connector import Config, ConnectorError, Problem
from connector.signatures import validate
from flows.document import FlowFile
from flows.errors import FlowConfigError, FlowValidationError
from flows.idempotency import Claim, Reply, ReplyStore, default_store_path
from flows.sources import EMPTY_TWIML, HEALTH_PATH, Source
from flows.twiml import is_twiml
from flows.webhooks import BadRequest, Webhook, public_url, read_webhook

__all__ = ["DEFAULT_REPLY_DEADLINE", "Listener", "Route", "create_app"]

log = logging.getLogger("flows.listener")

#: Seconds a flow has to answer before its source's deadline reply is sent (Twilio waits 15).
DEFAULT_REPLY_DEADLINE = 10.0
_TEXT = "text/plain; charset=utf-8"
_XML = "text/xml; charset=utf-8"
_FAILED = Reply(500, _TEXT, b"the flow failed\n")

StartResponse = Callable[..., Any]


@dataclass(frozen=True)
class Route:
    """A source as the listener serves it: the flow, and the secret its signatures use."""

    source: Source
    signing_key: str = field(repr=False)

    def deadline_reply(self) -> Reply:
        """The reply when the flow is still running at the deadline."""
        if self.source.deadline_reply is not None:
            return Reply(200, _XML, self.source.deadline_reply.encode())
        return Reply(204) if self.source.notifies else Reply(200, _XML, EMPTY_TWIML.encode())

    def reply_for(self, payload: Any) -> Reply:
        """The reply for a flow's final payload."""
        if is_twiml(payload):
            return Reply(200, _XML, payload.encode())
        return Reply(204) if self.source.notifies else Reply(200, _XML, EMPTY_TWIML.encode())


def create_app(
    flows: str | Path | FlowFile,
    *,
    configs: Mapping[str, Config | Mapping[str, Any]] | None = None,
    public_url: str | None = None,
    trust_forwarded_headers: bool = False,
    store: str | Path | ReplyStore | None = None,
    reply_deadline: float = DEFAULT_REPLY_DEADLINE,
    environ: Mapping[str, str] | None = None,
) -> Listener:
    """The WSGI application serving every source of a flow file.

    ``configs`` (by name) take the place of the file's own (the rest are resolved now, from
    ``environ`` or the process's environment: ``FLOW:CONFIG`` when one can't be).
    ``public_url`` is where Twilio reaches the listener (``https://bot.example.com``, a
    path prefix allowed): signatures are checked against it and the request's path. With
    ``trust_forwarded_headers`` (only behind a proxy that sets them) the scheme and host
    come from ``X-Forwarded-Proto`` and ``X-Forwarded-Host`` instead. ``store`` keeps the
    replies by idempotency token: a SQLite file (default :func:`default_store_path`),
    ``":memory:"``, or a :class:`ReplyStore`.
    """
    flow_file = flows if isinstance(flows, FlowFile) else FlowFile.load(flows)
    sources = flow_file.sources
    if not sources:
        message = "no flow has a source: there is nothing to listen to"
        raise FlowValidationError(flow_file.path, [Problem(flow_file.path, message)])
    if public_url is not None:
        _check_public_url(public_url)
    given = {name: Config.load(config) for name, config in (configs or {}).items()}
    needed = {source.config for source in sources.values()}
    for name in sources:
        needed |= flow_file.configs_for(name)
    resolved = flow_file.resolve_configs(needed - set(given), environ) | given
    routes = [Route(source, _signing_key(source, resolved)) for source in sources.values()]
    if not isinstance(store, ReplyStore):
        store = ReplyStore(store if store is not None else default_store_path())
    return Listener(
        flow_file,
        routes,
        resolved,
        store,
        public_url=public_url,
        trust_forwarded_headers=trust_forwarded_headers,
        reply_deadline=reply_deadline,
    )


def _check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise FlowConfigError(
            f"public URL {url!r}: must be http(s)://host[:port][/prefix], with no query"
        )


def _signing_key(source: Source, configs: Mapping[str, Config]) -> str:
    key = configs[source.config].signing_key()
    if key is None:
        raise FlowConfigError(
            f"config '{source.config}' has no authToken: flow '{source.flow}' needs it to "
            "check X-Twilio-Signature (with an API key, give authToken too)"
        )
    return key


class Listener:
    """The WSGI application: every source of one flow file, by path and method."""

    def __init__(
        self,
        flow_file: FlowFile,
        routes: Iterable[Route],
        configs: Mapping[str, Config],
        store: ReplyStore,
        *,
        public_url: str | None = None,
        trust_forwarded_headers: bool = False,
        reply_deadline: float = DEFAULT_REPLY_DEADLINE,
    ) -> None:
        self.flow_file = flow_file
        self.routes: dict[str, dict[str, Route]] = {}
        for route in routes:
            self.routes.setdefault(route.source.path, {})[route.source.method] = route
        self.configs = dict(configs)
        self.store = store
        self.public_url = public_url
        self.trust_forwarded_headers = trust_forwarded_headers
        self.reply_deadline = reply_deadline
        self._running: set[_Job] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> list[bytes]:
        """Answer one request (WSGI)."""
        started = time.monotonic()
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        path = environ.get("PATH_INFO") or "/"
        headers: list[tuple[str, str]] = []
        try:
            reply, flow = self._answer(environ, method, path)
        except BadRequest as refused:
            reply, flow = Reply(refused.status, _TEXT, f"{refused.reason}\n".encode()), None
            headers = refused.headers
            level = logging.WARNING if refused.status == 403 else logging.INFO
            log.log(level, "%s %s: %s %s", method, path, refused.status, refused.reason)
        except Exception:
            log.exception("%s %s: the listener failed", method, path)
            reply, flow = Reply(500, _TEXT, b"the listener failed\n"), None
        if flow is not None:
            elapsed = (time.monotonic() - started) * 1000
            log.info("%s %s: %s (flow '%s', %.0f ms)", method, path, reply.status, flow, elapsed)
        if reply.content_type is not None:
            headers.append(("Content-Type", reply.content_type))
        headers.append(("Content-Length", str(len(reply.body))))
        start_response(f"{reply.status} {_REASONS.get(reply.status, '')}".rstrip(), headers)
        return [reply.body]

    def _answer(self, environ: dict[str, Any], method: str, path: str) -> tuple[Reply, str | None]:
        if path == HEALTH_PATH:  # no source may take it
            if method not in ("GET", "HEAD"):
                raise BadRequest(405, f"{path} answers GET", [("Allow", "GET, HEAD")])
            return Reply(200, _TEXT, b"ok\n"), None
        by_method = self.routes.get(path)
        if by_method is None:
            raise BadRequest(404, f"no flow starts from {path}")
        route = by_method.get(method)
        if route is None:
            allowed = ", ".join(sorted(by_method))
            raise BadRequest(405, f"{path} answers {allowed}", [("Allow", allowed)])
        webhook = read_webhook(environ, method)
        url = public_url(
            environ,
            source_url=route.source.public_url,
            listener_url=self.public_url,
            trust_forwarded=self.trust_forwarded_headers or route.source.trust_forwarded_headers,
        )
        signed = validate(
            url, webhook.form, webhook.signature, route.signing_key, body=webhook.json_body
        )
        if not signed:
            what = "missing" if webhook.signature is None else "does not match"
            signed_url = url.partition("?")[0]  # a GET's query holds the webhook's data
            raise BadRequest(403, f"X-Twilio-Signature {what} (checked for {signed_url})")
        return self._once(route, webhook), route.source.flow

    def _once(self, route: Route, webhook: Webhook) -> Reply:
        """Run the flow unless a request with the same idempotency token did."""
        if webhook.idempotency_token is None:
            return self._run(route, webhook)
        key = f"{route.source.route} {webhook.idempotency_token}"
        claim, recorded = self.store.claim(key)
        if recorded is not None:  # answered
            log.info(
                "%s: a retry (idempotency token seen): the first reply again", route.source.route
            )
            return recorded
        if claim is Claim.RUNNING:
            log.info("%s: a retry while the first request runs: its reply", route.source.route)
            return self.store.wait(key, self.reply_deadline) or route.deadline_reply()
        reply = _FAILED
        try:
            reply = self._run(route, webhook)
        finally:
            self.store.record(key, reply)
        return reply

    def _run(self, route: Route, webhook: Webhook) -> Reply:
        """Run the flow in its own thread; its reply, or the deadline reply when it is late."""
        job = _Job(self, route, webhook)
        with self._lock:
            self._running.add(job)
        threading.Thread(target=job.run, name=f"flow {route.source.flow}", daemon=True).start()
        job.done.wait(self.reply_deadline)
        with job.lock:
            if job.done.is_set():
                return job.reply
            job.late = True
        log.warning(
            "flow '%s' (%s) is still running at the reply deadline (%g s): answered with its "
            "deadline reply; it goes on in the background",
            route.source.flow,
            route.source.route,
            self.reply_deadline,
        )
        return route.deadline_reply()

    def _finished(self, job: _Job) -> None:
        with self._lock:
            self._running.discard(job)

    def close(self, timeout: float = 30.0) -> None:
        """Wait up to ``timeout`` seconds for flows still running, then close the store;
        a flow still running then is logged by name."""
        ends = time.monotonic() + timeout
        with self._lock:
            jobs = list(self._running)
        for job in jobs:
            job.done.wait(max(0.0, ends - time.monotonic()))
        with self._lock:
            left = sorted(job.route.source.flow for job in self._running)
        if left:
            log.error("stopped with %d flow(s) still running: %s", len(left), ", ".join(left))
        self.store.close()


class _Job:
    """One run of a flow for one request."""

    def __init__(self, listener: Listener, route: Route, webhook: Webhook) -> None:
        self.listener = listener
        self.route = route
        self.webhook = webhook
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.late = False
        self.reply = _FAILED

    def run(self) -> None:
        source = self.route.source
        started = time.monotonic()
        failed = True
        try:
            payload = self.listener.flow_file.run(
                source.flow,
                payload=self.webhook.payload,
                attributes=self.webhook.attributes,
                configs=self.listener.configs,
            )
            reply = self.route.reply_for(payload)
            failed = False
        except ConnectorError as error:
            reply = _FAILED
            code = f" (Twilio code {error.code})" if error.code is not None else ""
            log.error(
                "flow '%s' (%s) failed: %s%s at %s",
                source.flow,
                source.route,
                error.type,
                code,
                error.where or source.where,
            )
            log.debug("flow '%s' failed: %s", source.flow, error.message)
        except Exception as error:
            reply = _FAILED
            log.error(
                "flow '%s' (%s) failed: an unexpected %s",
                source.flow,
                source.route,
                type(error).__name__,
                exc_info=log.isEnabledFor(logging.DEBUG),
            )
        with self.lock:
            self.reply = reply
            late = self.late
            if not late:
                self.done.set()
        if late and not failed:
            log.warning(
                "flow '%s' (%s), answered at the reply deadline, finished after %.1f s",
                source.flow,
                source.route,
                time.monotonic() - started,
            )
        self.listener._finished(self)
        self.done.set()


_REASONS = {
    200: "OK",
    204: "No Content",
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
}
