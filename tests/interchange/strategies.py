"""Hypothesis strategies for valid `virkplan/1` documents.

Keys are made unique by numbering; everything else is drawn: Danish text with
quotes, newlines, Markdown and emoji, numbers with up to four decimals,
dates, unit trees, plans of one to four years, shared focus areas, goals with
sub-goals two levels down, targets (ranges too) and follow-ups that speak
about some of their goal's criteria, and now and then two plans of the same
unit, title and period. Optional fields are sometimes left out.
"""

import copy
import re
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from virkplan.interchange.services import walk_goals
from virkplan.plans.rules import MAX_PERIOD_YEARS

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéü0123456789"
SIGNS = " .,;:!?-–—/%&()\"'”“’«»"
MARKDOWN = "#*_`>[]\n"
EMOJI = "😀🌱🚲💡♻️"

SAMPLES = [
    "Vi vil lave en samlet udviklingsplan for de ubebyggede kommunale grunde.",
    "Der er sparet 9.187 MWh, svarende til 3,79 % af varmesalget.",
    "Projekt ”test en elcykel” er igangsat, og der har været 60 udlån.",
    "Citat: \"Forstad på Forkant\" og 'Albertslund 2024'",
    "### Nye forbindelser\n\nMed en ny administrativ organisation fra august 2013 …",
    "**Fed** og _kursiv_ – [læs mere](https://www.albertslund.dk) 🌱",
    "Første linje\nAnden linje\n\n- punkt ét\n- punkt to",
    "Sparemålet for 2012 blev ikke nået 🚲",
]

YEARS = st.integers(min_value=1900, max_value=2200)
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(date.isoformat)

_any_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40
)
texts = st.one_of(
    st.text(st.sampled_from(LETTERS + SIGNS + MARKDOWN + EMOJI), max_size=80),
    st.sampled_from(SAMPLES),
    _any_text,
)


def _non_empty(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # The schema's test for a non-empty text: some character that is not white space.
    return strategy.filter(lambda text: re.search(r"\S", text) is not None)


non_empty_texts = _non_empty(texts)
short_texts = _non_empty(
    st.one_of(
        st.text(st.sampled_from(LETTERS + SIGNS + EMOJI), max_size=60), st.sampled_from(SAMPLES)
    )
)
key_suffixes = st.from_regex(r"[-a-zA-Z0-9_]{0,12}", fullmatch=True)


def json_number(value: Decimal) -> int | float:
    """A decimal as the plainest JSON number, as the exporter writes numbers."""
    return int(value) if value == value.to_integral_value() else float(value)


@st.composite
def decimals(draw, *, minimum: Decimal = Decimal(-(10**9))) -> Decimal:
    places = draw(st.integers(min_value=0, max_value=4))
    return draw(
        st.decimals(
            min_value=minimum,
            max_value=Decimal(10**9),
            places=places,
            allow_nan=False,
            allow_infinity=False,
        )
    )


numbers = st.one_of(decimals().map(json_number), st.sampled_from([9187, 3.79, 60, 75, 0.5]))


@st.composite
def optional_fields(draw, required: dict[str, Any], optional: dict[str, Any]) -> dict[str, Any]:
    """A dict with the required fields and a drawn selection of the optional ones."""
    data = {name: draw(strategy) for name, strategy in required.items()}
    for name, strategy in optional.items():
        if draw(st.booleans()):
            data[name] = draw(strategy)
    return data


def one_of_or_none(values: list[str]) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(values)) if values else st.none()


