"""The console's pages over plain HTTP, no JavaScript: what each view shows, its permalinks and
raw JSON, the forms (numbers, clock, reset, the phone), and who may see what (open on loopback,
an account's credentials elsewhere)."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from werkzeug.test import Client

from emulator import Account, Emulator, ManualClock
from tests.emulator.webhook_app import WebhookApp
from tests.support.emulator_api import Api
from tests.support.paths import REPO_ROOT

CUSTOMER = "+14155550100"
ELSEWHERE = {"REMOTE_ADDR": "192.0.2.10"}
"""A client off loopback, as the WSGI server would describe it."""


INLINE = re.compile(r"</?(?:a|code|kbd|strong|small|span|time)\b[^>]*>")


def text(markup: str) -> str:
    """The page's text: tags dropped (inline ones without a space), entities decoded, spaces
    collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", INLINE.sub("", markup))).split())


def row(markup: str, sid: str) -> str:
    """The text of the table row of record `sid`."""
    found = re.search(rf'<tr id="{sid}".*?</tr>', markup, re.DOTALL)
    assert found, f"no row for {sid}"
    return text(found.group(0))


def page(emu: Emulator, path: str, **params: Any) -> str:
    response = requests.get(f"{emu.url}/_console{path}", params=params, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return response.text


def post(emu: Emulator, path: str, **form: str) -> requests.Response:
    return requests.post(f"{emu.url}/_console{path}", data=form, timeout=30, allow_redirects=False)


def test_messages_show_newest_first_with_status_history_on_the_clock(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    first = api.send(body="first <b>bold</b>")["sid"]
    clock.advance(1)
    failing = api.send(to="+15005550011", body="second")["sid"]
    clock.advance(5)
    listing = page(emu, "/messages")
    assert listing.index(failing) < listing.index(first)
    assert "first <b>" not in listing  # escaped, not markup
    assert row(listing, first) == (
        f"2024-01-01 00:00:00 outbound-api +15005550006 → {CUSTOMER} first <b>bold</b> delivered "
        "queued 2024-01-01 00:00:00 sending 2024-01-01 00:00:01 sent 2024-01-01 00:00:02 "
        f"delivered 2024-01-01 00:00:03 {first} JSON"
    )
    assert "failed 2024-01-01 00:00:03 error 30008: Unknown error" in row(listing, failing)
    assert "Open to loopback clients without credentials" in text(listing)


def test_a_message_has_a_permalink_and_its_raw_json(emu: Emulator, api: Api) -> None:
    sid = api.send(body="hello")["sid"]
    detail = text(page(emu, f"/messages/{sid}"))
    assert f"Message {sid}" in detail
    assert "Body hello" in detail
    raw = requests.get(f"{emu.url}/_console/messages/{sid}.json", timeout=10)
    assert raw.headers["Content-Type"] == "application/json; charset=utf-8"
    assert raw.json() == api.get(f"/Messages/{sid}.json").json()
    missing = requests.get(f"{emu.url}/_console/messages/SM{'0' * 32}", timeout=10)
    assert missing.status_code == 404


def test_filters_narrow_by_number_status_and_time(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    early = api.send(to="+14155550101", body="early")["sid"]
    clock.advance(60)
    late = api.send(to="+14155550102", body="late")["sid"]
    by_number = page(emu, "/messages", number="+14155550101")
    assert early in by_number
    assert late not in by_number
    by_status = page(emu, "/messages", status="delivered")
    assert early in by_status
    assert late not in by_status
    by_time = page(emu, "/messages", since="2024-01-01T00:00:30")
    assert late in by_time
    assert early not in by_time
    assert "No messages match these filters." in text(page(emu, "/messages", status="failed"))


def test_the_live_part_alone_and_a_version_that_moves_with_changes(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    version = requests.get(f"{emu.url}/_console/version", timeout=10).json()
    assert version["now"] == "2024-01-01 00:00:00"
    sid = api.send()["sid"]
    moved = requests.get(f"{emu.url}/_console/version", timeout=10).json()
    assert moved["version"] != version["version"]
    partial = page(emu, "/messages", partial="1")
    assert sid in partial
    assert "<html" not in partial
    assert "<nav" not in partial


def test_failed_callbacks_stand_out_with_their_answer_and_retries(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    broken = webhooks.serve("/broken", "oops", status=500)
    fine = webhooks.serve("/fine", "thanks", content_type="text/plain")
    sid = _send(api, StatusCallback=broken)
    other = _send(api, StatusCallback=fine)
    emu.clock.advance(5)
    webhooks.wait_for("/fine", 3)
    listed = _settled(emu, sid)
    rows = re.findall(r'<tr class="([^"]*)">(.*?)</tr>', listed, re.DOTALL)
    failed = [text(body) for cls, body in rows if cls == "failed"]
    assert failed, listed
    assert all(broken in body and "500" in body and "attempts" in body for body in failed)
    delivered = [text(body) for cls, body in rows if cls == "" and other in body]
    assert len(delivered) == 3
    assert all("thanks" in body and "delivered" in body for body in delivered)
    assert "X-Twilio-Signature" in delivered[0]


def _send(api: Api, **fields: str) -> str:
    response = api.post("/Messages.json", From="+15005550006", To=CUSTOMER, Body="b", **fields)
    assert response.status_code == 201, response.text
    sid: str = response.json()["sid"]
    return sid


def _settled(emu: Emulator, sid: str) -> str:
    """The callbacks page once every delivery about `sid` is final."""
    for _ in range(200):
        listed = page(emu, "/callbacks")
        states = [c["state"] for c in emu.callbacks(sid)]
        if states and "pending" not in states:
            return listed
        emu.clock.advance(0)
        requests.get(f"{emu.url}/_emulator/health", timeout=10)
    raise AssertionError(emu.callbacks(sid))


def test_a_callback_has_a_permalink_and_raw_json(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/status", "ok")
    api.post("/Messages.json", From="+15005550006", To=CUSTOMER, Body="a", StatusCallback=url)
    emu.clock.advance(1)
    webhooks.wait_for("/status", 1)
    (first, *_) = emu.callbacks()
    token = first["idempotency_token"]
    assert f"Callback {token}" in text(page(emu, f"/callbacks/{token}"))
    raw = requests.get(f"{emu.url}/_console/callbacks/{token}.json", timeout=10).json()
    assert raw["url"] == url
    assert raw["params"]["MessageStatus"] == "sending"


def test_an_inbound_call_shows_its_transcript_and_its_webhooks(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather numDigits="1" action="/menu"><Say>Press 1 for sales</Say></Gather>'
        "</Response>",
    )
    webhooks.serve("/menu", "<Response><Say>Connecting you to sales</Say><Hangup/></Response>")
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", VoiceUrl=voice).json()
    call = emu.inbound_call(from_=CUSTOMER, to=number["phone_number"], inputs=["1"])["call"]
    detail = text(page(emu, f"/calls/{call['sid']}"))
    assert "<Say> the caller heard: “Press 1 for sales”" in detail
    assert "<Gather> the caller pressed 1" in detail
    assert f"POST {webhooks.url}/menu answered 200" in detail
    assert "<Say> the caller heard: “Connecting you to sales”" in detail
    assert "ringing 2024-01-01 00:00:00 in-progress 2024-01-01 00:00:00 completed" in detail
    listing = page(emu, "/calls")
    assert f"{CUSTOMER} → {number['phone_number']} completed" in row(listing, call["sid"])
    hooks = text(page(emu, "/callbacks"))
    assert f"incoming-call POST {voice}" in hooks
    assert "<Response>" in hooks  # the TwiML answered, shown as text
    raw = requests.get(f"{emu.url}/_console/calls/{call['sid']}.json", timeout=10).json()
    assert raw == api.get(f"/Calls/{call['sid']}.json").json()


def test_a_recording_plays_from_the_call_page(emu: Emulator, api: Api) -> None:
    made = api.post(
        "/Calls.json", From="+15005550006", To=CUSTOMER, Url="https://example.com/t", Record="true"
    )
    sid = made.json()["sid"]
    emu.clock.advance(5)
    api.get("/Calls.json")  # settles the call
    detail = page(emu, f"/calls/{sid}")
    found = re.search(r'<audio controls preload="none" src="([^"]+)"', detail)
    assert found, detail
    audio = requests.get(emu.url + found.group(1), timeout=10)
    assert audio.headers["Content-Type"] == "audio/x-wav"
    assert audio.content[:4] == b"RIFF"


def test_the_phone_texts_a_number_and_shows_the_reply(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    sms = webhooks.serve("/sms", "<Response><Message>Got it</Message></Response>")
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", SmsUrl=sms).json()
    form = page(emu, "/phone")
    assert f'<option value="{number["phone_number"]}"' in form
    answer = post(emu, "/phone/message", To=number["phone_number"], From=CUSTOMER, Body="Hi")
    assert answer.status_code == 200, answer.text
    shown = text(answer.text)
    assert f"reply from {number['phone_number']} to {CUSTOMER}: “Got it”" in shown
    assert "<Message>Got it</Message>" in shown
    (request,) = webhooks.to("/sms")
    assert webhooks.is_signed(request)
    replies = api.get("/Messages.json", To=CUSTOMER).json()["messages"]
    assert [(m["direction"], m["body"]) for m in replies] == [("outbound-reply", "Got it")]


def test_the_account_page_edits_a_numbers_webhooks(emu: Emulator, api: Api) -> None:
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()
    assert number["phone_number"] in text(page(emu, "/account"))
    changed = post(
        emu, f"/numbers/{number['sid']}", SmsUrl="https://example.com/sms", SmsMethod="GET"
    )
    assert changed.status_code == 303
    fetched = api.get(f"/IncomingPhoneNumbers/{number['sid']}.json").json()
    assert (fetched["sms_url"], fetched["sms_method"]) == ("https://example.com/sms", "GET")
    refused = post(emu, f"/numbers/{number['sid']}", SmsUrl="not a url")
    assert refused.status_code == 400
    assert "Refused (20001): 'SmsUrl' must be an absolute http(s) URL." in text(refused.text)


def test_the_clock_advances_and_statuses_move(emu: Emulator, api: Api) -> None:
    sid = api.send()["sid"]
    moved = post(emu, "/clock", seconds="2", back="/_console/messages")
    assert (moved.status_code, moved.headers["Location"]) == (303, "/_console/messages")
    assert emu.clock.now().isoformat() == "2024-01-01T00:00:02+00:00"
    assert " sent " in f" {row(page(emu, '/messages'), sid)} "
    assert post(emu, "/clock", seconds="-1").status_code == 400
    assert post(emu, "/clock", seconds="soon").status_code == 400


def test_only_a_scheduled_message_cancels(emu: Emulator, api: Api) -> None:
    sid = api.send()["sid"]
    refused = post(emu, f"/messages/{sid}/cancel")
    assert refused.status_code == 400
    assert f"Message {sid} is queued: only a scheduled one cancels." in text(refused.text)
    assert api.get(f"/Messages/{sid}.json").json()["status"] == "queued"


def test_reset_clears_traffic_and_keeps_numbers(emu: Emulator, api: Api) -> None:
    api.send()
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415").json()
    assert post(emu, "/reset").status_code == 303
    assert api.get("/Messages.json").json()["messages"] == []
    assert api.get(f"/IncomingPhoneNumbers/{number['sid']}.json").status_code == 200


def test_forms_from_another_site_are_refused(emu: Emulator, api: Api) -> None:
    api.send()
    refused = requests.post(
        f"{emu.url}/_console/reset", headers={"Origin": "http://evil.example"}, timeout=10
    )
    assert refused.status_code == 403
    assert len(api.get("/Messages.json").json()["messages"]) == 1


def test_off_loopback_the_console_asks_for_an_accounts_credentials(
    emu: Emulator, api: Api, account: Account
) -> None:
    mine = api.send(body="mine")["sid"]
    sub = api.post("/../../Accounts.json", FriendlyName="Sub")
    assert sub.status_code == 201, sub.text
    sub_api = Api(emu.url, account.sid, account.auth_token, sub.json()["sid"])
    theirs = sub_api.send(body="sub's")["sid"]
    other = emu.create_account()
    other_api = Api(emu.url, other.sid, other.auth_token)
    foreign = other_api.send(body="foreign")["sid"]

    client = Client(emu.app)
    asked = client.get("/_console/messages", environ_base=ELSEWHERE)
    assert asked.status_code == 401
    assert asked.headers["WWW-Authenticate"] == 'Basic realm="Twilio API"'
    wrong = client.get("/_console/messages", environ_base=ELSEWHERE, auth=(account.sid, "no"))
    assert wrong.status_code == 401

    shown = client.get(
        "/_console/messages", environ_base=ELSEWHERE, auth=(account.sid, account.auth_token)
    )
    assert shown.status_code == 200
    body = shown.get_data(as_text=True)
    assert mine in body
    assert theirs in body
    assert foreign not in body
    assert f"Signed in as {account.sid}: this account and its subaccounts." in text(body)
    hidden = client.get(
        f"/_console/messages/{foreign}",
        environ_base=ELSEWHERE,
        auth=(account.sid, account.auth_token),
    )
    assert hidden.status_code == 404
    # The admin endpoints still answer loopback only.
    assert client.get("/_emulator/health", environ_base=ELSEWHERE).status_code == 403


def test_lists_come_in_pages_of_fifty_newest_first(emu: Emulator, api: Api) -> None:
    sids = [api.send(body=f"n{i}")["sid"] for i in range(51)]
    first = page(emu, "/messages", status="queued")
    assert first.count('class="permalink"') == 50
    assert sids[0] not in first
    older = re.search(r'<a href="\?([^"]+)" rel="next">Older', first)
    assert older, first
    assert html.unescape(older.group(1)) == "status=queued&page=1"
    second = page(emu, "/messages", status="queued", page="1")
    assert second.count('class="permalink"') == 1
    assert sids[0] in second
    assert 'rel="prev">← Newer' in second


def test_media_of_an_inbound_text_shows_as_thumbnails(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    sms = webhooks.serve("/sms")
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", SmsUrl=sms).json()
    sent = post(
        emu,
        "/phone/message",
        To=number["phone_number"],
        From=CUSTOMER,
        Body="look",
        MediaUrl="https://example.com/cat.jpg\nhttps://example.com/menu.pdf",
    )
    assert sent.status_code == 200, sent.text
    (message,) = api.get("/Messages.json").json()["messages"]
    assert message["num_media"] == "2"
    listing = page(emu, "/messages")
    assert f'<img src="https://example.com/cat.jpg" alt="media 1 of {message["sid"]}"' in listing
    assert '<a href="https://example.com/menu.pdf">media 2 (application/pdf)</a>' in listing


def test_the_emulator_command_prints_the_consoles_address() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "emulator", "--port", "0"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline().strip() for _ in range(5)]
        console = re.fullmatch(r"Console: +(http://127\.0\.0\.1:\d+/_console/)", lines[4])
        assert console, lines
        opened = requests.get(console[1], timeout=10)
        assert opened.url == console[1] + "messages"
        assert "<h1>Messages</h1>" in opened.text
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_the_phone_places_a_call_with_digits_and_speech(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather input="dtmf speech" action="/next"><Say>Say or press</Say></Gather>'
        "</Response>",
    )
    webhooks.serve("/next", '<Response><Gather input="speech" action="/done"/></Response>')
    webhooks.serve("/done", "<Response><Say>Bye</Say></Response>")
    number = api.post("/IncomingPhoneNumbers.json", AreaCode="415", VoiceUrl=voice).json()
    placed = post(
        emu,
        "/phone/call",
        To=number["phone_number"],
        From=CUSTOMER,
        Input="12#\nspeech: talk to sales\n",
    )
    assert placed.status_code == 200, placed.text
    shown = text(placed.text)
    assert "<Gather> the caller pressed 12" in shown
    assert "<Gather> the caller said “talk to sales”" in shown
    assert "<Say> the caller heard: “Bye”" in shown
    assert [dict(r.form)["SpeechResult"] for r in webhooks.to("/done")] == ["talk to sales"]
    (call,) = api.get("/Calls.json").json()["calls"]
    assert (call["direction"], call["status"]) == ("inbound", "completed")
    refused = post(emu, "/phone/call", To=number["phone_number"], From=CUSTOMER, Input="abc")
    assert refused.status_code == 400
    assert "is neither digits" in text(refused.text)


def test_the_account_page_lists_messaging_services_and_their_senders(
    emu: Emulator, api: Api
) -> None:
    service = api.session.post(
        f"{emu.url}/v1/Services",
        data={"FriendlyName": "Bakery alerts", "InboundRequestUrl": "https://example.com/in"},
        timeout=10,
    ).json()
    (number,) = api.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
    pooled = api.session.post(
        f"{emu.url}/v1/Services/{service['sid']}/PhoneNumbers",
        data={"PhoneNumberSid": number["sid"]},
        timeout=10,
    )
    assert pooled.status_code == 201, pooled.text
    shown = text(page(emu, "/account"))
    assert (
        f"Bakery alerts {service['sid']}: senders +15005550006; "
        "inbound to https://example.com/in" in shown
    )


def _scheduled(emu: Emulator, api: Api, **fields: str) -> tuple[str, str]:
    """A Messaging Service holding the account's number, and a message it schedules for
    01:00 (with `fields`): their SIDs."""
    service = api.session.post(
        f"{emu.url}/v1/Services", data={"FriendlyName": "Reminders"}, timeout=10
    ).json()["sid"]
    (number,) = api.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
    api.session.post(
        f"{emu.url}/v1/Services/{service}/PhoneNumbers",
        data={"PhoneNumberSid": number["sid"]},
        timeout=10,
    )
    sent = api.post(
        "/Messages.json",
        MessagingServiceSid=service,
        To=CUSTOMER,
        Body="see you at 7",
        SendAt="2024-01-01T01:00:00Z",
        ScheduleType="fixed",
        **fields,
    )
    assert sent.status_code == 201, sent.text
    return service, sent.json()["sid"]


def test_a_scheduled_message_shows_its_send_time_then_its_life_cycle_from_then(
    emu: Emulator, api: Api, clock: ManualClock
) -> None:
    service, sid = _scheduled(emu, api)
    shown = row(page(emu, "/messages"), sid)
    assert f"via Reminders {service}" in shown
    assert "scheduled sends at 2024-01-01 01:00:00 Cancel" in shown
    clock.advance(3600 + 10)
    assert row(page(emu, "/messages"), sid).endswith(
        "delivered scheduled 2024-01-01 00:00:00 accepted 2024-01-01 01:00:00 "
        "queued 2024-01-01 01:00:01 sending 2024-01-01 01:00:02 sent 2024-01-01 01:00:03 "
        f"delivered 2024-01-01 01:00:04 {sid} JSON"
    )


def test_cancelling_a_scheduled_message_tells_its_status_callback(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    url = webhooks.serve("/status", "ok")
    _, sid = _scheduled(emu, api, StatusCallback=url)
    canceled = post(emu, f"/messages/{sid}/cancel", back="/_console/messages")
    assert (canceled.status_code, canceled.headers["Location"]) == (303, "/_console/messages")
    assert api.get(f"/Messages/{sid}.json").json()["status"] == "canceled"
    (request,) = webhooks.wait_for("/status", 1)
    assert dict(request.form)["MessageStatus"] == "canceled"
    assert "canceled" in row(page(emu, "/messages"), sid)


def test_a_ringing_api_call_is_answered_from_its_page(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve(
        "/voice",
        '<Response><Gather numDigits="1" action="/ok"><Say>Press 1</Say></Gather></Response>',
    )
    webhooks.serve("/ok", "<Response><Say>Booked</Say></Response>")
    sid = api.post("/Calls.json", From="+15005550006", To=CUSTOMER, Url=voice).json()["sid"]
    shown = page(emu, f"/calls/{sid}")
    assert f'action="/_console/calls/{sid}/answer"' in shown
    assert voice in text(shown)

    answered = post(emu, f"/calls/{sid}/answer", Input="1\n")
    assert (answered.status_code, answered.headers["Location"]) == (303, f"/_console/calls/{sid}")
    shown = page(emu, f"/calls/{sid}")
    assert "<Gather> the callee pressed 1" in text(shown)
    assert "<Say> the callee heard: “Booked”" in text(shown)
    assert "/answer" not in shown  # answered: no form any more
    history = text(shown).split("Status history", 1)[1]
    assert history.index("queued") < history.index("in-progress") < history.index("completed")
    call = api.get(f"/Calls/{sid}.json").json()
    for status, field in (("in-progress", "start_time"), ("completed", "end_time")):
        at = parsedate_to_datetime(call[field]).strftime("%Y-%m-%d %H:%M:%S")
        assert f"{status} {at}" in history  # its own times, not the clock's timeline
    assert [dict(r.form)["Digits"] for r in webhooks.to("/ok")] == ["1"]

    refused = post(emu, f"/calls/{sid}/answer", Input="1")
    assert refused.status_code == 400
    assert "it can no longer be answered" in text(refused.text)
    assert post(emu, "/calls/CA" + "0" * 32 + "/answer").status_code == 404


def test_a_call_with_machine_detection_is_answered_by_the_machine_chosen(
    emu: Emulator, api: Api, webhooks: WebhookApp
) -> None:
    voice = webhooks.serve("/voice", "<Response><Say>Please call us back</Say></Response>")
    made = api.post(
        "/Calls.json", From="+15005550006", To=CUSTOMER, Url=voice, MachineDetection="Enable"
    ).json()
    shown = page(emu, f"/calls/{made['sid']}")
    assert 'name="AnsweredBy"' in shown
    assert "<option>machine_start</option>" in shown
    assert "machine_end_beep" not in shown  # DetectMessageEnd's finding, not Enable's

    answered = post(emu, f"/calls/{made['sid']}/answer", AnsweredBy="machine_start")
    assert answered.status_code == 303
    assert "Answered by machine_start" in text(page(emu, f"/calls/{made['sid']}"))
    assert dict(webhooks.to("/voice")[0].form)["AnsweredBy"] == "machine_start"
    plain = api.post("/Calls.json", From="+15005550006", To=CUSTOMER, Url=voice).json()
    assert 'name="AnsweredBy"' not in page(emu, f"/calls/{plain['sid']}")


def test_conferences_show_their_participants_and_queues_who_waits(
    emu: Emulator, api: Api, account: Account, clock: ManualClock
) -> None:
    assert "No conferences yet" in text(page(emu, "/conferences"))
    assert "No queues yet" in text(page(emu, "/queues"))
    add = "/Conferences/Standup/Participants.json"
    agent = api.post(add, From="+15005550006", To="+14155550101", Label="agent").json()
    caller = api.post(add, From="+15005550006", To="+14155550102", Muted="true").json()
    clock.advance(3)  # both answered: connected
    (queue,) = emu.seed({"queues": [{"friendly_name": "support", "members": [{}, {}]}]})["queues"]
    other = emu.create_account()
    Api(emu.url, other.sid, other.auth_token).post(
        "/Conferences/Elsewhere/Participants.json", From="+15005550006", To="+14155550103"
    )

    shown = text(page(emu, "/conferences"))
    assert "Standup in-progress" in shown
    rows = shown.split("Standup", 1)[1]
    assert f"{agent['call_sid']} +14155550101 agent connected" in rows
    assert f"{caller['call_sid']} +14155550102 connected muted" in rows
    assert rows.index(agent["call_sid"]) < rows.index(caller["call_sid"])  # in the order they came
    waiting = text(page(emu, "/queues"))
    assert f"support {queue} · 2 waiting of at most 100" in waiting
    members = api.get(f"/Queues/{queue}/Members.json").json()["queue_members"]
    first, second = (m["call_sid"] for m in members)
    assert waiting.index(f"1 {first}") < waiting.index(f"2 {second}")

    client = Client(emu.app)
    signed = client.get(
        "/_console/conferences", environ_base=ELSEWHERE, auth=(other.sid, other.auth_token)
    ).get_data(as_text=True)
    assert "Elsewhere" in signed
    assert "Standup" not in signed  # another account's, out of this viewer's scope
