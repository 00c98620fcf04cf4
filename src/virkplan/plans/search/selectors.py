"""Answering a search: the rows the reader may see that match, best first, a page at a time,
each with a snippet of its text in which the matching words are marked.

Both databases match by the same rules (search.text); each ranks with its own
measure (PostgreSQL's `ts_rank`, SQLite's `bm25`), the title weighing more than
the text. More than MAX_HITS matches are not ranked but shown newest first (see
_CappedPaginator). The snippet is made by the database on PostgreSQL (`ts_headline`)
and by `text.highlight` on SQLite. Either way the text is escaped before the
marks go in, so nothing a user typed becomes HTML.
"""

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Max, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import Actor
from virkplan.organisation.selectors import unit_subtree_ids

from ..models import Goal, Plan
from ..selectors import plans_visible_to
from . import text
from .models import SearchDocument, SearchKind

PAGE_SIZE = 20
MAX_HITS = 1000
MAX_QUERY_LENGTH = 200
# Around the marked words of a snippet; the marks themselves are put in after escaping.
_START, _STOP = "\x02", "\x03"
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, ShortWord=2, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to: the plans of a year, of a unit and those under it, one
    kind of thing."""

    year: int | None = None
    unit: Unit | None = None
    kind: str = ""


@dataclass
class SearchHit:
    document: SearchDocument
    plan: Plan
    snippet: SafeString
    goal_statement: str = ""

    @property
    def kind_label(self) -> str:
        return str(SearchKind(self.document.kind).label)


@dataclass
class SearchResults:
    query: str
    searched: bool
    """Whether the query had words to search for (not only stop words or signs)."""
    page: Page | None = None
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False
    """Whether more than MAX_HITS match (the page counts and pages through that many)."""


def search(
    *, user: Actor | None, query: str, filters: SearchFilters, page_number: Any = 1
) -> SearchResults:
    """The page `page_number` of what the user may see that matches every word of `query`,
    best first; at most MAX_HITS of them are counted and paged through."""
    query = query.strip()[:MAX_QUERY_LENGTH]
    terms = text.query_terms(query)
    if not terms:
        return SearchResults(query=query, searched=False)
    documents = _filtered(
        SearchDocument.objects.filter(plan__in=plans_visible_to(user=user)), filters
    )
    if connection.vendor == "postgresql":
        matching = _matching_postgresql(documents, terms)
    else:
        matching = _matching_sqlite(documents, terms)
    if matching is None:
        return SearchResults(query=query, searched=False)
    # The ranking reads only ids; the page's rows, with plan and unit, come in a query of
    # their own, so the many rows a common word matches are not joined and carried along.
    paginator = _CappedPaginator(matching.values_list("pk", flat=True), PAGE_SIZE)
    page = paginator.get_page(page_number)
    ids = list(page.object_list)
    rows = (
        SearchDocument.objects.filter(pk__in=ids)
        .select_related("plan__unit")
        .defer("variants", "title_stems", "body_stems")
        .in_bulk()
    )
    found = [rows[pk] for pk in ids if pk in rows]
    snippets = (
        _snippets_postgresql(found, matching.tsquery)  # type: ignore[attr-defined]
        if connection.vendor == "postgresql"
        else {}
    )
    for row in found:
        # A row found through another spelling of its words (see text.variants), which
        # PostgreSQL's headline does not know of, is marked the way SQLite's are.
        if _START not in snippets.get(row.pk, ""):
            snippets[row.pk] = _snippet_python(row, terms)
    statements = dict(
        Goal.objects.filter(
            key__in={row.goal_key for row in found if row.kind != SearchKind.GOAL}
        ).values_list("key", "statement")
    )
    hits = [
        SearchHit(
            document=row,
            plan=row.plan,
            snippet=_marked(snippets[row.pk]),
            goal_statement=statements.get(row.goal_key, ""),
        )
        for row in found
    ]
    return SearchResults(query=query, searched=True, page=page, hits=hits, more=paginator.more)


class _CappedPaginator(Paginator):
    """Counts at most MAX_HITS: a word found in a hundred thousand rows is counted in the
    time a thousand take, and nobody pages past the thousandth hit.

    When more match, they come newest first (the rows written last) instead of best
    first: ranking means reading every row that matches, tens of thousands for a word
    found in every plan, where the newest are found by walking the table's index
    backwards until a page is full. The page says so; more words or a filter bring the
    ranking back.
    """

    def __init__(self, queryset: QuerySet, per_page: int) -> None:
        super().__init__(queryset, per_page)
        self.queryset = queryset
        self.more = False

    @cached_property
    def count(self) -> int:
        found = self.queryset.order_by()[: MAX_HITS + 1].count()
        self.more = found > MAX_HITS
        if self.more:
            self.object_list = self.queryset.order_by("-pk")
        return min(found, MAX_HITS)


def search_years(*, user: Actor | None) -> list[int]:
    """The years the plans the user may see cover, newest first (the search's year filter)."""
    span = (
        plans_visible_to(user=user)
        .select_related(None)
        .aggregate(first=Min("start_year"), last=Max("end_year"))
    )
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))