@st.composite
def units(draw) -> list[dict[str, Any]]:
    """A forest of units: each unit's parent comes before it."""
    count = draw(st.integers(min_value=1, max_value=4))
    keys = [f"u{n}{draw(key_suffixes)}" for n in range(count)]
    result = []
    for n, key in enumerate(keys):
        start, end = sorted([draw(DATES), draw(DATES)])
        unit = draw(
            optional_fields(
                {
                    "name": short_texts,
                    "kind": st.sampled_from(
                        ["municipality", "directorate", "department", "unit", "team", "board"]
                    ),
                },
                {
                    "short_name": st.text(st.sampled_from(LETTERS + SIGNS), max_size=20),
                    "formal_name": st.text(st.sampled_from(LETTERS + SIGNS), max_size=40),
                    "parent": one_of_or_none(keys[:n]),
                    "valid_from": st.one_of(st.none(), st.just(start)),
                    "valid_to": st.one_of(st.none(), st.just(end)),
                    "successors": (
                        st.lists(st.sampled_from(keys[:n] + keys[n + 1 :]), unique=True)
                        if count > 1
                        else st.just([])
                    ),
                    "facts": st.lists(
                        optional_fields(
                            {"label": short_texts, "value": numbers},
                            {"unit": st.sampled_from(["", "MWh", "%", "personer", "kr."])},
                        ),
                        max_size=3,
                    ),
                    "contact": optional_fields(
                        {},
                        {
                            "address": texts,
                            "web": st.sampled_from(["", "www.albertslund.dk"]),
                            "email": st.one_of(
                                st.just(""),
                                st.from_regex(r"[a-z0-9]{1,10}@[a-z]{1,10}\.dk", fullmatch=True),
                            ),
                            "phone": st.sampled_from(["", "43 68 68 68"]),
                            "fax": st.sampled_from(["", "43 68 69 28"]),
                        },
                    ),
                },
            )
        )
        result.append({"key": key, **unit})
    return result


@st.composite
def targets(draw) -> dict[str, Any]:
    comparison = draw(st.sampled_from(["exact", "at_least", "at_most", "approximately", "range"]))
    value = draw(decimals())
    if comparison == "range":
        value_max: Any = json_number(value + draw(decimals(minimum=Decimal(0))))
    else:
        value_max = None
    target = draw(
        optional_fields(
            {"comparison": st.just(comparison), "value": st.just(json_number(value))},
            {
                "value_max": st.just(value_max),
                "unit": st.sampled_from(["", "udlån", "MWh", "%", "arbejdspladser"]),
                "baseline_value": st.one_of(st.none(), numbers),
                "baseline_year": st.one_of(st.none(), YEARS),
                "target_year": st.one_of(st.none(), YEARS),
                "target_date": st.one_of(st.none(), DATES),
            },
        )
    )
    # The target rules (plans.rules): an upper value for a range only, a baseline value
    # with a baseline year, a target year or a target date.
    if comparison == "range":
        target["value_max"] = value_max
    else:
        target.pop("value_max", None)
    if target.get("baseline_year") is not None and target.get("baseline_value") is None:
        target["baseline_value"] = json_number(value)
    if target.get("target_year") is not None and target.get("target_date") is not None:
        del target["target_date"]
    return target


@st.composite
def goals(draw, unit_keys: list[str], depth: int = 0) -> list[dict[str, Any]]:
    """Goals without keys yet; sub-goals down to two levels below the top."""
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=3 if depth == 0 else 2))):
        criteria = draw(
            st.lists(
                optional_fields(
                    {"text": non_empty_texts},
                    {"target": st.one_of(st.none(), targets())},
                ),
                max_size=4,
            )
        )
        indexes = (
            st.lists(st.integers(0, len(criteria) - 1), unique=True) if criteria else st.just([])
        )
        goal = draw(
            optional_fields(
                {"statement": non_empty_texts},
                {
                    "ref": st.one_of(
                        st.just(""), st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True)
                    ),
                    "responsible_unit": one_of_or_none(unit_keys),
                    "follow_ups": st.lists(
                        optional_fields(
                            {
                                "status": st.sampled_from(
                                    [
                                        "met",
                                        "partly_met",
                                        "not_met",
                                        "postponed",
                                        "dropped",
                                        "in_progress",
                                        "not_assessed",
                                    ]
                                ),
                                "text": texts,
                            },
                            {"date": st.one_of(st.none(), DATES), "criteria": indexes},
                        ),
                        max_size=3,
                    ),
                    "goals": goals(unit_keys, depth + 1) if depth < 2 else st.just([]),
                },
            )
        )
        if criteria or draw(st.booleans()):
            goal["criteria"] = criteria
        result.append(goal)
    return result


