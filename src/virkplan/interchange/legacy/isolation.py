"""Reading a plan document in a child process, with limits on its time and memory.

An uploaded file is hostile until it has been read: a few kilobytes can
unpack to gigabytes, or hold a page that takes minutes to lay out. So the
upload page and `virkplan import` do not read it themselves. They start a
fresh Python process (`python -m virkplan.interchange.legacy.isolation`),
send it the file, and get back the reading (the source lines and blocks) as
JSON. Before it reads anything, the child limits its own address space and
CPU time and turns off core dumps; the parent kills it at the wall-clock
limit. A child stopped by a limit becomes a refusal that says the document is
too large or too complex to read, and what to do.

A fresh process, rather than a fork, because it shares nothing with the web
worker: no database connection, no open files, none of its memory. It
answers in JSON, never pickle, so even a child subverted by a crafted file
cannot make the parent run code; and it starts without the database URL,
passwords or the secret key (it gets a throwaway one, as settings want one).

`reading_in_child` is one function, so a task queue's worker can read
uploads with the same code and the same limits.
"""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import secrets
import selectors
import subprocess
import sys
import time
import traceback
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .blocks import Block
from .services import Reading
from .source import BEYOND_ANY_PLAN, Line, Progress, ReadLimits, SourceDocument, UnreadableDocument

logger = logging.getLogger(__name__)

TOO_COMPLEX = _(
    "The document is too large or too complex to read: reading it may take at most "
    "%(seconds)s seconds and %(memory)s MB of memory. Split it into smaller files, or save it "
    "as a PDF or a text file, and upload it again."
)

LIMIT_EXIT = 3
"""The child's exit status when it ran out of memory or recursion depth while reading."""
START_EXIT = 4
"""The child's exit status when it could not start reading: most likely the memory limit
is too small for Python and the readers to load."""
_OUTPUT_ALLOWANCE = 64 * 2**20
"""The most the child may send back, beyond eight times the file's size."""
_SECRETS = ("DATABASE_URL", "SECRET_KEY_FILE", "PASSWORD", "SECRET", "TOKEN")
"""Environment variables the child does without: these names, and names containing them."""


@dataclass(frozen=True)
class Limits:
    """What a reading may take before it is stopped, and how much of a document is read."""

    seconds: int = 60
    """Wall-clock time from start to answer; also the child's CPU time."""
    memory_mb: int = 1024
    """The child's address space, the Python interpreter and libraries included."""
    read: ReadLimits = field(default_factory=ReadLimits)


def upload_limits() -> Limits:
    """The limits for the upload page, from settings (VIRKPLAN_IMPORT_*)."""
    return Limits(
        seconds=settings.VIRKPLAN_IMPORT_TIMEOUT,
        memory_mb=settings.VIRKPLAN_IMPORT_MEMORY_MB,
        read=ReadLimits(
            pages=settings.VIRKPLAN_IMPORT_MAX_PAGES,
            lines=settings.VIRKPLAN_IMPORT_MAX_LINES,
            page_characters=settings.VIRKPLAN_IMPORT_MAX_PAGE_CHARACTERS,
        ),
    )


COMMAND_LIMITS = Limits(seconds=30 * 60, memory_mb=2048, read=BEYOND_ANY_PLAN)
"""The limits of `virkplan import`, which an operator may raise with its options."""


class BeyondLimits(UnreadableDocument):
    """Reading the document went beyond a limit of time or memory."""


class ReadingFailed(RuntimeError):
    """The child failed for a reason that is not the document's (it could not start, or
    hit a bug); the message holds the end of what it wrote to its error output."""


