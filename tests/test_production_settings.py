"""The production settings: a clean `check --deploy`, forms behind an HTTPS proxy, security
headers on every page, and no password-reset links in the log without a mail server."""

import json
import logging
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import PlanFactory

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = "plan.kommune.dk"


def _operations_env() -> dict[str, str]:
    """The environment docs/operations.md's "Production settings" gives, with a real key."""
    text = (ROOT / "docs/operations.md").read_text(encoding="utf-8")
    section = text.split("## Production settings", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    env = dict(line.split("=", 1) for line in block.strip().splitlines())
    env["SECRET_KEY"] = secrets.token_urlsafe(60)
    return env


def _run(env: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VIRKPLAN_", "DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_"))
        and key not in ("EMAIL_HOST", "DATABASE_URL")
    }
    clean.update(env)
    clean.update(
        PYTHONPATH=str(ROOT / "src"),
        VIRKPLAN_HOME=str(tmp_path),
        DJANGO_SETTINGS_MODULE="virkplan.settings",
    )
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path) -> None:
    result = _run(
        _operations_env(),
        "-m",
        "django",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in (
    "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "CSRF_TRUSTED_ORIGINS",
    "EMAIL_BACKEND", "VIRKPLAN_FOUR_EYES", "SESSION_COOKIE_AGE")}))
"""


def test_the_environment_sets_https_proxy_and_defaults(tmp_path) -> None:
    result = _run(_operations_env(), "-c", SHOW, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 31536000
    assert shown["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert shown["SECURE_HSTS_PRELOAD"] is True
    assert shown["CSRF_TRUSTED_ORIGINS"] == [f"https://{PUBLIC}"]
    # Production without EMAIL_HOST drops mail instead of printing it to the log.
    assert shown["EMAIL_BACKEND"] == "virkplan.core.mail.UnconfiguredEmailBackend"
    # Four eyes is on unless turned off; a session lasts 8 hours.
    assert shown["VIRKPLAN_FOUR_EYES"] is True
    assert shown["SESSION_COOKIE_AGE"] == 8 * 3600


CACHES = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({alias: [c["BACKEND"], c["LOCATION"]] for alias, c in settings.CACHES.items()}))
"""


def test_postgresql_connections_run_without_jit_unless_the_url_says_otherwise(tmp_path) -> None:
    """PostgreSQL's JIT costs a web page's short queries more than it saves."""
    show = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    env = _operations_env()
    url = "postgres://virkplan@db.internal:5432/virkplan"
    options = json.loads(_run({**env, "DATABASE_URL": url}, "-c", show, tmp_path=tmp_path).stdout)
    assert options["options"] == "-c jit=off"
    own = f"{url}?options=-c%20jit%3Don"
    options = json.loads(_run({**env, "DATABASE_URL": own}, "-c", show, tmp_path=tmp_path).stdout)
    assert options["options"] == "-c jit=on"


def test_the_cache_is_the_redis_the_environment_names(tmp_path) -> None:
    """Pages, the data version, plan files and the rate limits share the Redis that
    VIRKPLAN_CACHE_URL names; without it, pages are in each worker's memory, and the version
    and plan files in files all workers read."""
    redis = "redis://127.0.0.1:6379/1"
    env = _operations_env()
    shown = json.loads(
        _run({**env, "VIRKPLAN_CACHE_URL": redis}, "-c", CACHES, tmp_path=tmp_path).stdout
    )
    backend = "django.core.cache.backends.redis.RedisCache"
    assert shown == {
        "default": [backend, redis],
        "data_version": [backend, redis],
        "documents": [backend, redis],
    }
    shown = json.loads(_run(env, "-c", CACHES, tmp_path=tmp_path).stdout)
    assert shown["default"][0] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["data_version"] == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path / "var" / "cache"),
    ]
    assert shown["documents"] == [
        "django.core.cache.backends.filebased.FileBasedCache",
        str(tmp_path / "var" / "documents"),
    ]


@pytest.mark.django_db
def test_a_form_posted_through_an_https_proxy_on_another_host_is_accepted(settings) -> None:
    # Given the production settings for a proxy that ends HTTPS for plan.kommune.dk
    settings.ALLOWED_HOSTS = [PUBLIC]
    settings.CSRF_TRUSTED_ORIGINS = [f"https://{PUBLIC}"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    User.objects.create_user("enhedsleder", password="en-lang-adgangskode-2026")
    client = Client(enforce_csrf_checks=True)
    proxied = {"HTTP_HOST": PUBLIC, "HTTP_X_FORWARDED_PROTO": "https"}
    page = client.get(reverse("login"), **proxied)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    # When the sign-in form is posted through the proxy
    response = client.post(
        reverse("login"),
        {
            "csrfmiddlewaretoken": token[1],
            "username": "enhedsleder",
            "password": "en-lang-adgangskode-2026",
        },
        HTTP_ORIGIN=f"https://{PUBLIC}",
        HTTP_REFERER=f"https://{PUBLIC}/log-ind/",
        **proxied,
    )
    # Then it is accepted, not refused with 403
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_key_pages_send_the_security_headers(client) -> None:
    plan = PlanFactory()
    for url in (
        reverse("web:front"),
        reverse("login"),
        reverse("password_reset"),
        reverse("web:plan", args=[plan.key]),
        "/admin/login/",
        "/findes-ikke/",
    ):
        response = client.get(url)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert "camera=()" in response.headers.get("Permissions-Policy", ""), url


@pytest.mark.django_db
def test_without_a_mail_server_reset_links_never_reach_the_log(settings, client, caplog, capsys):
    settings.EMAIL_BACKEND = "virkplan.core.mail.UnconfiguredEmailBackend"
    User.objects.create_user("enhedsleder", email="leder@kommune.dk", password="x" * 12)

    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("password_reset"), {"email": "leder@kommune.dk"})

    assert response.status_code == 302
    printed = capsys.readouterr()
    logged = caplog.text + printed.out + printed.err
    assert "E-mail is not configured" in caplog.text
    assert "/nulstil/" not in logged
    assert "leder@kommune.dk" not in logged
