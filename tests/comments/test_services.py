"""Posting, editing and deleting comments: who may, and whom a mention notifies, once."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.utils import translation

from virkplan.comments import services
from virkplan.comments.mentions import mentioned_names
from virkplan.comments.models import Comment
from virkplan.comments.permissions import can_view_comments
from virkplan.core.errors import DomainError, NotAllowed
from virkplan.notifications.models import Notification, NotificationKind
from virkplan.organisation.models import Role, RoleGrant
from virkplan.plans import services as plan_services
from virkplan.plans.models import PlanStatus

from .conftest import Talk

pytestmark = pytest.mark.django_db


def _post(talk: Talk, who: str, text: str, *, on_goal: bool = True) -> Comment:
    return services.comment_post(
        user=talk.person(who),
        plan=talk.town.plan,
        goal=talk.goal if on_goal else None,
        text=text,
    )


def _mentioned(comment: Comment | None = None) -> list[str]:
    notices = Notification.objects.filter(kind=NotificationKind.MENTIONED)
    return sorted(notices.values_list("recipient__username", flat=True))


@pytest.mark.parametrize("who", ["editor", "approver", "unit editor", "reader", "administrator"])
def test_everyone_with_a_role_that_shows_the_plan_may_post(talk, who) -> None:
    # When someone with a role on the plan's unit, above it or below it posts on the goal
    comment = _post(talk, who, "Hvornår er tallene klar?")
    # Then the comment is in the goal's thread, by them, and not on the plan as a whole
    assert comment.goal == talk.goal and comment.plan == talk.town.plan
    assert comment.author == talk.person(who)
    assert list(Comment.objects.filter(goal=talk.goal)) == [comment]
    assert not Comment.objects.filter(goal__isnull=True).exists()


@pytest.mark.parametrize("who", ["culture editor", "outsider"])
def test_those_who_may_not_see_the_thread_are_refused_and_nothing_is_kept(talk, who) -> None:
    with pytest.raises(NotAllowed):
        _post(talk, who, "Hej")
    assert not Comment.objects.exists()


def test_a_published_plan_is_read_by_everyone_but_discussed_only_by_those_with_a_role(
    talk,
) -> None:
    # Given the plan approved and published
    plan = talk.town.plan
    RoleGrant.objects.create(user=talk.outsider, unit=talk.town.units["kultur"], role=Role.READER)
    plan_services.plan_transition(
        user=talk.person("editor"), plan=plan, to_status=PlanStatus.SUBMITTED
    )
    for status in (PlanStatus.APPROVED, PlanStatus.PUBLISHED):
        plan = plan_services.plan_transition(
            user=talk.person("approver"), plan=plan, to_status=status
        )
    # Then an anonymous reader, a user without a role and one from another department do
    # not see its comments, and may not post; its own people may
    assert not can_view_comments(AnonymousUser(), plan)
    assert not can_view_comments(User.objects.create_user("ny", password="x"), plan)
    assert not can_view_comments(talk.person("culture editor"), plan)
    with pytest.raises(NotAllowed):
        services.comment_post(user=AnonymousUser(), plan=plan, text="Hej")
    assert can_view_comments(talk.person("reader"), plan)
    # And staff see every thread
    staff = User.objects.create_user("drift", password="x", is_staff=True)
    assert can_view_comments(staff, plan)


def test_an_empty_or_too_long_comment_is_refused_with_a_danish_message_naming_the_field(
    talk,
) -> None:
    with translation.override("da"), pytest.raises(DomainError) as empty:
        _post(talk, "editor", "  \r\n ")
    assert empty.value.message.startswith("Kommentar:")
    with translation.override("da"), pytest.raises(DomainError) as long:
        _post(talk, "editor", "x" * 5001)
    assert "5000" in long.value.message and long.value.message.startswith("Kommentar:")
    assert not Comment.objects.exists()


def test_a_goal_of_another_plan_is_refused(talk) -> None:
    other = plan_services.plan_create(
        user=talk.person("editor"),
        unit=talk.town.units["miljo-teknik"],
        title="Virksomhedsplan 2027",
        start_year=2027,
        end_year=2027,
    )
    with pytest.raises(DomainError):
        services.comment_post(
            user=talk.person("editor"), plan=other, goal=talk.goal, text="Forkert sted"
        )


def test_the_author_edits_their_own_comment_and_it_is_marked_edited(talk) -> None:
    comment = _post(talk, "editor", "Første udgave")
    edited = services.comment_edit(user=talk.person("editor"), comment=comment, text="Anden")
    assert edited.text == "Anden" and edited.edited_at is not None
    # And the history keeps both texts
    assert [r.text for r in comment.history.order_by("history_id")] == ["Første udgave", "Anden"]


@pytest.mark.parametrize("who", ["approver", "administrator", "reader"])
def test_nobody_else_edits_a_comment(talk, who) -> None:
    comment = _post(talk, "editor", "Mit")
    with pytest.raises(NotAllowed):
        services.comment_edit(user=talk.person(who), comment=comment, text="Dit")
    comment.refresh_from_db()
    assert comment.text == "Mit" and comment.edited_at is None


def test_the_author_deletes_their_own_comment_and_its_place_says_so(talk) -> None:
    comment = _post(talk, "editor", "Glem det")
    services.comment_delete(user=talk.person("editor"), comment=comment)
    comment.refresh_from_db()
    assert comment.deleted
    # And a deleted comment is not edited or deleted again
    with pytest.raises(NotAllowed):
        services.comment_edit(user=talk.person("editor"), comment=comment, text="Igen")


def test_another_editor_may_not_delete_a_comment_but_an_administrator_may(talk) -> None:
    comment = _post(talk, "unit editor", "Forsyningens kommentar")
    for who in ("editor", "approver", "reader"):
        with pytest.raises(NotAllowed):
            services.comment_delete(user=talk.person(who), comment=comment)
    comment.refresh_from_db()
    assert not comment.deleted
    services.comment_delete(user=talk.person("administrator"), comment=comment)
    comment.refresh_from_db()
    assert comment.deleted


def test_a_mention_notifies_the_mentioned_once_and_never_the_author_or_an_outsider(
    talk,
) -> None:
    # When the editor mentions the approver twice, themself, a colleague in another
    # department (who may not see the draft) and a name nobody has
    comment = _post(
        talk,
        "editor",
        "@approver kan du se på det? @Approver, og @editor selv.\n@culture-editor og @ingen.",
    )
    # Then only the approver is notified, once, with a link to the comment
    assert _mentioned() == ["approver"]
    notice = Notification.objects.get(kind=NotificationKind.MENTIONED)
    assert notice.actor == talk.person("editor") and notice.goal == talk.goal
    assert notice.anchor == f"comment-{comment.pk}"
    assert list(comment.mentioned.all()) == [talk.person("approver")]


def test_editing_notifies_only_the_newly_mentioned(talk) -> None:
    comment = _post(talk, "editor", "@approver se her")
    services.comment_edit(
        user=talk.person("editor"), comment=comment, text="@approver og @unit-editor se her"
    )
    assert _mentioned() == ["approver", "unit-editor"]
    # And editing again with the same mentions notifies nobody more
    services.comment_edit(
        user=talk.person("editor"), comment=comment, text="@unit-editor og @approver: se her"
    )
    assert Notification.objects.filter(kind=NotificationKind.MENTIONED).count() == 2


def test_a_user_named_by_e_mail_address_is_mentioned_by_its_first_part(talk) -> None:
    anna = User.objects.create_user("anna@albertslund.dk", password="x")
    RoleGrant.objects.create(user=anna, unit=talk.town.units["forsyning"], role=Role.EDITOR)
    _post(talk, "editor", "Spørg @anna, eller skriv til anna@albertslund.dk.")
    assert _mentioned() == ["anna@albertslund.dk"]


def test_mentions_are_read_at_the_start_of_a_word() -> None:
    assert mentioned_names("Hej @Bo. Skriv til bo@x.dk, @anna-b og (@ida)!") == [
        "bo",
        "anna-b",
        "ida",
    ]