@st.composite
def documents(draw) -> dict[str, Any]:
    """A valid virkplan/1 document with unique keys and consistent references."""
    unit_list = draw(units())
    unit_keys = [u["key"] for u in unit_list]
    parents = {u["key"]: u.get("parent") for u in unit_list}
    boards = [u["key"] for u in unit_list if u["kind"] == "board"]

    def authority(key: str) -> list[str]:
        """Units whose focus areas a plan of `key` may include: it, those above, their boards."""
        chain = [key]
        while parents.get(chain[-1]) is not None:
            chain.append(parents[chain[-1]])
        return chain + [b for b in boards if parents.get(b) in chain and b not in chain]

    plans = []
    shared: list[dict[str, Any]] = []
    for n in range(draw(st.sampled_from([1, 2, 3, 0]))):
        start = draw(st.integers(min_value=1900, max_value=2200 - MAX_PERIOD_YEARS + 1))
        years = draw(st.integers(min_value=1, max_value=MAX_PERIOD_YEARS))
        plan = draw(
            optional_fields(
                {
                    "title": short_texts,
                    "unit": st.sampled_from(unit_keys),
                    "period": st.just({"start": start, "end": start + years - 1}),
                },
                {
                    "kind": st.sampled_from(["department_plan", "unit_plan"]),
                    "status": st.sampled_from(
                        ["draft", "submitted", "approved", "published", "archived"]
                    ),
                    "sections": st.lists(
                        optional_fields(
                            {"title": short_texts, "body": texts},
                            {
                                "highlights": st.lists(non_empty_texts, max_size=2),
                                "organisation_chart": st.booleans(),
                            },
                        ),
                        max_size=2,
                    ),
                    "focus_area_intro": texts,
                    "follow_up_intro": texts,
                },
            )
        )
        if plans and draw(st.integers(min_value=0, max_value=3)) == 0:
            # Another plan of the same unit, title and period (a second version, say).
            twin = draw(st.sampled_from(plans))
            plan |= {name: copy.deepcopy(twin[name]) for name in ("unit", "title", "period")}
        focus_areas = []
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            in_plan = {fa["key"] for fa in focus_areas}
            allowed = authority(plan["unit"])
            reusable = [
                fa
                for fa in shared
                if fa["key"] not in in_plan and fa.get("set_by") in [None, *allowed]
            ]
            if reusable and draw(st.booleans()):
                texts_of_focus_area = draw(st.sampled_from(reusable))
            else:
                texts_of_focus_area = draw(
                    optional_fields(
                        {"title": short_texts},
                        {
                            "tagline": st.text(st.sampled_from(LETTERS + SIGNS), max_size=40),
                            "group": st.sampled_from(
                                ["executive_board", "political", "unit", "other", ""]
                            ),
                            "set_by": one_of_or_none(allowed),
                            "body": texts,
                        },
                    )
                )
                texts_of_focus_area = {"key": f"fa{len(shared)}", **texts_of_focus_area}
                shared.append(texts_of_focus_area)
            focus_area = {**texts_of_focus_area, "goals": draw(goals(unit_keys))}
            if draw(st.booleans()):
                focus_area["unit_text"] = draw(texts)
            focus_areas.append(focus_area)
        plans.append({"key": f"p{n}{draw(key_suffixes)}", **plan, "focus_areas": focus_areas})

    every_goal = [
        g for p in plans for fa in p["focus_areas"] for g, _path in walk_goals(fa["goals"])
    ]
    for n, goal in enumerate(every_goal):
        goal["key"] = f"g{n}{draw(key_suffixes)}"
    for goal in every_goal:
        others = [g["key"] for g in every_goal if g is not goal]
        if others and draw(st.booleans()):
            goal["continues"] = draw(st.sampled_from(others))
    return {"format": "virkplan/1", "units": unit_list, "plans": plans}
