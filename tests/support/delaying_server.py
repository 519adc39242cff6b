"""A loopback HTTP/1.1 server that answers every request with the same JSON after a delay.

It runs on asyncio in a thread of its own with a deep listen backlog, so many clients may
connect at once and each waits only for the delay: what bounds a flow's throughput against it
is the flow's own concurrency. It counts requests and the most it ever had in flight.

With ``gather=N`` the first answers wait (up to 10 s) until N requests are in flight, so a
test can see N at once however busy the machine is.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

__all__ = ["DelayingServer"]


class DelayingServer:
    """``with DelayingServer(delay=0.05) as server: server.url``."""

    def __init__(self, delay: float, body: Any = None, status: int = 200, gather: int = 0) -> None:
        self.delay = delay
        self.gather = gather
        self._gathered: asyncio.Event | None = None
        self.body = json.dumps(body if body is not None else {}).encode()
        self.status = status
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DelayingServer:
        self._thread.start()
        assert self._ready.wait(10), "the delaying server did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._gathered = asyncio.Event()
        server = self._loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", 0, backlog=1024)
        )
        port = server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._ready.set()
        self._loop.run_forever()
        server.close()
        clients = asyncio.all_tasks(self._loop)
        for client in clients:
            client.cancel()
        self._loop.run_until_complete(asyncio.gather(*clients, return_exceptions=True))
        self._loop.close()

    async def _wait_for_company(self) -> None:
        assert self._gathered is not None
        if self.in_flight >= self.gather:
            self._gathered.set()
        if not self._gathered.is_set():
            try:
                await asyncio.wait_for(self._gathered.wait(), 10)
            except TimeoutError:
                self._gathered.set()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length:
                    await reader.readexactly(length)
                self.requests += 1
                self.in_flight += 1
                self.most_in_flight = max(self.most_in_flight, self.in_flight)
                await self._wait_for_company()
                await asyncio.sleep(self.delay)
                self.in_flight -= 1
                writer.write(
                    b"HTTP/1.1 %d OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (self.status, len(self.body), self.body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