def reading_in_child(
    data: bytes,
    name: str,
    *,
    unit: str,
    limits: Limits,
    progress: Progress | None = None,
) -> Reading:
    """Read the document in a child process within `limits`, as `reading_from_file` would.

    Raises UnreadableDocument when the document cannot be read (BeyondLimits when
    reading it went beyond a limit of time or memory); ReadingFailed when the child
    failed for another reason.
    """
    header = {
        "name": name,
        "unit": unit,
        "language": get_language() or settings.LANGUAGE_CODE,
        "seconds": limits.seconds,
        "memory_mb": limits.memory_mb,
        "read": asdict(limits.read),
    }
    process = subprocess.Popen(  # noqa: S603 (this interpreter, running this module)
        [sys.executable, "-m", __name__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_environment(),
    )
    started = time.monotonic()
    try:
        exchange = _Exchange(process, progress, max_output=_OUTPUT_ALLOWANCE + 8 * len(data))
        finished = exchange.run(
            json.dumps(header).encode() + b"\n" + data, deadline=started + limits.seconds
        )
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
    _log(exchange, name, time.monotonic() - started)
    return _outcome(process.returncode if finished else None, exchange, name, limits)


def _child_environment() -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not any(secret in key.upper() for secret in _SECRETS)
    }
    environment["SECRET_KEY"] = secrets.token_urlsafe(50)
    environment.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
    return environment


def _log(exchange: _Exchange, name: str, seconds: float) -> None:
    """Note how long the reading took and the child's peak memory, to tune the limits by."""
    answer = exchange.answer or {}
    if "peak_mib" in answer:
        what = "Read" if "reading" in answer else "Refused"
        peak = answer["peak_mib"]
        logger.info(
            "%s %r in %.1f s; the reader's peak memory was %s MiB", what, name, seconds, peak
        )


def _outcome(status: int | None, exchange: _Exchange, name: str, limits: Limits) -> Reading:
    """The reading, or the refusal, from how the child ended and what it sent."""
    answer = exchange.answer
    if status == 0 and answer is not None and "reading" in answer:
        return _reading_from_data(answer["reading"])
    if status == 0 and answer is not None and "refused" in answer:
        refused = answer["refused"]
        raise UnreadableDocument(refused["message"], errors=refused["errors"])
    if status is None or status < 0 or status == LIMIT_EXIT:
        how = exchange.stopped or f"ended with status {status}"
        logger.warning("Reading %r %s: %s", name, how, exchange.errors())
        message = TOO_COMPLEX % {"seconds": limits.seconds, "memory": limits.memory_mb}
        raise BeyondLimits(str(message))
    start = "could not start" if status == START_EXIT else f"ended with status {status}"
    raise ReadingFailed(
        f"Reading {name!r} {start}; is the memory limit ({limits.memory_mb} MB, "
        f"VIRKPLAN_IMPORT_MEMORY_MB) too small for Python and the readers? {exchange.errors()}"
    )


class _Exchange:
    """Sends the request to the child and collects its answer, its progress reports and
    the end of its error output, without blocking on any of the three pipes."""

    ERRORS_KEPT = 8192

    def __init__(
        self, process: subprocess.Popen[bytes], progress: Progress | None, *, max_output: int
    ):
        self.process = process
        self.progress = progress
        self.max_output = max_output
        self.received = 0
        self.line: list[bytes] = []
        """The pieces of the line being received (the answer is one long line)."""
        self.answer: dict[str, Any] | None = None
        self.error_tail = b""
        self.stopped = ""
        """Why the exchange was cut short, if it was."""

    def run(self, request: bytes, *, deadline: float) -> bool:
        """Whether the child ended in time (and within its output allowance)."""
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        assert process.stderr is not None
        os.set_blocking(process.stdin.fileno(), False)
        sent = 0
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdin, selectors.EVENT_WRITE)
            selector.register(process.stdout, selectors.EVENT_READ)
            selector.register(process.stderr, selectors.EVENT_READ)
            while selector.get_map():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self.stopped = "ran out of time"
                    return False
                for key, _events in selector.select(remaining):
                    if key.fileobj is process.stdin:
                        sent = self._send(selector, request, sent)
                    elif not self._receive(selector, key.fileobj):
                        return False
        try:
            process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            self.stopped = "ran out of time"
            return False
        return True

    def _send(self, selector: selectors.BaseSelector, request: bytes, sent: int) -> int:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            sent += os.write(stdin.fileno(), request[sent : sent + 2**16])
        except BrokenPipeError:
            sent = len(request)  # the child ended early; its status tells why
        if sent >= len(request):
            selector.unregister(stdin)
            stdin.close()
        return sent

    def _receive(self, selector: selectors.BaseSelector, pipe: Any) -> bool:
        """Take what the child wrote; False when it has written more than it may."""
        chunk = os.read(pipe.fileno(), 2**16)
        if not chunk:
            selector.unregister(pipe)
            pipe.close()
            return True
        if pipe is self.process.stderr:
            self.error_tail = (self.error_tail + chunk)[-self.ERRORS_KEPT :]
            return True
        self.received += len(chunk)
        if self.received > self.max_output:
            self.stopped = "sent too much"
            return False
        *ends, start = chunk.split(b"\n")
        for end in ends:
            try:
                message = json.loads(b"".join([*self.line, end]))
            except ValueError as error:
                raise ReadingFailed(f"The reader's answer is not JSON: {error}") from error
            self._message(message)
            self.line = []
        self.line.append(start)
        return True

    def _message(self, message: dict[str, Any]) -> None:
        if "progress" in message:
            if self.progress is not None:
                self.progress(*message["progress"])
        else:
            self.answer = message

    def errors(self) -> str:
        return self.error_tail.decode("utf-8", "replace").strip()


