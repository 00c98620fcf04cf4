"""The corpus of plans in other layouts (tests/data/legacy) is complete, current and readable.

These tests hold the corpus to what the accuracy script relies on: every
plan is written from its current source, its expected result is a valid
virkplan/1 document whose texts are really in each of its files, the plans
together reproduce every listed layout, and every file goes through the
readers and the parser. How well the importer reads them is measured by
`make import-accuracy`; the targets for the whole corpus are asserted here.
"""

from __future__ import annotations

import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest

from virkplan.interchange.legacy import accuracy, corpus
from virkplan.interchange.legacy.accuracy import Figures, compare
from virkplan.interchange.legacy.readers import source_from_bytes
from virkplan.interchange.legacy.services import document_from_blocks, reading_from_file
from virkplan.interchange.validation import schema_errors

from .corpus.build import CORPUS, FILES, stale
from .corpus.patterns import PATTERNS

MIN_PLANS = 15


@cache
def plans() -> list[dict[str, Any]]:
    return corpus.index(CORPUS)


def expected(plan: dict[str, Any]) -> dict[str, Any]:
    return json.loads((CORPUS / plan["expected"]).read_text(encoding="utf-8"))


def documents() -> list[Any]:
    return [
        pytest.param(plan, kind, id=f"{plan['name']}-{kind}") for plan in plans() for kind in FILES
    ]


def goals_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal and sub-goal of an interchange document."""
    stack = [
        goal for plan in document["plans"] for area in plan["focus_areas"] for goal in area["goals"]
    ]
    found = []
    while stack:
        goal = stack.pop()
        found.append(goal)
        stack += goal["goals"]
    return found


def texts_of(document: dict[str, Any]) -> list[str]:
    """Every goal statement, criterion and follow-up text of an interchange document."""
    return [
        text
        for goal in goals_of(document)
        for text in [
            goal["statement"],
            *(item["text"] for name in ("criteria", "follow_ups") for item in goal[name]),
        ]
    ]


def squash(text: str) -> str:
    """Text without spaces and hyphens, so wrapped and hyphenated lines compare equal."""
    return re.sub(r"[\s\-\u2010\u00ad]+", "", text)


def test_the_corpus_is_written_from_the_current_sources_and_renderers():
    # Given the sources and the generator; when their digests are compared with corpus.json
    problems = stale()
    # then nothing needs writing again (`make legacy-corpus` does it)
    assert problems == []


def test_the_corpus_has_enough_plans_and_covers_every_pattern():
    used = {pattern for plan in plans() for pattern in plan["patterns"]}
    assert len(plans()) >= MIN_PLANS
    assert used - set(PATTERNS) == set(), "plans name patterns that patterns.py does not list"
    assert set(PATTERNS) - used == set(), "patterns no plan reproduces"


def test_every_plan_has_all_formats_and_a_valid_expected_result():
    for plan in plans():
        assert set(plan["files"]) == set(FILES) == set(corpus.FORMATS)
        assert all((CORPUS / path).is_file() for path in plan["files"].values())
        document = expected(plan)
        assert schema_errors(document) == [], plan["name"]
        assert texts_of(document), f"{plan['name']} expects no goals"


def test_the_plans_are_written_in_several_ways():
    origins = {plan["origin"] for plan in plans()}
    assert origins == {"web", "print", "layer", "word"}


def file_text(path: Path) -> str:
    """The file's text in the order it was written: a PDF's content stream as pypdf reads
    it (each table cell whole), Word's and text files' lines as the readers read them."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return "".join(line.text for line in source_from_bytes(data, path.name).lines)


SPLIT_ROW_GAP = 300
"""Where a table row breaks over a column or a page, its text is interrupted (even inside a
hyphenated word) by the foot, the head and the repeated header row: not by more than this
many characters, and not more than SPLIT_ROW_BREAKS times in one text."""
SPLIT_ROW_BREAKS = 2
_ANCHOR = 6


def holds(content: str, text: str) -> bool:
    """The text is in the content, perhaps interrupted where a table row was split."""
    wanted = squash(text)
    start = content.find(wanted[:_ANCHOR])
    while start >= 0:
        if _holds_from(content, wanted, start):
            return True
        start = content.find(wanted[:_ANCHOR], start + 1)
    return False


def _holds_from(content: str, wanted: str, position: int) -> bool:
    breaks = done = 0
    while done < len(wanted):
        if content.startswith(wanted[done], position):
            done += 1
            position += 1
            continue
        resumed = content.find(wanted[done : done + _ANCHOR], position, position + SPLIT_ROW_GAP)
        breaks += 1
        if resumed < 0 or breaks > SPLIT_ROW_BREAKS:
            return False
        position = resumed
    return True


@pytest.mark.parametrize(("plan", "kind"), documents())
def test_every_expected_text_is_in_the_file(plan, kind):
    # Given a corpus file; when its text is taken out in the order it was written
    content = squash(file_text(CORPUS / plan["files"][kind]))
    # then every goal, criterion and follow-up it is expected to hold is in its text
    missing = [text for text in texts_of(expected(plan)) if not holds(content, text)]
    assert missing == []


