"""The demo data set: Albertslund Kommune's Miljø & Teknik plans 2012–2013 and 2014."""

from importlib import resources
from typing import Any

from virkplan.interchange.services import ImportResult, document_import, parse_json
from virkplan.plans.models import Plan

DEMO_FILE = "albertslund-miljo-teknik-2014.json"


def demo_document() -> Any:
    """The demo plans as an interchange document."""
    return parse_json(resources.files("virkplan.demo").joinpath(DEMO_FILE).read_bytes())


def demo_load(*, force: bool = False) -> ImportResult | None:
    """Load the demo plans into an empty database; do nothing if plans exist (unless forced)."""
    if Plan.objects.exists() and not force:
        return None
    return document_import(document=demo_document(), replace=force)