# --- serialising a reading --------------------------------------------------------------------


def reading_to_data(reading: Reading) -> dict[str, Any]:
    source = reading.source
    return {
        "name": source.name,
        "kind": source.kind,
        "lines": [astuple(line) for line in source.lines],
        "pages": source.pages,
        "encoding": source.encoding,
        "notes": source.notes,
        "blocks": [block.to_dict() for block in reading.blocks],
    }


def _reading_from_data(data: dict[str, Any]) -> Reading:
    source = SourceDocument(
        name=data["name"],
        kind=data["kind"],
        lines=[Line(*values) for values in data["lines"]],
        pages=data["pages"],
        encoding=data["encoding"],
        notes=data["notes"],
    )
    return Reading(source=source, blocks=[Block.from_dict(item) for item in data["blocks"]])


# --- the child ---------------------------------------------------------------------------------


def _limit_self(*, seconds: int, memory_mb: int) -> None:
    """Limit this process: its address space, its CPU time (SIGXCPU at the limit, SIGKILL
    a few seconds later), and no core file when a library gives up and aborts."""
    memory = memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _peak_mib() -> int | None:
    """This process's peak resident memory since it started (Linux), in MiB."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) // 1024 if found else None


class _Answers:
    """Where the child's answers go: the standard output it was started with. Anything
    else written there, by Python or a library, goes to the error output instead, so
    the parent reads nothing but answers."""

    def __init__(self) -> None:
        sys.stdout.flush()
        self.pipe = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
        sys.stdout = sys.stderr

    def send(self, message: dict[str, Any]) -> None:
        self.pipe.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
        self.pipe.flush()


def _child() -> int:
    answers = _Answers()
    header = json.loads(sys.stdin.buffer.readline())
    _limit_self(seconds=header["seconds"], memory_mb=header["memory_mb"])
    try:
        data = sys.stdin.buffer.read()
        import django

        django.setup()
        from django.utils import translation

        from .services import reading_from_file

        translation.activate(header["language"])
    except Exception:  # out of memory, or a library that cannot load: the reader cannot start
        traceback.print_exc()
        return START_EXIT
    try:
        reading = reading_from_file(
            data,
            header["name"],
            unit=header["unit"],
            progress=lambda done, total: answers.send({"progress": [done, total]}),
            limits=ReadLimits(**header["read"]),
        )
        answer = {"reading": reading_to_data(reading)}
    except UnreadableDocument as refused:
        answer = {"refused": {"message": refused.message, "errors": refused.errors}}
    except (MemoryError, RecursionError):
        return LIMIT_EXIT
    answers.send({**answer, "peak_mib": _peak_mib()})
    return 0


if __name__ == "__main__":
    sys.exit(_child())
