"""What the tests share besides fixtures: real servers on loopback sockets, sample values, the
reference tables in tests/data, a client for the emulator and the paths of the repository.

The conftest.py files wrap these as fixtures; a test module may also import them directly
(``from tests.support.loopback import Reply``).
"""
