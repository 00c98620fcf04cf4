"""Danish words as the search sees them: tokens, stems, spelling variants and compound parts.

Both databases get the same variants of a text and of a query, so they match
the same things:

- Spelling: "aa" is written for "å" in old texts and names ("Aalborg", "paa"),
  and people without a Danish keyboard write "ae", "oe" and "aa", or "a", "o"
  and "ae" for "æ", "ø" and "å". A word that reads differently under either
  folding is indexed under its folded forms too, and a query word is looked up
  as typed and folded, so each spelling finds the others.
- Stems: a query word matches a word of the text with the same stem
  (Snowball's Danish stemmer; PostgreSQL's `danish` configuration uses the
  same algorithm), so "borgere" finds "borgerne", and, when it has at least
  PREFIX_MIN_LENGTH letters, a word whose stem starts with the query word as
  typed, so a word typed halfway finds the whole.
- Compounds: Danish writes "borgerinddragelse" where a text may say "inddrage
  borgerne". A long query word also matches a text that holds both halves of
  one of its splits (each half by its stem; the first with or without the
  linking "s" or "e"; only the splits some row has both halves of are asked
  for, see selectors). A compound in a text is found by its first part
  ("borger" finds "borgerinddragelse"), not by its last ("inddragelse" does
  not): that would take a dictionary of Danish words to split the texts by.
"""

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
# Long enough that a split's halves are words, not syllables.
COMPOUND_MIN_LENGTH = 9
COMPOUND_PART_MIN_LENGTH = 4
MAX_QUERY_WORDS = 8
# Shorter words typed are taken as whole words: "by" would start a thousand others.
PREFIX_MIN_LENGTH = 4
# Words so common in Danish that they say nothing about what a text is about; PostgreSQL's
# `danish` configuration leaves them out too.
STOP_WORDS = frozenset(
    [
        "af",
        "alle",
        "at",
        "de",
        "den",
        "der",
        "det",
        "du",
        "eller",
        "en",
        "er",
        "et",
        "for",
        "fra",
        "han",
        "har",
        "hun",
        "hvis",
        "i",
        "ikke",
        "jeg",
        "kan",
        "med",
        "men",
        "mod",
        "nu",
        "og",
        "om",
        "op",
        "på",
        "sig",
        "skal",
        "som",
        "til",
        "ud",
        "under",
        "var",
        "vi",
        "vil",
        "være",
    ]
)

# A stemmer keeps the word it works on in itself: one for each thread (gunicorn's gthread
# workers, VIRKPLAN_THREADS).
_local = threading.local()


def words(text: str) -> list[str]:
    """The words of a text, lower-cased, in order."""
    return WORD.findall(text.casefold())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("danish")
    return stemmer.stemWord(word)


def _fold_aa(word: str) -> str:
    return word.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")


def _fold_ascii(word: str) -> str:
    return word.replace("æ", "ae").replace("ø", "o").replace("å", "a")


_FOLDED = re.compile("[æøå]|aa|ae|oe")


@lru_cache(maxsize=50_000)
def spellings(word: str) -> tuple[str, ...]:
    """The word and its other spellings (see the module's docstring), the word first.

    Kept for the words met most: indexing the Copenhagen-size set asks for millions.
    """
    if not _FOLDED.search(word):
        return (word,)
    found = [word]
    for variant in (_fold_aa(word), _fold_ascii(word), _fold_ascii(_fold_aa(word))):
        if variant not in found:
            found.append(variant)
    return tuple(found)


def variants(text: str) -> str:
    """The other spellings of the text's words, to be indexed beside the text."""
    seen: set[str] = set()
    extra: list[str] = []
    for word in words(text):
        if word in seen:
            continue
        found = spellings(word)
        extra.extend(spelling for spelling in found[1:] if spelling not in seen)
        seen.update(found)
    return " ".join(extra)


def stems(text: str) -> str:
    """The stems of the text's words, as the SQLite index holds them."""
    return " ".join(stem(word) for word in words(text))


@dataclass(frozen=True)
class Term:
    """One query word. A text matches it if one of its words matches one of `spellings`, or
    two of its words match the two halves of one of `splits` (see `matches`)."""

    word: str
    spellings: tuple[str, ...]
    splits: tuple[tuple[str, str], ...]


def prefix_matches(query_word: str) -> bool:
    """Whether the query word also matches the words whose stems start with it."""
    return len(query_word) >= PREFIX_MIN_LENGTH


def matches(word: str, query_word: str, *, prefix: bool = True) -> bool:
    """Whether a word of a text matches a query word: the same stem, or (`prefix_matches`)
    a stem that starts with the query word as typed."""
    word_stem = stem(word)
    if word_stem == stem(query_word):
        return True
    return prefix and prefix_matches(query_word) and word_stem.startswith(query_word)


def query_terms(query: str) -> list[Term]:
    """The query's words as terms, every one of which a hit must match; stop words and
    repeats left out, at most MAX_QUERY_WORDS."""
    terms: list[Term] = []
    for word in dict.fromkeys(words(query)):
        if word in STOP_WORDS or (len(word) == 1 and not word.isdigit()):
            continue
        terms.append(Term(word, spellings(word), _splits(_fold_aa(word))))
        if len(terms) == MAX_QUERY_WORDS:
            break
    return terms


def _splits(word: str) -> tuple[tuple[str, str], ...]:
    if len(word) < COMPOUND_MIN_LENGTH or not word.isalpha():
        return ()
    found: list[tuple[str, str]] = []
    least = COMPOUND_PART_MIN_LENGTH
    for at in range(least, len(word) - least + 1):
        head, tail = word[:at], word[at:]
        found.append((head, tail))
        # The linking letter: "miljø" + "s" + "plan", "borger" + "e" + ...
        if head[-1] in "se" and len(head) > least:
            found.append((head[:-1], tail))
    return tuple(dict.fromkeys(found))


SNIPPET_WORDS = 30


def highlight(source: str, terms: list[Term], *, start: str, stop: str) -> str:
    """A stretch of `source` around its first matching word (its start when none), with
    `start` and `stop` around each word that matches a term: the words a query found, shown
    as PostgreSQL's `ts_headline` shows them. A compound's halves are marked only when the
    text holds both."""
    found = list(WORD.finditer(source))
    if not found:
        return source[:200]
    halves = _halves_present(found, terms)
    marked = [
        _matches_term(match.group().casefold(), terms) or match.group().casefold() in halves
        for match in found
    ]
    first = marked.index(True) if True in marked else 0
    begin = max(0, first - SNIPPET_WORDS // 3)
    end = min(len(found), begin + SNIPPET_WORDS)
    out = ["… " if begin > 0 else ""]
    position = found[begin].start()
    for index in range(begin, end):
        match = found[index]
        out.append(source[position : match.start()])
        out.append(f"{start}{match.group()}{stop}" if marked[index] else match.group())
        position = match.end()
    out.append(" …" if end < len(found) else source[position:])
    return "".join(out)


def _matches_term(word: str, terms: list[Term]) -> bool:
    return any(
        matches(variant, spelling)
        for variant in spellings(word)
        for term in terms
        for spelling in term.spellings
    )


def _halves_present(found: list[re.Match[str]], terms: list[Term]) -> set[str]:
    """The words of the text that are halves of a split whose other half is there too."""
    present = {match.group().casefold() for match in found}
    halves: set[str] = set()
    for term in terms:
        for head, tail in term.splits:
            heads = {word for word in present if matches(word, head, prefix=False)}
            tails = {word for word in present if matches(word, tail, prefix=False)}
            if heads and tails:
                halves |= heads | tails
    return halves
