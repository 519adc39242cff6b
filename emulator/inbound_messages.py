"""An inbound text on demand, carried out as Twilio would.

The text is stored (direction ``inbound``), posted to the number's SmsUrl (its SmsFallbackUrl,
with ErrorCode and ErrorUrl, when that fails), and the TwiML answer is carried out:
``<Message>`` sends a reply, ``<Redirect>`` posts the same parameters to another URL; a
``text/plain`` answer is sent back as the reply's text. The answer is the message, its replies
and the transcript (see inbound.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from emulator.errors import invalid
from emulator.inbound import (
    Conversation,
    Next,
    Params,
    Step,
    find_line,
    inner_text,
    not_a_verb,
    record,
    required,
    send_message,
    stored,
)
from emulator.resources import messages
from emulator.sending import content_type
from emulator.store import Store, get
from emulator.wire import API_VERSION, is_url

__all__ = ["receive_message"]


def receive_message(
    store: Store, now: float, fields: Mapping[str, Any], media_urls: Iterable[str]
) -> dict[str, Any]:
    """A text from `From` to the owned number `To` (with `Body` and `media_urls`): stored,
    posted to the number's SmsUrl, its TwiML carried out. The message, its replies and the
    transcript."""
    sender, to = required(fields, "From"), required(fields, "To")
    body = str(fields.get("Body") or "")
    media = list(media_urls)
    if len(body) > messages.MAX_BODY:
        raise invalid(f"'Body' is longer than {messages.MAX_BODY} characters.")
    if not all(is_url(url) for url in media):
        raise invalid("Each 'MediaUrl' must be an absolute http(s) URL.")
    with store.transaction() as db:
        line = find_line(db, to, fields.get("AccountSid"), "sms")
        sid = messages.insert_message(
            db,
            {
                "account_sid": line.account_sid,
                "from_number": sender,
                "to_number": to,
                "body": body,
                "direction": "inbound",
                "status": "received",
                "date_created": now,
                "date_updated": now,
                "date_sent": now,
            },
            media,
        )
        message = get(db, "messages", sid)
        assert message is not None
    params: Params = [
        ("MessageSid", sid),
        ("SmsSid", sid),
        ("SmsMessageSid", sid),
        ("AccountSid", line.account_sid),
        ("From", sender),
        ("To", to),
        ("Body", body),
        ("NumMedia", str(len(media))),
        ("NumSegments", str(message["num_segments"])),
        ("SmsStatus", "received"),
        ("ApiVersion", API_VERSION),
    ]
    for index, url in enumerate(media):
        params += [(f"MediaUrl{index}", url), (f"MediaContentType{index}", content_type(url))]
    steps: list[Step] = []
    replies: list[str] = []
    conversation = Conversation(line, steps, messaging=True)
    following = Next(line.url, line.method) if line.url else None
    while following is not None:
        step = following.step
        if step is None:
            step = {}
            steps.append(step)
        asked = [*params, *following.extra]
        document = conversation.fetch(following.url, following.method, asked, step)
        if document is None:
            following = conversation.fallback(following)
            continue
        doc_url, following = following.url, None
        for verb in document:
            if verb.tag == "Message":
                with store.transaction() as db:
                    done = send_message(
                        db,
                        line,
                        verb,
                        sender=to,
                        to=sender,
                        direction="outbound-reply",
                        doc_url=doc_url,
                        now=now,
                    )
                replies.append(done["sid"])
                steps.append(done)
            elif verb.tag == "Redirect":
                redirect: Step = {"verb": "Redirect", "url": urljoin(doc_url, inner_text(verb))}
                steps.append(redirect)
                following = Next(redirect["url"], verb.get("method") or "POST", [], redirect)
                break
            else:
                steps.append({"verb": verb.tag, "error": not_a_verb(verb, "messaging")})
    record(store, conversation, "message", sid, now)
    with store.transaction() as db:
        return {
            "message": messages.render(stored(db, "messages", sid)),
            "replies": [messages.render(stored(db, "messages", reply)) for reply in replies],
            "transcript": steps,
        }
