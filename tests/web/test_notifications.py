"""The notifications pages: a user's own notices, the count in the header, marking them read,
and the choice of which come by e-mail."""

import pytest
from django.conf import settings
from django.urls import reverse

from virkplan.notifications.models import Notification, NotificationKind, NotificationPreference
from virkplan.plans import services
from virkplan.plans.models import PlanStatus
from virkplan.web.views.notifications import NOTIFICATIONS_PER_PAGE

from ..notifications.conftest import Town, build_town

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db) -> Town:
    return build_town()


LIST = "/notifikationer/"
PREFERENCES = "/notifikationer/indstillinger/"


def _submit_and_return(town: Town) -> None:
    services.plan_transition(
        user=town.people["editor"], plan=town.plan, to_status=PlanStatus.SUBMITTED
    )
    services.plan_transition(
        user=town.people["approver"],
        plan=town.plan,
        to_status=PlanStatus.DRAFT,
        comment="Mål 2 mangler et måltal.",
    )


def test_the_addresses_are_danish():
    assert reverse("web:notifications") == LIST
    assert reverse("web:notification-preferences") == PREFERENCES


def test_a_user_sees_their_own_notices_and_the_count_of_unread_in_the_header(client, town):
    # Given the plan was submitted and returned
    _submit_and_return(town)
    # When the editor opens the notifications
    client.force_login(town.people["editor"])
    page = client.get(LIST).content.decode()

    # Then they see that it was returned, by whom, with the comment, linked to its editing page
    assert "Planen »Virksomhedsplan 2026« er sendt tilbage til kladde" in page
    assert f'href="/plan/{town.plan.key}/rediger/"' in page
    assert "Af Approver" in page
    assert "Mål 2 mangler et måltal." in page
    assert "Ulæst" in page
    # And not the approver's notice of the submission
    assert "er sendt til din godkendelse" not in page
    # And the header counts one unread notification
    assert (
        'Notifikationer <span class="badge vp-notification-count">1<span class="sr-only"> ulæste'
        in page
    )


def test_marking_read_takes_the_notice_off_the_count(client, town):
    _submit_and_return(town)
    editor = town.people["editor"]
    notice = Notification.objects.get(recipient=editor)
    client.force_login(editor)
    # When the editor marks it read
    response = client.post(reverse("web:notification-read", args=[notice.pk]))
    # Then it is read, and the header has no count
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    page = client.get(LIST).content.decode()
    assert "vp-notification-count" not in page
    assert "Ulæst" not in page
    assert "Markér alle som læst" not in page


def test_a_user_cannot_see_or_mark_another_users_notice(client, town):
    _submit_and_return(town)
    approvers = Notification.objects.get(recipient=town.people["approver"])
    client.force_login(town.people["editor"])
    # When the editor tries to mark the approver's notice read
    response = client.post(reverse("web:notification-read", args=[approvers.pk]))
    # Then it is not found, and stays unread
    assert response.status_code == 404
    approvers.refresh_from_db()
    assert approvers.read_at is None
    # And marking all read marks only the editor's own
    client.post(reverse("web:notifications-read-all"))
    approvers.refresh_from_db()
    assert approvers.read_at is None
    assert not Notification.objects.filter(recipient=town.people["editor"], read_at=None)


def test_the_list_pages_on_and_its_queries_do_not_grow(client, town, django_assert_max_num_queries):
    editor = town.people["editor"]
    Notification.objects.bulk_create(
        Notification(
            recipient=editor,
            key=f"test:{number}",
            kind=NotificationKind.PLAN_APPROVED,
            plan=town.plan,
            actor=town.people["approver"],
        )
        for number in range(NOTIFICATIONS_PER_PAGE + 5)
    )
    client.force_login(editor)
    with django_assert_max_num_queries(8):
        first = client.get(LIST).content.decode()
    assert first.count('class="vp-notification vp-notification-unread"') == NOTIFICATIONS_PER_PAGE
    assert "Side 1 af 2" in first
    second = client.get(LIST + "?side=2").content.decode()
    assert second.count('class="vp-notification vp-notification-unread"') == 5


def test_the_list_in_english(client, town):
    _submit_and_return(town)
    client.force_login(town.people["approver"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(LIST).content.decode()
    assert "The plan “Virksomhedsplan 2026” is submitted for your approval" in page
    assert f'href="/plan/{town.plan.key}/#workflow"' in page


def test_a_user_chooses_which_notices_come_by_e_mail(client, town):
    user = town.people["approver"]
    client.force_login(user)
    # Given the form, where every kind is chosen until the user chooses otherwise
    form = client.get(PREFERENCES).content.decode()
    assert form.count("checked") == len(NotificationKind.values)
    # When they keep only submitted plans, in English
    response = client.post(
        PREFERENCES, {"emailed_kinds": [NotificationKind.PLAN_SUBMITTED], "language": "en"}
    )
    # Then that is kept, and the form shows it
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=user)
    assert preference.language == "en"
    assert preference.emails(NotificationKind.PLAN_SUBMITTED)
    assert not preference.emails(NotificationKind.PLAN_PUBLISHED)
    page = client.get(PREFERENCES).content.decode()
    assert "Dit valg af e-mails er gemt." in page
    assert page.count("checked") == 1
    assert '<option value="en" selected>' in page


def test_a_language_not_offered_is_refused_naming_the_field(client, town):
    client.force_login(town.people["approver"])
    response = client.post(PREFERENCES, {"language": "xx"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit valg blev ikke gemt." in page
    assert "E-mailenes sprog" in page
    assert not NotificationPreference.objects.exists()


def test_a_user_without_an_address_is_told_no_mails_come(client, town):
    user = town.people["approver"]
    user.email = ""
    user.save()
    client.force_login(user)
    assert "Din konto har ingen e-mailadresse" in client.get(PREFERENCES).content.decode()
