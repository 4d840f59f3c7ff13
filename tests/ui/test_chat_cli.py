"""``assistant chat`` before it starts the server (the browser tests start it for real)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.cli.chat import port_free, server_environment
from assistant.settings import Settings
from assistant.ui import access


def test_a_port_in_use_is_one_line_and_no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert not port_free("127.0.0.1", port)
        result = CliRunner().invoke(app, ["chat", "--port", str(port)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: port {port} on 127.0.0.1 is in use; choose another with --port"
    )


def test_a_host_that_is_not_an_address_is_one_line_not_port_in_use() -> None:
    result = CliRunner().invoke(app, ["chat", "--host", "999.1.1.1", "--port", "8765"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --host 999.1.1.1 is not an address (use e.g. 127.0.0.1)"


def test_an_app_root_without_config_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAINLIT_APP_ROOT", str(tmp_path))
    result = CliRunner().invoke(app, ["chat", "--port", "1"])
    assert result.exit_code == 2
    assert f"no .chainlit/config.toml in {tmp_path}" in result.output


def test_the_server_gets_absolute_folders_and_no_chainlit_switches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CI", "true")  # would make Chainlit set a fake OpenAI key
    settings = Settings()
    settings.corpus.dir = Path("my-articles")
    env = server_environment(settings, tmp_path / "root")
    assert "CI" not in env
    assert env["ASSISTANT_CORPUS_DIR"] == str(tmp_path / "my-articles")
    assert env["ASSISTANT_INDEX_DIR"] == str(tmp_path / "indexes" / "default")
    assert env["CHAINLIT_APP_ROOT"] == str(tmp_path / "root")


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_host_off_loopback_without_a_password_is_refused(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASSISTANT_UI_PASSWORD", raising=False)
    result = CliRunner().invoke(app, ["chat", "--host", host, "--port", "8765"])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"error: --host {host} lets other machines reach the chat; set ASSISTANT_UI_PASSWORD "
        "to the password it should ask for, or serve it on 127.0.0.1"
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_needs_no_password(host: str) -> None:
    assert access.start_problem(host, None) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "chat.lan"])
def test_other_hosts_need_a_password(host: str) -> None:
    assert access.start_problem(host, None) and not access.start_problem(host, "s3cret")
