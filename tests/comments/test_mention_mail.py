"""A mention arrives by e-mail, in the recipient's language, with a link to the comment."""

import re

import pytest

from virkplan.comments import services
from virkplan.notifications.services import notification_preference_update

from .conftest import Talk

pytestmark = pytest.mark.django_db


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", text)


def _post(talk: Talk, commit, text: str, *, on_goal: bool = True):
    with commit(execute=True):
        return services.comment_post(
            user=talk.person("editor"),
            plan=talk.town.plan,
            goal=talk.goal if on_goal else None,
            text=text,
        )


def test_a_mention_arrives_in_danish_with_the_comment_and_a_link_to_it(
    talk, smtp, django_capture_on_commit_callbacks, settings
) -> None:
    # When the editor mentions the approver in a comment on the goal
    comment = _post(talk, django_capture_on_commit_callbacks, "@approver kan du godkende tallene?")
    # Then the approver gets one mail, nobody else any
    (message,) = smtp.to("leder@albertslund.dk")
    assert len(smtp.messages) == 1
    subject = str(message["Subject"]).strip()
    assert "nævnte dig i en kommentar" in subject and "Virksomhedsplan 2026" in subject
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    # And both parts carry the comment and link straight to it on the goal's page
    goal_link = f"{settings.VIRKPLAN_BASE_URL}/maal/{talk.goal.key}/#comment-{comment.pk}"
    assert "kan du godkende tallene?" in text and "kan du godkende tallene?" in html
    assert goal_link in _links(text)
    assert goal_link in _links(html)


def test_a_mention_on_the_plan_links_to_the_plans_page_in_english_when_chosen(
    talk, smtp, django_capture_on_commit_callbacks, settings
) -> None:
    notification_preference_update(
        user=talk.person("approver"), emailed_kinds=["mentioned"], language="en"
    )
    comment = _post(
        talk, django_capture_on_commit_callbacks, "Se planen, @approver.", on_goal=False
    )
    (message,) = smtp.to("leder@albertslund.dk")
    assert "mentioned you in a comment" in str(message["Subject"])
    link = f"{settings.VIRKPLAN_BASE_URL}/plan/{talk.town.plan.key}/#comment-{comment.pk}"
    assert link in _links(message.get_body(("plain",)).get_content())


def test_who_turned_mentions_off_is_notified_in_the_list_only(
    talk, smtp, django_capture_on_commit_callbacks
) -> None:
    notification_preference_update(
        user=talk.person("approver"), emailed_kinds=["plan_submitted"], language="da"
    )
    _post(talk, django_capture_on_commit_callbacks, "@approver")
    assert smtp.messages == []
    assert talk.person("approver").notifications.count() == 1
