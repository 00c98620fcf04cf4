"""Which focus areas make one red thread, and how the list of threads is ordered (plans.threads)."""

import pytest

from tests.factories import FocusAreaFactory, PlanFactory, PlanFocusAreaFactory, UnitFactory
from virkplan.plans.models import FocusArea, FocusAreaGroup, PlanStatus
from virkplan.plans.threads import focus_area_thread, focus_area_threads

pytestmark = pytest.mark.django_db


def _included(area: FocusArea, *, year: int, status: str = PlanStatus.PUBLISHED) -> None:
    plan = PlanFactory(start_year=year, end_year=year, status=status)
    PlanFocusAreaFactory(plan=plan, focus_area=area)


def test_rows_of_one_title_and_setter_are_one_thread_and_others_are_not() -> None:
    board, other_board = UnitFactory(), UnitFactory()
    rows = [
        FocusAreaFactory(title="Godt i gang", set_by=board, start_year=year, end_year=year)
        for year in (2014, 2015, 2016)
    ]
    for row in rows:
        _included(row, year=row.start_year)
    apart = [
        FocusAreaFactory(title="Godt i gang", set_by=other_board, start_year=2016, end_year=2016),
        FocusAreaFactory(title="Godt i gang", start_year=2016, end_year=2016),
        FocusAreaFactory(title="Godt i gang – igen", set_by=board, start_year=2016, end_year=2016),
    ]
    for row in apart:
        _included(row, year=2016)
    # Whichever year's row is asked for, the thread holds the three and nothing else
    for row in rows:
        thread = focus_area_thread(user=None, key=row.key)
        assert thread.rows == rows[::-1]
        assert thread.focus_area == rows[-1]
        assert [year.period_label for year in thread.years] == ["2016", "2015", "2014"]
        assert thread.period_label == "2014–2016"
    # Rows set by no unit make a thread of their own too
    alone = FocusAreaFactory(title="Godt i gang", start_year=2017, end_year=2017)
    _included(alone, year=2017)
    assert focus_area_thread(user=None, key=alone.key).rows == [alone, apart[1]]


def test_a_row_only_drafts_include_is_not_part_of_what_a_reader_sees() -> None:
    board = UnitFactory()
    published = FocusAreaFactory(title="Digital", set_by=board, start_year=2014, end_year=2014)
    drafted = FocusAreaFactory(
        title="Digital", set_by=board, start_year=2015, end_year=2015, body="Hemmelig tekst."
    )
    _included(published, year=2014)
    _included(drafted, year=2015, status=PlanStatus.DRAFT)
    thread = focus_area_thread(user=None, key=published.key)
    assert thread.rows == [published] and thread.body == published.body
    with pytest.raises(FocusArea.DoesNotExist):
        focus_area_thread(user=None, key=drafted.key)


def test_the_list_groups_threads_by_origin_newest_first() -> None:
    board = UnitFactory()
    old = FocusAreaFactory(
        title="Bo",
        set_by=board,
        group=FocusAreaGroup.EXECUTIVE_BOARD,
        start_year=2014,
        end_year=2014,
    )
    new = FocusAreaFactory(
        title="Bo",
        set_by=board,
        group=FocusAreaGroup.EXECUTIVE_BOARD,
        start_year=2016,
        end_year=2017,
    )
    digital = FocusAreaFactory(
        title="Digital",
        set_by=board,
        group=FocusAreaGroup.EXECUTIVE_BOARD,
        start_year=2015,
        end_year=2015,
    )
    green = FocusAreaFactory(title="Grøn by", group=FocusAreaGroup.POLITICAL)
    loose = FocusAreaFactory(title="Uden ophav", group="")
    own = FocusAreaFactory(title="Vores egen", group=FocusAreaGroup.UNIT)
    never = FocusAreaFactory(title="I ingen plan", group=FocusAreaGroup.EXECUTIVE_BOARD)
    del never
    for row in (old, new, new, digital, green, loose, own):
        _included(row, year=row.start_year)
    groups = focus_area_threads(user=None)
    assert [group.origin for group in groups] == ["executive_board", "political", "other"]
    board_threads = groups[0].threads
    assert [(t.focus_area, t.period_label, t.plans) for t in board_threads] == [
        (new, "2014–2017", 3),
        (digital, "2015", 1),
    ]
    assert [t.focus_area for t in groups[1].threads] == [green]
    assert [t.focus_area for t in groups[2].threads] == [loose]
