"""The threads on the pages: shown to those who may see them, posted with and without htmx,
edited and deleted by their author, never on the anonymous (cached) pages."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.comments.conftest import Talk, build_talk
from virkplan.comments import services
from virkplan.comments.models import Comment
from virkplan.plans import services as plan_services
from virkplan.plans.models import PlanStatus

from .conftest import page_text

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def talk(db) -> Talk:
    """The notifications' small municipality with a goal in its draft (tests/comments)."""
    return build_talk()


def _goal_url(talk: Talk) -> str:
    return reverse("web:goal", args=[talk.goal.key])


def _post_url(talk: Talk) -> str:
    return reverse("web:goal-comment-post", args=[talk.goal.key])


def _comment(talk: Talk, who: str, text: str, *, on_goal: bool = True) -> Comment:
    return services.comment_post(
        user=talk.person(who),
        plan=talk.town.plan,
        goal=talk.goal if on_goal else None,
        text=text,
    )


def _publish(talk: Talk) -> None:
    plan = talk.town.plan
    plan_services.plan_transition(
        user=talk.person("editor"), plan=plan, to_status=PlanStatus.SUBMITTED
    )
    for status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        plan = plan_services.plan_transition(
            user=talk.person("approver"), plan=plan, to_status=status
        )


def test_the_goal_page_shows_the_thread_with_authors_edits_and_deleted_comments(
    client, talk
) -> None:
    # Given three comments on the goal: one edited, one deleted
    first = _comment(talk, "editor", "Første linje\nAnden linje")
    services.comment_edit(user=talk.person("editor"), comment=first, text="Rettet\nlinje to")
    gone = _comment(talk, "approver", "Hemmeligt udkast")
    services.comment_delete(user=talk.person("approver"), comment=gone)
    _comment(talk, "unit editor", "<b>Ikke fed</b>")
    # When the editor opens the goal's page
    client.force_login(talk.person("editor"))
    html = client.get(_goal_url(talk)).content.decode()
    text = page_text(html)
    # Then the thread shows each comment with its author and its line breaks, the edited one
    # marked, the deleted one by its place only, and user text escaped
    assert 'id="kommentarer"' in html and "Kommentarer" in text
    assert f'id="comment-{first.pk}"' in html
    assert "Rettet<br>linje to" in html and "redigeret" in text
    assert "Kommentaren er slettet." in text and "Hemmeligt udkast" not in text
    assert "&lt;b&gt;Ikke fed&lt;/b&gt;" in html
    assert "Editor" in text and "Unit Editor" in text
    # And the editor may edit and delete their own comment, not the others'
    assert reverse("web:comment-edit", args=[first.pk]) in html
    assert reverse("web:comment-delete", args=[first.pk]) in html
    others = Comment.objects.exclude(pk=first.pk)
    for other in others:
        assert reverse("web:comment-edit", args=[other.pk]) not in html


def test_anonymous_readers_never_see_comments_and_the_page_stays_cacheable(client, talk) -> None:
    # Given a published plan whose goal and plan have comments
    _publish(talk)
    _comment(talk, "editor", "Kun for kolleger")
    _comment(talk, "editor", "Om hele planen", on_goal=False)
    for url in (_goal_url(talk), reverse("web:plan", args=[talk.town.plan.key])):
        # When an anonymous reader opens the page
        response = client.get(url)
        html = response.content.decode()
        # Then no thread, count or form is on it, and no form token that would stop the cache
        assert response.status_code == 200
        assert "Kun for kolleger" not in html and "Om hele planen" not in html
        assert 'id="kommentarer"' not in html and "kommentar" not in page_text(html).lower()
        assert "csrfmiddlewaretoken" not in html and not response.cookies
    # And a user without a role on it sees no thread either
    client.force_login(User.objects.create_user("borger", password="x"))
    assert 'id="kommentarer"' not in client.get(_goal_url(talk)).content.decode()


