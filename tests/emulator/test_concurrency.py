"""Concurrent requests: nothing lost, duplicated or mixed up."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from emulator import Account, Emulator
from tests.support.emulator_api import Api

THREADS, SENDS = 8, 50


def test_8_threads_x_50_sends(emu: Emulator, account: Account) -> None:
    def worker(thread: int) -> list[tuple[str, str, str]]:
        client = Api(emu.url, account.sid, account.auth_token)
        sent = []
        for i in range(SENDS):
            to = f"+1415555{thread:02d}{i:02d}"
            message = client.send(to=to, body=f"thread {thread} message {i}")
            assert (message["to"], message["body"]) == (to, f"thread {thread} message {i}")
            sent.append((message["sid"], to, message["body"]))
        return sent

    with ThreadPoolExecutor(THREADS) as pool:
        results = [m for batch in pool.map(worker, range(THREADS)) for m in batch]
    assert len(results) == THREADS * SENDS
    assert len({sid for sid, _, _ in results}) == THREADS * SENDS
    listed = (
        Api(emu.url, account.sid, account.auth_token)
        .get("/Messages.json", PageSize=1000)
        .json()["messages"]
    )
    assert len(listed) == THREADS * SENDS
    assert {(m["sid"], m["to"], m["body"]) for m in listed} == set(results)
    assert all(m["account_sid"] == account.sid for m in listed)


def test_concurrent_purchases_never_sell_a_number_twice(emu: Emulator, account: Account) -> None:
    def buy(_: int) -> str:
        response = Api(emu.url, account.sid, account.auth_token).post(
            "/IncomingPhoneNumbers.json", AreaCode="702"
        )
        assert response.status_code == 201, response.text
        return str(response.json()["phone_number"])

    with ThreadPoolExecutor(8) as pool:
        bought = list(pool.map(buy, range(24)))
    assert len(set(bought)) == 24
