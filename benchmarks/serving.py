"""What the benchmarks that start the site share: its environment, and running a command."""

import os
import secrets
import subprocess
from pathlib import Path

HOST = "127.0.0.1"


def site_environment(var: Path, *, cache_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production-like site in the throw-away folder `var`: no debug, a
    fresh secret key, served on HOST over plain HTTP; the cache in Redis when `cache_url` names
    one, else each worker's memory."""
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "VIRKPLAN_VAR_DIR": str(var),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "VIRKPLAN_SECURE_COOKIES": "0",
            "VIRKPLAN_DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            **extra,
        }
    )
    if cache_url:
        env["VIRKPLAN_CACHE_URL"] = cache_url
    else:
        env.pop("VIRKPLAN_CACHE_URL", None)
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a command of ours to its end, its output dropped; a failure stops the benchmark."""
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
