"""The emulator's console: web pages, served by the emulator itself under ``/_console/``, to
watch and drive a local Twilio (messages, calls, callbacks, a phone, the account).

Pages are rendered on the server from the templates beside this module; the one small script
(static/console.js) only keeps the open page up to date by polling ``/_console/version``.
On loopback the console is open; any other client gives the Basic credentials of an account
(as for the API) and sees that account and its subaccounts.

pages.py has the read-only views and what every page shares; actions.py the forms (the phone,
the account, the clock, a reset); records.py reads the store; filters.py says what a list shows.
"""

from __future__ import annotations

from emulator.console import actions as actions  # registers the forms on `routes`
from emulator.console.pages import PREFIX, routes

__all__ = ["PREFIX", "routes"]
