"""Configs are the connector's, and flows resolve theirs when they run: a config a flow can't
resolve is ``FLOW:CONFIG`` (a :class:`FlowConfigError`), one given to the connector directly
``TWILIO:CONFIG``; handlers may name either. An error from a step carries its ``where``."""

from __future__ import annotations

from typing import Any

import pytest

from connector import Config, ConfigError, ConnectivityError
from flows import FlowConfigError, run_file, validate_file
from flows.errors import error_data
from flows.steps import known_error_types

UNRESOLVED = """
configs:
  main:
    accountSid: ${env:FLOW_TEST_UNSET_SID}
    authToken: stand-in
flows:
  main:
    - twilio:get-account-details: {}
"""


def test_a_config_a_flow_cannot_resolve_is_flow_config(
    write_flow: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FLOW_TEST_UNSET_SID", raising=False)
    with pytest.raises(ConfigError) as caught:
        run_file(write_flow(UNRESOLVED))
    assert type(caught.value) is FlowConfigError
    assert caught.value.type == "FLOW:CONFIG"
    assert caught.value.message == (
        "config 'main': environment variable FLOW_TEST_UNSET_SID is not set"
    )


def test_a_config_given_to_the_connector_is_twilio_config() -> None:
    with pytest.raises(ConfigError) as caught:
        Config.load({"accountSid": "${env:FLOW_TEST_UNSET_SID}", "authToken": "x"}, environ={})
    assert type(caught.value) is ConfigError
    assert caught.value.type == "TWILIO:CONFIG"


def test_handlers_may_name_either_config_type(write_flow: Any) -> None:
    path = write_flow(
        """
        flows:
          main:
            - try:
                do:
                  - set-payload: {value: fine}
                on-error:
                  - on-error-continue:
                      type: FLOW:CONFIG, TWILIO:CONFIG
                      do:
                        - set-payload: {value: handled}
        """
    )
    assert validate_file(path) == []
    assert {"FLOW:CONFIG", "TWILIO:CONFIG"} <= set(known_error_types())


def test_a_connector_error_from_a_step_says_where(write_flow: Any, refused_port: int) -> None:
    path = write_flow(
        f"""
        configs:
          main:
            accountSid: AC{"0" * 32}
            authToken: stand-in
            baseUrl: http://127.0.0.1:{refused_port}
            retry: {{maxAttempts: 1}}
        flows:
          main:
            - set-payload: {{value: first}}
            - twilio:get-account-details: {{}}
        """
    )
    with pytest.raises(ConnectivityError) as caught:
        run_file(path)
    assert caught.value.where == f"{path}:10:7"
    assert caught.value.to_dict()["where"] == error_data(caught.value)["where"] == f"{path}:10:7"
