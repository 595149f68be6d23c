"""Adding a kind of content touches its own app only: a throwaway kind, registered here as an app would in its
`AppConfig.ready()`, is reported, moderated (hidden, then restored on review), searched and notified about without
a line of moderation, notifications or search knowing it."""

from dataclasses import replace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parvis.core import kinds
from parvis.moderation.models import Report
from parvis.moderation.services import decision_contest, decision_review, decision_take
from parvis.notifications.models import Kind, Notification
from parvis.notifications.notify import notify
from parvis.posts.models import Post, Status
from parvis.posts.services import post_create
from parvis.search import queries
from parvis.spaces.models import Visibility
from tests.factories import add_member

MARK = "[Avis]"


def notices_visible_to(user):
    return Post.objects.visible_to(user).published().filter(body__startswith=MARK).select_related("space", "author")


def notice_hide(notice, action):
    previous = notice.status
    Post.objects.filter(pk=notice.pk).update(status=Status.HIDDEN if action == kinds.HIDE else Status.REMOVED)
    return previous


def notice_restore(notice_id, action, previous_state):
    Post.objects.filter(pk=notice_id, status__in=[Status.HIDDEN, Status.REMOVED]).update(status=previous_state)


@pytest.fixture
def notice_kind():
    kind = kinds.register(
        kinds.ContentKind(
            name="notice",
            label=_("notice"),
            model=Post,
            url_word="avis",
            visible_to=notices_visible_to,
            space=lambda notice: notice.space,
            author=lambda notice: notice.author,
            text=lambda notice: ("", notice.body),
            moderate=notice_hide,
            restore=notice_restore,
            related=("space", "author"),
            search=kinds.SearchDocument(body="body", date="created_at", space="space"),
        )
    )
    yield kind
    kinds.unregister("notice")


@pytest.fixture
def notice(notice_kind, spaces, neighbour):
    space = spaces[Visibility.PUBLIC]  # the inhabitant owns and moderates it
    add_member(space, neighbour)
    return post_create(author=neighbour, space=space, body=f"{MARK} Fermeture de la passerelle lundi")


def notices_found(user, text):
    sections = {section.kind.name: section.items for section in queries.search_content(user, text)}
    return [item.id for item in sections.get("notice", [])]


def test_a_new_kind_is_searched(notice, outsider):
    assert notices_found(outsider, "passerelle") == [notice.pk]
    assert notices_found(AnonymousUser(), "FERMETURE passerelle") == [notice.pk]
    assert notices_found(outsider, "piscine") == []


def test_a_new_kind_is_reported_and_moderated(client, notice, inhabitant, outsider, operator):
    client.force_login(outsider)
    assert client.get(reverse("moderation:report", args=["avis", notice.pk])).status_code == 200
    sent = client.post(
        reverse("moderation:report", args=["avis", notice.pk]), {"reason": "spam", "details": "", "good_faith": "on"}
    )
    assert sent.status_code == 302
    report = Report.objects.get(kind="notice", target_id=notice.pk)
    assert (report.space, report.author, report.target) == (notice.space, notice.author, notice)

    # The space's moderator sees its text in the queue and hides it: it leaves the search at once.
    client.force_login(inhabitant)
    assert "Fermeture de la passerelle" in client.get(reverse("moderation:queue")).content.decode()
    decision = decision_take(moderator=inhabitant, report=report, action=kinds.HIDE, reason="Publicité")
    assert Post.objects.get(pk=notice.pk).status == Status.HIDDEN
    assert notices_found(outsider, "passerelle") == []

    # Contested by its author and reversed by another moderator: it is back.
    decision_contest(author=notice.author, decision=decision, text="C’est une information utile.")
    decision_review(reviewer=operator, decision=decision, reverse=True, reason="Information utile aux habitants.")
    assert Post.objects.get(pk=notice.pk).status == Status.PUBLISHED
    assert notices_found(outsider, "passerelle") == [notice.pk]


def test_a_new_kind_is_notified_to_those_who_may_read_it(notice, inhabitant, outsider):
    notify("notice", notice, notice.author, [inhabitant, outsider, notice.author], Kind.MENTION)
    told = Notification.objects.filter(target_kind="notice", target_id=notice.pk)
    assert sorted(told.values_list("recipient__email", flat=True)) == sorted([inhabitant.email, outsider.email])
    assert Notification.objects.inbox(inhabitant).get().target_url == notice.get_absolute_url()
    # Hidden by the kind's own rule since: the notification leaves the inbox.
    Post.objects.filter(pk=notice.pk).update(body="Plus un avis")
    assert not Notification.objects.inbox(inhabitant).exists()


def test_the_registry_refuses_a_second_kind_with_the_same_address_word(notice_kind):
    with pytest.raises(ValueError):
        kinds.register(
            kinds.ContentKind(name="other", label="other", model=Post, visible_to=notices_visible_to, url_word="avis")
        )


def test_a_kind_brings_its_own_reason_to_notify_with_its_sentence(notice, inhabitant):
    kinds.register(replace(kinds.get("notice"), verbs={"new_notice": "%(actor)s posted a notice in %(space)s"}))
    with pytest.raises(ValueError):
        notify("notice", notice, notice.author, [inhabitant], "no_such_reason")
    notify("notice", notice, notice.author, [inhabitant], "new_notice")
    told = Notification.objects.inbox(inhabitant).get()
    assert told.text == f"{notice.author.public_name} posted a notice in {notice.space.name}"
    with pytest.raises(ValueError):  # two kinds cannot claim the same reason
        kinds.register(
            kinds.ContentKind(
                name="other", label="other", model=Post, visible_to=notices_visible_to, verbs={"new_notice": "x"}
            )
        )
