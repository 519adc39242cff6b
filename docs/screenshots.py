"""Regenerate the console's screenshots in docs/ (console-messages.png, console-call.png,
console-callbacks.png) from a scripted session on an emulator.

    .venv/bin/python docs/screenshots.py

It needs selenium (the dev extra) and Debian's chromium and chromium-driver (.ci/install-test-tools
installs them). An application server on loopback answers the emulator's webhooks with TwiML;
the clock is a ManualClock, so every run shows the same times.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from emulator import Emulator, ManualClock

DOCS = Path(__file__).resolve().parent
CUSTOMER = "+14155550100"
PAGES = {
    "/sms": "<Response><Message>Thanks! Your table for 2 is booked for 7 pm.</Message></Response>",
    "/voice": '<Response><Gather numDigits="1" action="/menu"><Say>Thanks for calling Trattoria. '
    "Press 1 for opening hours, 2 to leave a message.</Say></Gather></Response>",
    "/menu": "<Response><Say>Please leave a message after the tone.</Say>"
    '<Record maxLength="20" action="/goodbye"/></Response>',
    "/goodbye": "<Response><Say>Thank you, goodbye.</Say><Hangup/></Response>",
}
PHOTO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
    '<rect width="96" height="96" fill="#f4e3c1"/><circle cx="48" cy="52" r="30" fill="#e0a96d"/>'
    '<circle cx="40" cy="46" r="6" fill="#b3261e"/><circle cx="58" cy="58" r="6" fill="#b3261e"/>'
    '<circle cx="56" cy="40" r="5" fill="#146c2e"/></svg>'
)
"""The picture a customer texts (served by the application's server as /photo.svg)."""


def application(environ: dict[str, object], start_response: object) -> object:
    """The application's server: TwiML by path, 200 for status callbacks, 500 at /broken."""
    request = Request(environ)  # type: ignore[arg-type]
    if request.path == "/broken":
        response = Response("upstream timeout", status=500, content_type="text/plain")
    elif request.path == "/photo.svg":
        response = Response(PHOTO, content_type="image/svg+xml")
    elif request.path in PAGES:
        response = Response(PAGES[request.path], content_type="text/xml")
    else:
        response = Response("", status=204)
    return response(environ, start_response)  # type: ignore[arg-type]


def browser() -> webdriver.Chrome:
    """Headless chromium through Debian's chromedriver."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    options.add_argument("--hide-scrollbars")
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def shoot(
    driver: webdriver.Chrome, url: str, name: str, height: int = 1100, script: str = ""
) -> None:
    """A screenshot of the page at `url` after running `script`, as tall as its content (up
    to `height`)."""
    metrics = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.get(url)
    if script:
        driver.execute_script(script)
    tall = driver.execute_script("return document.documentElement.scrollHeight;")
    metrics["height"] = min(int(tall), height)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.save_screenshot(str(DOCS / name))
    print(f"wrote docs/{name}")


def main() -> None:
    """Play a short session on an emulator and screenshot the console's main views."""
    server = make_server("127.0.0.1", 0, application, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app = f"http://127.0.0.1:{server.port}"
    clock = ManualClock()
    with Emulator(clock=clock) as emu:
        account = emu.create_account(friendly_name="Trattoria")
        api = requests.Session()
        api.auth = (account.sid, account.auth_token)
        base = f"{emu.url}/2010-04-01/Accounts/{account.sid}"
        number = api.post(
            f"{base}/IncomingPhoneNumbers.json",
            data={"AreaCode": "415", "SmsUrl": f"{app}/sms", "VoiceUrl": f"{app}/voice"},
        ).json()["phone_number"]

        def send(to: str, body: str, callback: str) -> None:
            answer = api.post(
                f"{base}/Messages.json",
                data={"From": number, "To": to, "Body": body, "StatusCallback": callback},
            )
            answer.raise_for_status()

        send(CUSTOMER, "Reminder: your table for 2 is at 7 pm tonight.", f"{app}/status")
        clock.advance(2)
        send("+15005550011", "Your order is on its way.", f"{app}/broken")
        clock.advance(4)
        emu.inbound_message(
            from_=CUSTOMER,
            to=number,
            body="Can I book a table for 2 at 7? This one was great last time:",
            media_urls=[f"{app}/photo.svg"],
        )
        clock.advance(3)
        send("+14155550199", "Doors open at 6 pm.", f"{app}/status")
        service = api.post(
            f"{emu.url}/v1/Services", data={"FriendlyName": "Trattoria reminders"}
        ).json()["sid"]
        owned = api.get(f"{base}/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
        api.post(
            f"{emu.url}/v1/Services/{service}/PhoneNumbers",
            data={"PhoneNumberSid": next(n["sid"] for n in owned if n["phone_number"] == number)},
        ).raise_for_status()
        api.post(
            f"{base}/Messages.json",
            data={
                "MessagingServiceSid": service,
                "To": CUSTOMER,
                "Body": "Tomorrow's special: truffle risotto. Book at trattoria.example",
                "SendAt": "2024-01-02T09:00:00Z",
                "ScheduleType": "fixed",
            },
        ).raise_for_status()
        clock.advance(1)
        call = emu.inbound_call(from_="+14155550142", to=number, inputs=["2"])["call"]
        clock.advance(30)
        requests.get(f"{emu.url}/_console/messages", timeout=10)  # settles the life cycles
        while any(c["state"] == "pending" for c in emu.callbacks()):
            threading.Event().wait(0.1)
        driver = browser()
        try:
            shoot(driver, f"{emu.url}/_console/messages", "console-messages.png")
            shoot(driver, f"{emu.url}/_console/calls/{call['sid']}", "console-call.png", 1400)
            shoot(
                driver,
                f"{emu.url}/_console/callbacks",
                "console-callbacks.png",
                1400,
                "document.querySelectorAll('tr.failed details').forEach(d => d.open = true);",
            )
        finally:
            driver.quit()
    server.shutdown()


if __name__ == "__main__":
    main()