def test_posting_without_javascript_redirects_to_the_new_comment(client, talk) -> None:
    client.force_login(talk.person("reader"))
    response = client.post(_post_url(talk), {"text": "Et spørgsmål"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{_goal_url(talk)}#comment-{comment.pk}"
    assert comment.goal == talk.goal and comment.author == talk.person("reader")
    # And on the page it is
    assert "Et spørgsmål" in client.get(response["Location"]).content.decode()


def test_posting_with_htmx_swaps_the_thread_with_the_new_comment(client, talk) -> None:
    client.force_login(talk.person("editor"))
    response = client.post(_post_url(talk), {"text": "Med htmx"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<section class="vp-comments" id="kommentarer"')
    assert "Med htmx" in html and "<html" not in html
    # And the form in it is empty again
    assert "Med htmx</textarea>" not in html


def test_an_empty_comment_is_refused_beside_the_field_with_and_without_htmx(client, talk) -> None:
    client.force_login(talk.person("editor"))
    plain = client.post(_post_url(talk), {"text": "   "})
    assert plain.status_code == 400
    assert "Kommentar: skriv en kommentar." in page_text(plain.content.decode())
    swapped = client.post(_post_url(talk), {"text": ""}, headers=HTMX)
    assert swapped.status_code == 200
    assert 'aria-invalid="true"' in swapped.content.decode()
    assert "Kommentar: skriv en kommentar." in page_text(swapped.content.decode())
    assert not Comment.objects.exists()


def test_a_session_expired_htmx_post_goes_to_the_login_page(client, talk) -> None:
    response = client.post(_post_url(talk), {"text": "Væk"}, headers=HTMX)
    assert response["HX-Redirect"].startswith(resolve_url(settings.LOGIN_URL))
    assert not Comment.objects.exists()


def test_the_plan_page_counts_each_goals_comments_and_has_the_plans_thread(client, talk) -> None:
    _comment(talk, "editor", "Om målet")
    _comment(talk, "approver", "Om målet igen")
    deleted = _comment(talk, "approver", "Slettes")
    services.comment_delete(user=talk.person("approver"), comment=deleted)
    _comment(talk, "approver", "Om hele planen", on_goal=False)
    client.force_login(talk.person("editor"))
    html = client.get(reverse("web:plan", args=[talk.town.plan.key])).content.decode()
    text = page_text(html)
    assert f'href="{_goal_url(talk)}#kommentarer"' in html and "2 kommentarer" in text
    # And the plan's own thread, at the end, holds only the comment on the plan
    assert "Om hele planen" in text and "Om målet" not in text
    assert reverse("web:plan-comment-post", args=[talk.town.plan.key]) in html


def test_the_author_edits_a_comment_on_its_own_page(client, talk) -> None:
    comment = _comment(talk, "editor", "Skrev forkert")
    url = reverse("web:comment-edit", args=[comment.pk])
    client.force_login(talk.person("editor"))
    assert "Skrev forkert</textarea>" in client.get(url).content.decode()
    response = client.post(url, {"text": "Skrev rigtigt"})
    assert response["Location"] == f"{_goal_url(talk)}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.text == "Skrev rigtigt" and comment.edited_at is not None
    # And another user may not open it
    client.force_login(talk.person("approver"))
    assert client.get(url).status_code == 403


def test_deleting_asks_first_and_then_leaves_the_comments_place(client, talk) -> None:
    comment = _comment(talk, "editor", "Fortryder")
    url = reverse("web:comment-delete", args=[comment.pk])
    client.force_login(talk.person("editor"))
    confirm = page_text(client.get(url).content.decode())
    assert "Slet kommentaren?" in confirm and "Fortryder" in confirm
    comment.refresh_from_db()
    assert not comment.deleted
    response = client.post(url)
    assert response["Location"] == f"{_goal_url(talk)}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.deleted


def test_a_comment_on_a_plan_the_user_may_not_see_is_not_found(client, talk) -> None:
    comment = _comment(talk, "editor", "Internt")
    client.force_login(talk.person("culture editor"))
    assert client.get(reverse("web:comment-edit", args=[comment.pk])).status_code == 404
    assert client.post(_post_url(talk), {"text": "Hej"}).status_code == 404


def test_the_mentioned_user_finds_the_notice_with_a_link_to_the_comment(client, talk) -> None:
    comment = _comment(talk, "editor", "@approver se tallene")
    client.force_login(talk.person("approver"))
    html = client.get(reverse("web:notifications")).content.decode()
    assert "Editor nævnte dig i en kommentar til “Virksomhedsplan 2026”" in page_text(html)
    assert f'href="{_goal_url(talk)}#comment-{comment.pk}"' in html
