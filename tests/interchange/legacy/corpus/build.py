"""Write the corpus documents and their expected results from the plan sources.

    python -m tests.interchange.legacy.corpus            # (re)write every plan
    python -m tests.interchange.legacy.corpus NAME ...   # only these plans
    python -m tests.interchange.legacy.corpus --check    # exit 1 if anything is stale

(`make legacy-corpus` runs the first.) Each source in
tests/data/legacy/sources/ gives, in documents/<name>/, the expected
virkplan/1 result and the plan as text, Word, and PDF in one and in two
columns. corpus.json lists the plans, the files and the digest of the source
and of this generator they were written from; the accuracy script reads it,
and a test checks the digests, so a changed source or renderer without
written files fails.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .expected import expected_document
from .model import Plan
from .patterns import PATTERNS

CORPUS = Path(__file__).resolve().parents[3] / "data" / "legacy"
SOURCES = CORPUS / "sources"
DOCUMENTS = CORPUS / "documents"
INDEX = CORPUS / "corpus.json"
GENERATOR = Path(__file__).resolve().parent

FILES = {
    "text": "plan.txt",
    "word": "plan.docx",
    "pdf": "plan.pdf",
    "pdf-2col": "plan-2col.pdf",
}
"""Each format's file in a plan's folder; the accuracy script reports them in this order."""


def sources() -> list[Path]:
    return sorted(SOURCES.glob("[0-9][0-9]_*.py"))


def load(path: Path) -> Plan:
    """The PLAN a source file defines."""
    spec = importlib.util.spec_from_file_location(f"corpus_source_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    plan = module.PLAN
    assert isinstance(plan, Plan), f"{path.name} does not define PLAN"
    return plan


def digest(source: Path) -> str:
    """What the files were written from: the source and every generator module."""
    sha = hashlib.sha256(source.read_bytes())
    for module in sorted(GENERATOR.glob("*.py")):
        sha.update(module.name.encode())
        sha.update(module.read_bytes())
    return sha.hexdigest()


def renderers() -> dict[str, Callable[[Plan], bytes]]:
    from .pdf import pdf
    from .text import pdf_text, text_layer, web_copy, word_text
    from .word import docx

    def text(plan: Plan) -> bytes:
        if plan.origin == "web":
            return web_copy(plan)
        if plan.origin == "word":
            return word_text(plan)
        if plan.origin == "layer":
            return text_layer(plan)
        return pdf_text(pdf(plan))

    return {
        "text": text,
        "word": docx,
        "pdf": pdf,
        "pdf-2col": lambda plan: pdf(plan, columns=2),
    }


def expected_json(plan: Plan) -> bytes:
    return (json.dumps(expected_document(plan), ensure_ascii=False, indent=1) + "\n").encode()


def entry(path: Path, plan: Plan) -> dict[str, Any]:
    folder = f"documents/{plan.name}"
    return {
        "name": plan.name,
        "source": f"sources/{path.name}",
        "unit": plan.unit,
        "origin": plan.origin,
        "description": plan.description,
        "patterns": list(plan.patterns),
        "expected": f"{folder}/expected.json",
        "files": {kind: f"{folder}/{name}" for kind, name in FILES.items()},
        "digest": digest(path),
    }


def write(names: list[str] | None = None) -> None:
    index = read_index()
    by_name = {item["name"]: item for item in index.get("plans", [])}
    draw = renderers()
    plans = []
    for path in sources():
        plan = load(path)
        if names and plan.name not in names and path.stem not in names:
            if plan.name in by_name:
                plans.append(by_name[plan.name])
            continue
        folder = DOCUMENTS / plan.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "expected.json").write_bytes(expected_json(plan))
        for kind, name in FILES.items():
            (folder / name).write_bytes(draw[kind](plan))
        plans.append(entry(path, plan))
        print(f"wrote {plan.name}")
    INDEX.write_text(
        json.dumps({"patterns": PATTERNS, "plans": plans}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )


def read_index() -> dict[str, Any]:
    return json.loads(INDEX.read_text(encoding="utf-8")) if INDEX.exists() else {}


def stale() -> list[str]:
    """Why the written corpus does not match the sources and the generator, if it does not."""
    index = read_index()
    listed = {item["name"]: item for item in index.get("plans", [])}
    problems = []
    if index.get("patterns") != PATTERNS:
        problems.append("corpus.json: the pattern list differs from patterns.py")
    names = set()
    for path in sources():
        plan = load(path)
        names.add(plan.name)
        item = listed.get(plan.name)
        if item is None:
            problems.append(f"{plan.name}: not written")
        elif item != entry(path, plan):
            problems.append(f"{plan.name}: written from another version of its source or renderer")
        elif (CORPUS / item["expected"]).read_bytes() != expected_json(plan):
            problems.append(f"{plan.name}: expected.json differs from its source")
    problems.extend(f"{name}: no source" for name in sorted(set(listed) - names))
    return problems