def _filtered(documents: QuerySet[SearchDocument], filters: SearchFilters) -> QuerySet:
    if filters.year is not None:
        documents = documents.filter(
            plan__start_year__lte=filters.year, plan__end_year__gte=filters.year
        )
    if filters.unit is not None:
        documents = documents.filter(plan__unit_id__in=unit_subtree_ids(unit_id=filters.unit.pk))
    if filters.kind:
        documents = documents.filter(kind=filters.kind)
    return documents


# PostgreSQL --------------------------------------------------------------------------------


def _matching_postgresql(documents: QuerySet, terms: list[text.Term]) -> QuerySet | None:
    """The terms made into tsqueries first, in queries of their own, so that the main query
    compares with constants instead of building them again for every row.

    A term matches its spellings, or one of its splits that some row has both halves of
    (most splits of a word are not words: asking for them all made a slow query). The
    ranking counts the terms' spellings only, so that the words themselves weigh more
    than a compound's halves, and ranking the many rows a common word matches stays cheap.
    """
    params: list[str] = []
    words = [
        "(" + " || ".join(_word_sql(spelling, params) for spelling in term.spellings) + ")"
        for term in terms
    ]
    splits = [
        f"({_word_sql(head, params, prefix=False)} && {_word_sql(tail, params, prefix=False)})"
        for term in terms
        for head, tail in term.splits
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ARRAY[{}]::text[], ARRAY[{}]::text[]".format(
                ", ".join(words), ", ".join(splits)
            ),
            params,
        )
        word_queries, split_queries = cursor.fetchone()
        found_splits = _splits_found(cursor, split_queries)
    parts, at = [], 0
    for term, word_query in zip(terms, word_queries, strict=True):
        options = [word_query] if word_query else []
        for split_query in split_queries[at : at + len(term.splits)]:
            if split_query in found_splits:
                options.append(split_query)
        at += len(term.splits)
        if options:
            parts.append("(" + " | ".join(f"( {option} )" for option in options) + ")")
    if not parts:
        return None
    tsquery = " & ".join(parts)
    ranking = " | ".join(f"( {query} )" for query in word_queries if query) or tsquery
    matching = (
        documents.extra(where=["plans_searchdocument.vector @@ %s::tsquery"], params=[tsquery])
        .annotate(score=RawSQL("ts_rank(plans_searchdocument.vector, %s::tsquery)", [ranking]))
        .order_by("-score", "plan_id", "position")
    )
    matching.tsquery = tsquery  # type: ignore[attr-defined]
    return matching


def _splits_found(cursor: Any, queries: list[str]) -> set[str]:
    """Those of the tsqueries that some row matches, asked in one query (each a constant, so
    the planner sees how rare its words are)."""
    queries = sorted({query for query in queries if query})
    if not queries:
        return set()
    probe = "EXISTS (SELECT 1 FROM plans_searchdocument WHERE vector @@ %s::tsquery)"
    cursor.execute("SELECT ARRAY[{}]".format(", ".join([probe] * len(queries))), queries)
    return {query for query, found in zip(queries, cursor.fetchone()[0], strict=True) if found}