@pytest.mark.parametrize(("plan", "kind"), documents())
def test_every_file_is_read_into_a_valid_document(plan, kind):
    # Given a corpus file; when it is read and parsed as `virkplan import` does
    path = CORPUS / plan["files"][kind]
    reading = reading_from_file(path.read_bytes(), path.name, unit=plan["unit"])
    document = document_from_blocks(reading.blocks, unit=plan["unit"])
    # then the result is a valid interchange document that can be measured
    assert schema_errors({k: v for k, v in document.items() if k != "provenance"}) == []
    figures = compare(expected(plan), document)
    assert figures.goals_found[1] == len(goals_of(expected(plan)))


def test_word_text_files_are_read_as_windows_1252():
    # Given the text files saved from Word, in Windows-1252 with Windows line ends
    for plan in plans():
        if plan["origin"] != "word":
            continue
        path = CORPUS / plan["files"]["text"]
        assert b"\r\n" in path.read_bytes()
        # when they are read, then the reader says which encoding it used
        source = source_from_bytes(path.read_bytes(), path.name)
        assert source.encoding == "cp1252", plan["name"]


def test_the_corpus_folder_is_where_the_accuracy_script_looks():
    assert Path(corpus.CORPUS).resolve() == CORPUS.resolve()


def test_the_accuracy_script_reports_every_chosen_plan_and_format(capsys):
    # Given the corpus; when the script measures one plan in two formats
    status = accuracy.main(["--plan", "08_forsyning", "--format", "text", "--format", "word"])
    printed = capsys.readouterr().out
    # then the reference comes first, then a table per measure with the plan and the totals
    assert printed.index("goals exact:            35 of 35") < printed.index("## Corpus")
    assert "## Corpus: 1 plans, 2 documents" in printed
    assert "| plan | text | word |" in printed
    assert re.search(r"\| 08_forsyning \| \d+/4( \(\+\d+\))? · \d+/12 · \d+/3 \| ", printed)
    assert "| in all plans | text | word | all formats |" in printed
    assert re.search(r"\| goals read exactly \| \d+ of 4 \(\d+ %\) \|", printed)
    # and it succeeds, as no share was required
    assert status == 0


def test_the_importer_meets_its_targets_on_the_whole_corpus_and_the_reference(capsys):
    # Given the whole corpus, every plan in every format; when the script measures it
    # asking for 95 % of goals read exactly and 90 % of paragraphs under the right goal
    status = accuracy.main(["--min-goals", "0.95", "--min-paragraphs", "0.90"])
    printed = capsys.readouterr().out
    # then the corpus meets both, and the reference plan is still read whole
    assert status == 0, printed[-2000:]
    assert "goals exact:            35 of 35" in printed
    assert "paragraphs placed right: 198 of 198" in printed


def measured(exact: int, placed: int) -> corpus.Measured:
    figures = Figures(goals_found=(10, 10), goals_exact=exact, paragraphs=10, placed_right=placed)
    return corpus.Measured(plan="p", format="text", figures=figures, seconds=0.0)


def test_the_required_shares_are_met_only_by_the_whole_corpus():
    results = [measured(10, 10), measured(8, 7)]
    assert corpus.meets(results, goals=None, paragraphs=None)
    assert corpus.meets(results, goals=0.9, paragraphs=0.85)
    assert not corpus.meets(results, goals=0.95, paragraphs=0.85)
    assert not corpus.meets(results, goals=0.9, paragraphs=0.9)


def test_a_file_the_readers_refuse_is_reported_and_counted_as_read_as_nothing(tmp_path):
    # Given a corpus whose only file is a damaged PDF
    plan = plans()[0]
    (tmp_path / "expected.json").write_text(json.dumps(expected(plan)), encoding="utf-8")
    (tmp_path / "plan.pdf").write_bytes(b"%PDF-1.7\n broken")
    entry = {**plan, "expected": "expected.json", "files": {"pdf": "plan.pdf"}}
    (tmp_path / "corpus.json").write_text(json.dumps({"plans": [entry]}), encoding="utf-8")
    # when it is measured
    [result] = corpus.measure(tmp_path, formats=("pdf",))
    # then the refusal is kept and every expected goal counts as not found
    assert "PDF" in result.error
    assert result.figures.goals_found == (0, len(goals_of(expected(plan))))
    assert "refused:" in "\n".join(corpus.details([result]))
    assert "- **!** " in "\n".join(corpus.tables([result]))


def test_a_listed_file_that_is_missing_is_reported_and_the_rest_measured(tmp_path):
    plan = plans()[0]
    (tmp_path / "expected.json").write_text(json.dumps(expected(plan)), encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes((CORPUS / plan["files"]["text"]).read_bytes())
    files = {"text": "plan.txt", "word": "gone.docx"}
    entry = {**plan, "expected": "expected.json", "files": files}
    (tmp_path / "corpus.json").write_text(json.dumps({"plans": [entry]}), encoding="utf-8")
    text, word = corpus.measure(tmp_path, formats=("text", "word"))
    assert text.error == ""
    assert word.error.startswith("not readable:")
