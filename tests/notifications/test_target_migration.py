"""Notifications made when they pointed at posts and comments by foreign keys keep their target, their link and
their visibility check after the migrations to (kind, id) of the registry of content kinds."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from parvis.notifications.models import Notification
from parvis.posts.services import comment_create, post_create
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Visibility
from parvis.spaces.services.memberships import space_join
from parvis.spaces.services.spaces import space_create
from parvis.territories.models import Territory
from tests.conftest import ensure_territories, make_user

BEFORE = [("notifications", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_existing_notifications_keep_their_target_and_link():
    ensure_territories()
    commune = Territory.objects.get(level="commune", code="60057")
    owner = make_user("proprio@example.org", display_name="Camille", home_commune=commune)
    member = make_user("membre@example.org", display_name="Dominique", home_commune=commune)
    asker = make_user("candidat@example.org", display_name="Sacha", home_commune=commune)
    group = space_create(creator=owner, name="Jardin partagé", nature=Nature.VOISINAGE, territory=commune)
    closed = space_create(
        creator=owner,
        name="Bureau",
        nature=Nature.ASSOCIATIF,
        territory=commune,
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.REQUEST,
    )
    Membership.objects.update_or_create(space=group, user=member, defaults={"status": MembershipStatus.ACTIVE})
    post = post_create(author=member, space=group, body="Qui arrose cet été ?")
    comment = comment_create(author=owner, post=post, body="Moi en juillet")
    request = space_join(space=closed, user=asker)
    Notification.objects.all().delete()  # made by the current code: the test writes old rows itself

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldNotification = executor.loader.project_state(BEFORE).apps.get_model("notifications", "Notification")
    common = {"created_at": post.created_at}
    on_post = OldNotification.objects.create(
        recipient_id=owner.pk, kind="mention", actor_id=member.pk, space_id=group.pk, post_id=post.pk,
        event_key=f"post:{post.pk}", **common,
    )  # fmt: skip
    on_comment = OldNotification.objects.create(
        recipient_id=member.pk, kind="comment_on_my_post", actor_id=owner.pk, space_id=group.pk, post_id=post.pk,
        comment_id=comment.pk, event_key=f"comment:{comment.pk}", **common,
    )  # fmt: skip
    on_request = OldNotification.objects.create(
        recipient_id=owner.pk, kind="join_request", actor_id=asker.pk, space_id=closed.pk,
        event_key=f"membership:{request.pk}", **common,
    )  # fmt: skip
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    finally:
        connection.close()  # the schema changed under the connection's feet

    targets = dict(Notification.objects.values_list("pk", "target_kind"))
    assert targets == {on_post.pk: "post", on_comment.pk: "comment", on_request.pk: "membership"}
    assert Notification.objects.get(pk=on_comment.pk).target_id == comment.pk
    owners = {n.pk: n.target_url for n in Notification.objects.inbox(owner).for_list()}
    assert owners == {
        on_post.pk: post.get_absolute_url(),
        on_request.pk: reverse("spaces:members", kwargs={"slug": closed.slug}),
    }
    [(pk, url)] = [(n.pk, n.target_url) for n in Notification.objects.inbox(member).for_list()]
    assert (pk, url) == (on_comment.pk, f"{post.get_absolute_url()}#commentaire-{comment.pk}")
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "notifications_notification")
        }
    assert {"post_id", "comment_id"}.isdisjoint(columns)  # nothing left that names a kind of content