def _word_sql(word: str, params: list[str], *, prefix: bool = True) -> str:
    """A word's tsquery: its stem, or (see text.matches) a stem starting with the word."""
    params.append(word)
    if not (prefix and text.prefix_matches(word)):
        return "to_tsquery('danish', %s)"
    params.append(f"{word}:*")
    return "(to_tsquery('danish', %s) || to_tsquery('simple', %s))"


def _snippets_postgresql(found: list[SearchDocument], tsquery: str) -> dict[int, str]:
    if not found:
        return {}
    headline = "ts_headline('danish', plans_searchdocument.{}, %s::tsquery, %s)"
    params = [tsquery, _HEADLINE_OPTIONS]
    rows = (
        SearchDocument.objects.filter(pk__in=[row.pk for row in found])
        .order_by()
        .values_list(
            "pk",
            RawSQL(headline.format("title"), params),  # noqa: S611 - fixed SQL
            RawSQL(headline.format("body"), params),  # noqa: S611 - fixed SQL
        )
    )
    return {pk: body if _START in body or not title else title for pk, title, body in rows}


def _marked(headline: str) -> SafeString:
    """The headline escaped, its selection marks turned into <mark> elements."""
    out: list[str] = []
    open_mark = False
    for piece in _split_marks(headline):
        if piece == _START and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif piece == _STOP and open_mark:
            out.append("</mark>")
            open_mark = False
        elif piece not in (_START, _STOP):
            out.append(escape(piece))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out))


def _split_marks(headline: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in headline:
        if char in (_START, _STOP):
            pieces.extend([current, char])
            current = ""
        else:
            current += char
    pieces.append(current)
    return [piece for piece in pieces if piece]


# SQLite ------------------------------------------------------------------------------------


def _matching_sqlite(documents: QuerySet, terms: list[text.Term]) -> QuerySet | None:
    """As on PostgreSQL: each term's spellings, or those of its splits some row has."""
    split_matches = [
        f"{_word_fts(head, prefix=False)} AND {_word_fts(tail, prefix=False)}"
        for term in terms
        for head, tail in term.splits
    ]
    found = _splits_found_sqlite(split_matches)
    parts, at = [], 0
    for term in terms:
        options = [_word_fts(spelling) for spelling in term.spellings]
        options += [m for m in split_matches[at : at + len(term.splits)] if m in found]
        at += len(term.splits)
        parts.append("(" + " OR ".join(f"({option})" for option in options) + ")")
    return (
        documents.extra(
            tables=["plans_searchdocument_fts"],
            where=[
                "plans_searchdocument_fts.rowid = plans_searchdocument.id",
                "plans_searchdocument_fts MATCH %s",
            ],
            params=[" AND ".join(parts)],
        )
        .annotate(score=RawSQL("bm25(plans_searchdocument_fts, 4.0, 1.0)", []))
        .order_by("score", "plan_id", "position")
    )


def _splits_found_sqlite(matches: list[str]) -> set[str]:
    matches = sorted(set(matches))
    if not matches:
        return set()
    probe = (
        "EXISTS (SELECT 1 FROM plans_searchdocument_fts WHERE plans_searchdocument_fts MATCH %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([probe] * len(matches)), matches)
        return {match for match, found in zip(matches, cursor.fetchone(), strict=True) if found}


def _word_fts(word: str, *, prefix: bool = True) -> str:
    # Words are letters and digits only (text.WORD), so quoting them is enough.
    if not (prefix and text.prefix_matches(word)):
        return f'"{text.stem(word)}"'
    return f'"{text.stem(word)}" OR "{word}"*'


def _snippet_python(row: SearchDocument, terms: list[text.Term]) -> str:
    body = text.highlight(row.body, terms, start=_START, stop=_STOP)
    if _START in body or not row.title:
        return body
    return text.highlight(row.title, terms, start=_START, stop=_STOP)
