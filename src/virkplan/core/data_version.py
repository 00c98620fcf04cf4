"""The data version: one value that changes whenever data an anonymous page shows changes.

Whole pages for anonymous readers are cached under it (`web.caching`), so a
write makes every cached page old at once. The services that write what those
pages show are decorated with `atomic_write` (or call `data_changed` inside
their transaction); the version changes when the outermost transaction
commits, so a write that is rolled back changes nothing, and a reader never
caches a page under a version that a write committed after.

Where the version is kept, and why it is safe across workers:

- It lives in the cache called "data_version" (settings.CACHES). With Redis
  (VIRKPLAN_CACHE_URL) that is the same Redis every worker on every machine
  uses. Without Redis it is a file cache in the var directory, which every
  worker on the machine reads; the pages themselves may then sit in each
  worker's own memory, because a page is only used under the version it was
  made under. A version in each worker's own memory would not do: a write in
  one worker would leave the other workers serving old pages.
- Each change sets a new random value instead of adding one to a counter.
  Two workers that add one at the same time through a cache without an atomic
  increment (the file cache) could both write the same number, and the second
  write's change would stay hidden; a counter that is lost (Redis emptied or
  restarted, the file removed, a backup restored) could count up again to a
  number old pages are stored under. A random value never comes back, and a
  lost one is replaced by a new one, which only makes every page be drawn
  again.
- A reader reads the version before it reads the data, and a write sets the
  version after it commits: a page stored under a version therefore shows at
  least every write whose change had been made when the version was read.

There are two versions. `KEY` changes with every write; what any user may see
(plan files, which editors download from drafts too) is kept under it.
`PUBLIC_KEY` changes with every write except those that a service marks as
touching only plans no anonymous reader can see (`private_write`: editing a
draft's goals, say), so the pages kept for anonymous readers stay through a
day of drafting. A write not marked changes both: when in doubt, public.
"""

import secrets
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

CACHE = "data_version"
KEY = "virkplan:data-version"
PUBLIC_KEY = "virkplan:public-data-version"

P = ParamSpec("P")
R = TypeVar("R")


def current(version_key: str = KEY) -> str:
    """The version now (a new one when the cache has none, so nothing old is taken for it)."""
    cache = caches[CACHE]
    version = cache.get(version_key)
    if version is None:
        cache.add(version_key, _new(), timeout=None)
        version = cache.get(version_key)
    return str(version)


def current_and_entry(cache_name: str, key: str, *, version_key: str = KEY) -> tuple[str, Any]:
    """The version now and the entry `key` of the cache `cache_name`: one round trip when the
    same Redis holds both (a read of what is kept under a version needs both)."""
    if settings.CACHES[cache_name] == settings.CACHES[CACHE]:
        found = caches[cache_name].get_many([version_key, key])
        if version_key in found:
            return str(found[version_key]), found.get(key)
    return current(version_key), caches[cache_name].get(key)


@dataclass
class _Write:
    public: bool = True


_WRITE: ContextVar[_Write | None] = ContextVar("virkplan_data_write", default=None)


def private_write() -> None:
    """Say that the service running (under `atomic_write`) changes only plans that no
    anonymous reader can see: the pages kept for them stay valid."""
    write = _WRITE.get()
    if write is not None:
        write.public = False


def data_changed() -> None:
    """Say that this transaction changes what anonymous pages show: new versions once it
    commits (at once when there is no transaction, as after a restore)."""
    transaction.on_commit(_bump)


def atomic_write(function: Callable[P, R]) -> Callable[P, R]:
    """`transaction.atomic` for a write: new versions on commit, the public one too unless
    the service calls `private_write`."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        write = _Write()
        token = _WRITE.set(write)
        try:
            with transaction.atomic():
                result = function(*args, **kwargs)
                transaction.on_commit(_bump if write.public else _bump_private)
                return result
        finally:
            _WRITE.reset(token)

    return wrapper


def _bump() -> None:
    caches[CACHE].set_many({KEY: _new(), PUBLIC_KEY: _new()}, timeout=None)


def _bump_private() -> None:
    caches[CACHE].set(KEY, _new(), timeout=None)


def _new() -> str:
    return secrets.token_hex(8)
