"""The console in a real headless browser (Debian's chromium and chromium-driver, driven by
selenium; .ci/install-test-tools installs them): messages appear live, statuses move with the
clock, the phone texts a flow served by ``twilio-connector listen``, and every control has a
label and the pages fit 400 px. One browser serves the whole module."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from emulator import Emulator
from tests.support.emulator_api import Api
from tests.support.paths import REPO_ROOT

WAIT = 10
SID = "AC" + "7" * 32
TOKEN = "console-token"
BOT = f"""\
configs:
  main: {{accountSid: {SID}, authToken: {TOKEN}, retry: {{maxAttempts: 1}}}}
flows:
  reply:
    source: {{twilio:on-incoming-message: {{path: /sms}}}}
    steps:
      - twilio:send-sms-message:
          {{from: "+15005550006", to: "#[payload.From]", body: "pong", target: sent}}
      - set-payload: {{value: "<Response><Message>You said #[payload.Body]</Message></Response>"}}
"""
UNLABELLED = """
return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML);
"""


def chrome() -> WebDriver:
    """Headless chromium through Debian's chromedriver (no driver download)."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument("--window-size=1200,900")
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = chrome()
    yield driver
    driver.quit()


def wait_until(browser: WebDriver, condition: str) -> None:
    """Wait until the JavaScript expression `condition` is true."""
    WebDriverWait(browser, WAIT).until(lambda d: d.execute_script(f"return !!({condition});"))


def row_text(browser: WebDriver, sid: str) -> str:
    text: str = browser.execute_script(
        "const r = document.getElementById(arguments[0]); return r ? r.innerText : '';", sid
    )
    return " ".join(text.split())


def status_of(browser: WebDriver, sid: str) -> str:
    """The status a record's row shows."""
    status: str = browser.execute_script(
        "const r = document.getElementById(arguments[0]);"
        "return r ? r.querySelector('.status').textContent.trim() : '';",
        sid,
    )
    return status


def test_messages_appear_live_and_move_with_the_clock(
    browser: WebDriver, emu: Emulator, api: Api
) -> None:
    browser.set_window_size(1200, 900)
    browser.get(f"{emu.url}/_console/messages")
    assert "No messages." in browser.find_element(By.ID, "live").text
    browser.execute_script("window.notReloaded = true;")
    sid = api.send(body="live one")["sid"]
    wait_until(browser, f"document.getElementById('{sid}')")
    assert "live one" in row_text(browser, sid)
    assert status_of(browser, sid) == "queued"
    # The clock moved by someone else (the admin endpoint): the page follows, still live.
    requests.post(f"{emu.url}/_emulator/clock", json={"advance": 1}, timeout=10)
    WebDriverWait(browser, WAIT).until(lambda d: status_of(d, sid) == "sending")
    assert browser.execute_script("return window.notReloaded === true;")
    # The console's own clock form: statuses move on to where the clock is.
    field = browser.find_element(By.ID, "advance-seconds")
    field.clear()
    field.send_keys("5")
    browser.find_element(By.XPATH, "//button[normalize-space()='Advance clock']").click()
    WebDriverWait(browser, WAIT).until(lambda d: status_of(d, sid) == "delivered")
    assert "delivered 2024-01-01 00:00:03" in row_text(browser, sid)
    assert browser.find_element(By.ID, "clock").text == "2024-01-01 00:00:06"


class Listening:
    """``twilio-connector listen FILE --emulator`` in a process of its own."""

    def __init__(self, path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWILIO_")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "listen", str(path), "--port", "0", "--emulator"],
            cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))

    def emulator_url(self) -> str:
        """The URL of the emulator it started."""
        while True:
            found = re.fullmatch(r"emulator on (\S+)", self.lines.get(timeout=60))
            if found:
                return found[1]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def listening(tmp_path: Path) -> Iterator[str]:
    """A listening bot and its emulator's URL."""
    path = tmp_path / "bot.yaml"
    path.write_text(BOT, encoding="utf-8")
    process = Listening(path)
    try:
        yield process.emulator_url()
    finally:
        process.stop()


