"""A real SMTP server in the test process (aiosmtpd), and a small municipality with its people."""

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

from virkplan.organisation.models import Role, RoleGrant, Unit, UnitKind
from virkplan.plans import services
from virkplan.plans.models import Plan


@dataclass
class Inbox:
    """What the SMTP server received: each message as it arrived, with its envelope's recipients."""

    messages: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    port: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for recipients, message in self.messages if address in recipients]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """An SMTP server on this machine that keeps what it receives; Django sends to it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.port = controller.port
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@dataclass
class Town:
    """Albertslund > Miljø & Teknik (with Forsyning under it) and Kultur beside it, its people,
    and a draft plan of Miljø & Teknik."""

    units: dict[str, Unit]
    people: dict[str, User]
    plan: Plan


# who: (role, unit key, e-mail)
PEOPLE = {
    "approver": (Role.APPROVER, "miljo-teknik", "leder@albertslund.dk"),
    "editor": (Role.EDITOR, "miljo-teknik", "skriver@albertslund.dk"),
    "unit editor": (Role.EDITOR, "forsyning", "forsyning@albertslund.dk"),
    "culture editor": (Role.EDITOR, "kultur", "kultur@albertslund.dk"),
    "culture approver": (Role.APPROVER, "kultur", "kulturchef@albertslund.dk"),
    "reader": (Role.READER, "albertslund", "laeser@albertslund.dk"),
    "administrator": (Role.ADMINISTRATOR, "albertslund", "admin@albertslund.dk"),
}


def build_town() -> Town:
    top = Unit.objects.create(
        key="albertslund", name="Albertslund Kommune", kind=UnitKind.MUNICIPALITY
    )
    department = Unit.objects.create(
        key="miljo-teknik", name="Miljø & Teknik", kind=UnitKind.DEPARTMENT, parent=top
    )
    units = {
        "albertslund": top,
        "miljo-teknik": department,
        "forsyning": Unit.objects.create(
            key="forsyning", name="Forsyning", kind=UnitKind.UNIT, parent=department
        ),
        "kultur": Unit.objects.create(
            key="kultur", name="Kultur", kind=UnitKind.DEPARTMENT, parent=top
        ),
    }
    people = {}
    for who, (role, unit_key, address) in PEOPLE.items():
        first, _, last = who.title().partition(" ")
        user = User.objects.create_user(
            username=who.replace(" ", "-"),
            password="x",
            email=address,
            first_name=first,
            last_name=last,
        )
        RoleGrant.objects.create(user=user, unit=units[unit_key], role=role)
        people[who] = user
    plan = services.plan_create(
        user=people["editor"],
        unit=department,
        title="Virksomhedsplan 2026",
        start_year=2026,
        end_year=2026,
    )
    return Town(units=units, people=people, plan=plan)


@pytest.fixture
def town(db) -> Town:
    return build_town()
