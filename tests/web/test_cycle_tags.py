"""The round page's criteria to tick and earlier follow-ups, drawn by template tags."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from virkplan.plans.models import Criterion, FollowUp, FollowUpStatus
from virkplan.web.templatetags.virkplan_cycle import criterion_option, earlier_follow_up


def _criterion(pk: int, text: str, **target) -> Criterion:
    return Criterion(pk=pk, text=text, **target)


def test_a_criterion_to_tick_escapes_its_text_and_says_it_is_followed_up():
    # Given a criterion whose text holds markup, with a target, ticked and followed up
    criterion = _criterion(
        7, "Færre <b>klager</b>", comparison="at_most", value=Decimal(12), unit_of_measure="uger"
    )
    option = {"criterion": criterion, "number": 2, "id": "id_g1-criteria_1", "checked": True}
    with translation.override("da"):
        html = criterion_option(option, "g1-criteria", {7})
    # Then the text is shown, not obeyed, and the box says what is ticked and done
    assert "Færre &lt;b&gt;klager&lt;/b&gt;" in html
    assert 'name="g1-criteria" value="7" id="id_g1-criteria_1" checked>' in html
    assert '<label for="id_g1-criteria_1"><span class="vp-criterion-number">2.</span>' in html
    assert '<span class="sr-only">Måltal: </span>højst 12 uger</span>' in html
    assert '<span class="vp-covered">(fulgt op)</span>' in html


def test_a_criterion_not_ticked_and_not_followed_up_says_neither():
    option = {"criterion": _criterion(8, "Tekst"), "number": 1, "id": "x_0", "checked": False}
    with translation.override("da"):
        html = criterion_option(option, "criteria", set())
    assert 'id="x_0">' in html
    assert "checked" not in html and "vp-covered" not in html and "vp-target" not in html


def test_an_earlier_follow_up_names_its_date_documentation_and_status():
    # Given a follow-up about documentation 1 and 3, and one about the goal as a whole
    about = FollowUp(
        pk=1, date=date(2025, 3, 31), status=FollowUpStatus.MET, text="Det lykkedes <i>næsten</i>."
    )
    about.criterion_indexes = [0, 2]
    whole = FollowUp(pk=2, date=None, status=FollowUpStatus.NOT_MET, text="Nej.")
    whole.criterion_indexes = []
    with translation.override("da"):
        first, second = earlier_follow_up(about), earlier_follow_up(whole)
    # Then each says what it is about, the first with its date, the text as sanitised Markdown
    assert '<span class="vp-muted">31. marts 2025</span>' in first
    assert "Om dokumentation 1, 3" in first
    assert "<i>" not in first and "næsten" in first
    assert "Om målet som helhed" in second and "marts" not in second
    assert f'vp-status-{FollowUpStatus.NOT_MET}">' in second