def test_the_phone_texts_a_flow_served_by_listen(browser: WebDriver, listening: str) -> None:
    browser.set_window_size(1200, 900)
    browser.get(f"{listening}/_console/phone")
    Select(browser.find_element(By.ID, "text-to")).select_by_value("+15005550006")
    sender = browser.find_element(By.ID, "text-from")
    sender.clear()
    sender.send_keys("+14155550123")
    browser.find_element(By.ID, "text-body").send_keys("ping")
    browser.find_element(By.XPATH, "//button[normalize-space()='Send text']").click()
    result = WebDriverWait(browser, WAIT).until(lambda d: d.find_element(By.ID, "text-result"))
    shown = " ".join(result.text.split())
    assert "reply from +15005550006 to +14155550123: “You said ping”" in shown
    assert "<Message>You said ping</Message>" in shown
    assert "answered 200" in shown
    # The flow's own send went through the emulator: the messages view shows both.
    browser.find_element(By.LINK_TEXT, "Messages").click()
    wait_until(browser, "document.querySelectorAll('tr.message').length === 3")
    rows = [" ".join(r.text.split()) for r in browser.find_elements(By.CSS_SELECTOR, "tr.message")]
    assert any("outbound-api" in r and "pong" in r for r in rows), rows
    assert any("outbound-reply" in r and "You said ping" in r for r in rows), rows
    assert any("inbound" in r and "+14155550123 → +15005550006 ping" in r for r in rows), rows


@pytest.mark.parametrize("view", ["messages", "calls", "callbacks", "phone", "account"])
def test_every_control_has_a_label_and_the_page_fits_400_px(
    browser: WebDriver, emu: Emulator, api: Api, view: str
) -> None:
    api.send(to="+15005550011", body="a failure to show")
    api.post("/IncomingPhoneNumbers.json", AreaCode="415", SmsUrl="https://example.com/sms")
    browser.set_window_size(400, 800)
    browser.get(f"{emu.url}/_console/{view}")
    assert browser.execute_script(UNLABELLED) == []
    width = browser.execute_script("return window.innerWidth;")
    assert width <= 400
    assert browser.execute_script("return document.documentElement.scrollWidth;") <= width


def test_a_scheduled_message_is_canceled_from_its_row(
    browser: WebDriver, emu: Emulator, api: Api
) -> None:
    service = api.session.post(
        f"{emu.url}/v1/Services", data={"FriendlyName": "Reminders"}, timeout=10
    ).json()
    (number,) = api.get("/IncomingPhoneNumbers.json").json()["incoming_phone_numbers"]
    pooled = api.session.post(
        f"{emu.url}/v1/Services/{service['sid']}/PhoneNumbers",
        data={"PhoneNumberSid": number["sid"]},
        timeout=10,
    )
    assert pooled.status_code == 201, pooled.text
    scheduled = api.post(
        "/Messages.json",
        MessagingServiceSid=service["sid"],
        To="+14155550100",
        Body="see you at 7",
        SendAt="2024-01-01T01:00:00Z",
        ScheduleType="fixed",
    )
    assert scheduled.status_code == 201, scheduled.text
    sid = scheduled.json()["sid"]
    browser.set_window_size(1200, 900)
    browser.get(f"{emu.url}/_console/messages")
    assert status_of(browser, sid) == "scheduled"
    assert "sends at 2024-01-01 01:00:00" in row_text(browser, sid)
    assert f"via Reminders {service['sid']}" in row_text(browser, sid)
    browser.find_element(
        By.CSS_SELECTOR, f"button[aria-label='Cancel scheduled message {sid}']"
    ).click()
    WebDriverWait(browser, WAIT).until(lambda d: status_of(d, sid) == "canceled")
    assert api.get(f"/Messages/{sid}.json").json()["status"] == "canceled"
    assert not browser.find_elements(
        By.CSS_SELECTOR, f"button[aria-label='Cancel scheduled message {sid}']"
    )
