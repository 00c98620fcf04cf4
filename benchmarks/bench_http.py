"""Benchmark: anonymous pages over real HTTP, side by side with the same bytes as a static file.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_http.py`); needs `wrk`
(`scripts/system-packages bench` installs it). It sets up the demo in a throw-away var
directory (SQLite, or DATABASE_URL), starts gunicorn with 2 workers as `make run` does, saves
each page's bytes as a static file that the same server serves (WhiteNoise), and then runs wrk
against the file and the page in turn, ROUNDS times, at each number of connections. It prints
a Markdown table for docs/performance.md: the median requests a second of each, and the page's
share of the file's.

    --cache-url redis://127.0.0.1:6379/15   the cache in Redis, as in production
    --seconds 5 --rounds 3                  how long each wrk run is, and how many runs
"""

import argparse
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from serving import HOST, run, site_environment

PAGES = [
    ("front page (the citizens' start page)", "/"),
    ("citizens' page, one department and year", "/planer/?afdeling=miljo-teknik&aar=2014"),
    ("plan page 2012–2013", "/plan/mtf-2012-2013/"),
    ("status page 2012–2013", "/plan/mtf-2012-2013/status/"),
    ("goal page", "/maal/mtf-2012-2013-g01/"),
]
CONNECTIONS = (4, 16)
BIN = Path(sys.executable).parent


def main() -> None:
    options = _options()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: scripts/system-packages bench installs it")
    var = Path(tempfile.mkdtemp(prefix="virkplan-bench-http-"))
    env = site_environment(var, cache_url=options.cache_url)
    run([str(BIN / "virkplan"), "migrate", "--noinput", "-v0"], env)
    run([str(BIN / "virkplan"), "load_demo"], env)
    run([str(BIN / "virkplan"), "collectstatic", "--noinput", "-v0"], env)
    site = f"http://{HOST}:{options.port}"
    # The pages' bytes as the server sends them, saved where WhiteNoise finds them at start.
    with _server(env, options.port):
        copies = {path: _fetch(site + path) for _name, path in PAGES}
    for index, (_name, path) in enumerate(PAGES):
        (var / "static" / f"bench-{index}.html").write_bytes(copies[path])
    rows = []
    with _server(env, options.port):
        for index, (name, path) in enumerate(PAGES):
            _check_anonymous(site + path)
            for connections in CONNECTIONS:
                static, page = [], []
                static_url = f"{site}/static/bench-{index}.html"
                for _round in range(options.rounds):
                    static.append(_wrk(static_url, connections, options))
                    page.append(_wrk(site + path, connections, options))
                    # Slow pages wrk gave up waiting for are still queued: let them finish.
                    _fetch(static_url)
                rows.append((name, connections, len(copies[path]), static, page))
    _print(rows, options)
    shutil.rmtree(var, ignore_errors=True)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-url", default="", help="VIRKPLAN_CACHE_URL for the server")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    return parser.parse_args()


class _server:
    """gunicorn as `make run` starts it, on its own port, until the block ends."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port

    def __enter__(self) -> None:
        command = [str(BIN / "gunicorn"), "virkplan.wsgi", "--bind", f"{HOST}:{self.port}"]
        command += ["--workers", "2", "--timeout", "120"]
        self.process = subprocess.Popen(command, env=self.env, stderr=subprocess.DEVNULL)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _fetch(f"http://{HOST}:{self.port}/")
                # Each worker loads its code on its first request: warm both.
                for _ in range(20):
                    _fetch(f"http://{HOST}:{self.port}/")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        return response.read()


def _check_anonymous(url: str) -> None:
    """The page is what an anonymous reader gets: no cookie, an ETag (from the cache)."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - our own server
        headers = response.headers
    if headers.get("Set-Cookie"):
        print(f"note: {url} sets a cookie", file=sys.stderr)


def _wrk(url: str, connections: int, options: argparse.Namespace) -> float:
    # A page drawn for every request (no cache) can take seconds under 16 connections.
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{options.seconds}s"]
    command += ["--timeout", "30s", url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    if "Non-2xx" in output or "Socket errors" in output:
        raise RuntimeError(f"wrk saw errors on {url}:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert match, output
    return float(match.group(1))


def _print(rows: list, options: argparse.Namespace) -> None:
    cache = "Redis" if options.cache_url else "local memory and a file"
    print(
        f"\ngunicorn, 2 workers; cache: {cache}; wrk -t2, {options.seconds} s a run, "
        f"median of {options.rounds} runs each, file and page alternating\n"
    )
    print("| page | connections | size | static file, req/s | page, req/s | page / file |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, connections, size, static, page in rows:
        file_rate, page_rate = statistics.median(static), statistics.median(page)
        print(
            f"| {name} | {connections} | {size / 1024:.0f} KiB | {file_rate:,.0f} | "
            f"{page_rate:,.0f} | {100 * page_rate / file_rate:.0f} % |"
        )


if __name__ == "__main__":
    main()
