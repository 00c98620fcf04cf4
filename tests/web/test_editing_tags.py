"""The editing page's buttons and addresses, drawn by template tags instead of includes."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from virkplan.web.templatetags.virkplan_links import item_url


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("web:goal", ["mt-2014-g02"]),
        ("web:goal-edit", ["mt-2014-g02"]),
        ("web:criterion-edit", ["mt-2014-g02", 17]),
        ("web:criterion-delete", ["a_b-3", 9876543210]),
        ("web:section-move", ["mt-2014", 1]),
        ("web:focus-area-create", ["mt-2014"]),
    ],
)
def test_item_addresses_are_the_ones_reverse_gives(name, args):
    assert item_url(name, *args) == reverse(name, args=args)
    # Asked again, from the kept shape.
    assert item_url(name, *args) == reverse(name, args=args)


def test_an_argument_that_is_not_a_key_goes_through_reverse():
    # reverse() refuses what the pattern's converter refuses; so must the shortcut.
    with pytest.raises(NoReverseMatch):
        item_url("web:goal-edit", "not a key")


class _Item:
    focus = "down"
    is_first = False
    is_last = False


def _actions(obj, **urls):
    request = RequestFactory().get("/")
    template = Template(
        "{% load virkplan_editing %}{% edit_actions obj slot='goal-1-head' container='goals' "
        "name=name edit_url=edit_url move_url=move_url delete_url=delete_url %}"
    )
    context = {"obj": obj, "name": "Vi vil <b>styrke</b> & samle", "csrf_token": "t0k3n"}
    context |= {"edit_url": "", "move_url": "", "delete_url": ""} | urls
    return template.render(Context(context | {"request": request}))


def test_the_buttons_name_their_item_escaped_and_keep_the_focus():
    with translation.override("da"):
        html = _actions(_Item(), edit_url="/e/", move_url="/m/", delete_url="/d/")
    assert html.count("Vi vil &lt;b&gt;styrke&lt;/b&gt; &amp; samle") == 4
    assert "<b>" not in html
    assert '<a class="button button-secondary vp-small-button" href="/e/" hx-get="/e/"' in html
    assert 'hx-target="#goal-1-head"' in html
    assert (
        '<form class="vp-inline-form" method="post" action="/m/" hx-post="/m/" hx-target="#goals"'
        in html
    )
    assert 'name="csrfmiddlewaretoken" value="t0k3n"' in html
    assert 'value="op"' in html and 'value="ned"' in html
    assert 'title="Flyt ned" autofocus>' in html
    assert "</svg>Slet<span" in html and "</svg>Redigér<span" in html


def test_the_first_item_cannot_move_up_and_an_only_item_not_at_all():
    first = _Item()
    first.is_first, first.is_last = True, False
    html = _actions(first, move_url="/m/")
    assert 'value="ned"' in html and 'value="op"' not in html
    only = _Item()
    only.is_first = only.is_last = True
    assert "<form" not in _actions(only, move_url="/m/")
    assert "<a " not in _actions(only)
