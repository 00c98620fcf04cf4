"""Fifty people at once: readers and editors, as locust drives them.

Not run on its own: `benchmarks/bench_users.py` prepares the users and the
addresses (a JSON file named by VIRKPLAN_LOAD_TARGETS), starts the server and
runs locust with this file. Four in five simulated people read published
pages without signing in (front page, plans, status pages, goals); one in five
is an editor who signs in, opens a draft plan's editing page and saves one of
its goals again and again, each editor their own goals so that no two collide.
"""

import json
import os
import random
from html.parser import HTMLParser
from itertools import count
from typing import Any

from locust import HttpUser, between, task

TARGETS: dict[str, Any] = json.loads(
    open(os.environ["VIRKPLAN_LOAD_TARGETS"], encoding="utf-8").read()  # noqa: SIM115
)
_EDITORS = count()


class Reader(HttpUser):
    """Someone reading published plans without signing in."""

    weight = 4
    wait_time = between(1, 5)

    @task(1)
    def front_page(self) -> None:
        self.client.get("/", name="front page")

    @task(3)
    def plan_page(self) -> None:
        self.client.get(random.choice(TARGETS["plans"]), name="plan page")  # noqa: S311

    @task(1)
    def status_page(self) -> None:
        self.client.get(random.choice(TARGETS["status_pages"]), name="status page")  # noqa: S311

    @task(3)
    def goal_page(self) -> None:
        self.client.get(random.choice(TARGETS["goals"]), name="goal page")  # noqa: S311


class Editor(HttpUser):
    """An editor of one unit, working on its draft plan: reads it, saves goals."""

    weight = 1
    wait_time = between(2, 8)

    def on_start(self) -> None:
        editors = TARGETS["editors"]
        self.me = editors[next(_EDITORS) % len(editors)]
        page = self.client.get("/konto/log-ind/", name="sign-in form")
        answer = self.client.post(
            "/konto/log-ind/",
            {
                "username": self.me["username"],
                "password": self.me["password"],
                "csrfmiddlewaretoken": _fields(page.text, "").get("csrfmiddlewaretoken", ""),
            },
            headers={"Referer": self.client.base_url + "/konto/log-ind/"},
            name="sign in",
        )
        if "sessionid" not in self.client.cookies:
            answer.failure(f"{self.me['username']} was not signed in")

    @task(2)
    def edit_page(self) -> None:
        self.client.get(self.me["edit_page"], name="plan edit page")

    @task(1)
    def goal_page(self) -> None:
        self.client.get(f"/maal/{random.choice(self.me['goals'])}/", name="goal page, signed in")  # noqa: S311

    @task(2)
    def save_goal(self) -> None:
        key = random.choice(self.me["goals"])  # noqa: S311
        address = f"/maal/{key}/rediger/"
        form = self.client.get(address, name="goal form")
        fields = _fields(form.text, address)
        if "version" not in fields:
            form.failure("the goal form has no version")
            return
        fields["statement"] = f"Vi vil nå målet i tide, gennemgang {random.randint(1, 10**6)}."  # noqa: S311
        with self.client.post(
            address,
            fields,
            headers={"Referer": self.client.base_url + address},
            name="goal saved",
            allow_redirects=False,
            catch_response=True,
        ) as saved:
            if saved.status_code != 302:
                saved.failure(f"saving {key} answered {saved.status_code}")


class _Form(HTMLParser):
    """The values a browser would send from the page's form that posts to `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.fields: dict[str, str] = {}
        self._inside = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._inside = a.get("action", "") == self.action
        if not self._inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
            self.fields.setdefault(self._select or "", "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


def _fields(html: str, action: str) -> dict[str, str]:
    parser = _Form(action)
    parser.feed(html)
    parser.fields.pop("", None)
    return parser.fields
