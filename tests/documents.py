"""The untouched demo's PDF and Word documents, each made once per test session.

A document of a demo plan takes a second or two to make (Word lays out the PDF as well,
for the page numbers of its contents), and many test modules read the same ones. Here
each is made the first time it is asked for, from the session's demo (the rows the `demo`
fixture copies into each test, tests/snapshots.py) restored in a transaction of its own
that is rolled back, and kept: it is the document any test of the untouched demo would
make. A test that changes the plans before it prints makes its own document, and so do
the tests of the download and the export command, whose making of the file is what they
test (WeasyPrint lays out an input it has laid out before only once: tests/layouts.py).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import translation

from tests.layouts import layouts_kept
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.reports.exports import plan_file


@dataclass(frozen=True)
class Variant:
    """A document of a demo plan: the plan, the format and the print options."""

    key: str
    format: str = "pdf"
    language: str = "da"
    statuses: bool = True
    with_follow_up: bool = False

    def make(self) -> bytes:
        # A Word document lays out the PDF of the same plan for its page numbers: laid out
        # once for both (tests/layouts.py).
        with layouts_kept(), translation.override(self.language):
            return plan_file(
                user=SYSTEM_ACTOR,
                key=self.key,
                format=self.format,
                statuses=self.statuses,
                with_follow_up=self.with_follow_up,
            ).content


class DemoDocuments:
    """The demo's documents made so far in the session, made when first asked for."""

    def __init__(self, load: Callable[[], Any], blocker: Any) -> None:
        self._load = load
        self._blocker = blocker
        self._made: dict[Variant, bytes] = {}
        self._open = False

    @contextmanager
    def untouched(self) -> Iterator[None]:
        """The demo as loaded, in a transaction that is rolled back on leaving: for a module's
        fixture to read what the documents should show. Not inside a test's own transaction,
        which may have changed the plans, and where the demo's rows may be copied already."""
        assert not connection.in_atomic_block, (
            "the untouched demo is for fixtures of a module or the session, before a test starts"
        )
        with self._blocker.unblock(), transaction.atomic():
            self._load()
            self._open = True
            try:
                yield
            finally:
                self._open = False
                transaction.set_rollback(True)

    def get(
        self,
        key: str,
        format: str = "pdf",
        *,
        language: str = "da",
        statuses: bool = True,
        with_follow_up: bool = False,
    ) -> bytes:
        """The demo plan's document, with these options, as the server makes it for anyone
        who may see the plan."""
        variant = Variant(key, format, language, statuses, with_follow_up)
        if variant not in self._made:
            if self._open:
                self._made[variant] = variant.make()
            else:
                with self.untouched():
                    self._made[variant] = variant.make()
        return self._made[variant]
