"""gunicorn's settings come from the environment, with defaults fit for production."""

import importlib
import multiprocessing
import os
import subprocess
import sys

import pytest

from virkplan import gunicorn_config

VARIABLES = (
    "VIRKPLAN_BIND",
    "VIRKPLAN_WORKERS",
    "WEB_CONCURRENCY",
    "VIRKPLAN_THREADS",
    "VIRKPLAN_WORKER_TIMEOUT",
    "VIRKPLAN_WORKER_MAX_REQUESTS",
    "VIRKPLAN_ACCESS_LOG",
)


@pytest.fixture
def config(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def load(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(gunicorn_config)

    yield load
    monkeypatch.undo()
    importlib.reload(gunicorn_config)


def test_defaults_are_two_sync_workers_a_core_and_one_more(config) -> None:
    settings = config()
    assert settings.workers == multiprocessing.cpu_count() * 2 + 1
    assert settings.worker_class == "sync"
    assert settings.timeout == 120
    assert settings.max_requests == 1000
    assert settings.max_requests_jitter == 100
    assert settings.bind == "127.0.0.1:8000"


def test_threads_make_the_workers_threaded(config) -> None:
    settings = config(VIRKPLAN_WORKERS="3", VIRKPLAN_THREADS="8", VIRKPLAN_BIND="0.0.0.0:9000")
    assert (settings.workers, settings.threads, settings.worker_class) == (3, 8, "gthread")
    assert settings.bind == "0.0.0.0:9000"


def test_the_platforms_web_concurrency_is_honoured_below_virkplans_own(config) -> None:
    assert config(WEB_CONCURRENCY="6").workers == 6
    assert config(WEB_CONCURRENCY="6", VIRKPLAN_WORKERS="4").workers == 4


@pytest.mark.parametrize("value", ["many", "0", "-2"])
def test_a_wrong_number_stops_the_server_with_the_variables_name(config, value) -> None:
    with pytest.raises(SystemExit, match="VIRKPLAN_WORKERS"):
        config(VIRKPLAN_WORKERS=value)


def test_gunicorn_accepts_the_configuration() -> None:
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:virkplan.gunicorn_config"]
    result = subprocess.run(
        [*gunicorn, "--print-config", "virkplan.wsgi"],
        capture_output=True,
        text=True,
        check=False,
        env={
            **{k: v for k, v in os.environ.items() if k not in VARIABLES},
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "plan.example.dk",
            "VIRKPLAN_WORKERS": "5",
            "VIRKPLAN_THREADS": "4",
        },
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split(" = ", 1) for line in result.stdout.splitlines() if " = " in line)
    printed = {name.strip(): value.strip() for name, value in pairs}
    chosen = (printed["workers"], printed["threads"], printed["worker_class"])
    assert chosen == ("5", "4", "gthread")
