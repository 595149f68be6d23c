"""Who is told about what: mentions, comments, replies, join requests, followed spaces, and THE RULE (only people
who may read the content, never the actor, once per event)."""

from django.core import mail

from parvis.notifications.models import EmailFrequency, Kind, Notification
from parvis.notifications.services import notification_fan_out
from parvis.notifications.tasks import fan_out
from parvis.posts.models import Post, Status
from parvis.spaces.models import Follow, Visibility
from parvis.spaces.services.memberships import space_join, space_leave
from tests.factories import add_member

from .conftest import prefer


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_mentioned_person_is_notified(spaces, inhabitant, neighbour, publish):
    post = publish(author=inhabitant, space=spaces["public"], body="Merci @dominique pour les chaises !")
    notification = Notification.objects.get(recipient=neighbour)
    assert (notification.kind, notification.target_kind, notification.target_id, notification.actor_id) == (
        Kind.MENTION,
        "post",
        post.pk,
        inhabitant.pk,
    )
    assert notification.space_id == spaces["public"].pk


def test_comment_notifies_the_post_author(spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Qui a vu un chat roux ?")
    comment = answer(author=neighbour, post=post, body="Oui, rue de la Madeleine")
    notification = Notification.objects.get(recipient=inhabitant)
    assert (notification.kind, notification.target_kind, notification.target_id) == (
        Kind.COMMENT_ON_MY_POST,
        "comment",
        comment.pk,
    )
    assert kinds_of(neighbour) == []


def test_reply_notifies_the_parent_comment_author_once(spaces, inhabitant, neighbour, outsider, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Vide-grenier dimanche")
    first = answer(author=neighbour, post=post, body="À quelle heure ?")
    answer(author=outsider, post=post, body="Dès 8 h", parent=first)
    assert kinds_of(neighbour) == [Kind.REPLY]
    # The post's author hears about both comments, once each.
    assert sorted(kinds_of(inhabitant)) == [Kind.COMMENT_ON_MY_POST, Kind.COMMENT_ON_MY_POST]
    assert kinds_of(outsider) == []


def test_a_mentioned_post_author_is_told_once_for_the_mention(spaces, inhabitant, neighbour, publish, answer):
    post = publish(author=inhabitant, space=spaces["public"], body="Atelier vélo")
    answer(author=neighbour, post=post, body="@camille je viens avec deux roues crevées")
    assert kinds_of(inhabitant) == [Kind.MENTION]


def test_the_actor_is_never_notified(spaces, inhabitant, publish, answer):
    Follow.objects.create(user=inhabitant, space=spaces["public"])
    post = publish(author=inhabitant, space=spaces["public"], body="Note pour moi-même @camille")
    answer(author=inhabitant, post=post, body="Et un commentaire à moi @camille")
    assert Notification.objects.count() == 0


def test_mention_of_a_non_member_in_a_members_only_space_gives_nothing(spaces, inhabitant, outsider, publish):
    prefer(outsider, EmailFrequency.IMMEDIATE)
    post = publish(author=inhabitant, space=spaces["members"], body="Réunion du bureau, @sacha n'est pas invité")
    # Even if the mention had been resolved (say, before the person left), the fan-out checks again.
    post.mentioned_users.add(outsider)
    notification_fan_out(kind="post", target_id=post.pk)
    assert kinds_of(outsider) == []
    assert mail.outbox == []


def test_a_person_who_left_a_private_space_gets_nothing_from_it(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    space_leave(space=spaces["members"], user=neighbour)
    post = publish(author=inhabitant, space=spaces["members"], body="Bonjour à tous")
    post.mentioned_users.add(neighbour)
    notification_fan_out(kind="post", target_id=post.pk)
    assert kinds_of(neighbour) == []


def test_member_of_a_members_only_space_is_notified_of_a_mention(spaces, inhabitant, neighbour, publish):
    add_member(spaces["members"], neighbour)
    publish(author=inhabitant, space=spaces["members"], body="@dominique tu as les clés ?")
    assert kinds_of(neighbour) == [Kind.MENTION]


def test_followers_hear_of_new_posts_and_members_do_not(spaces, inhabitant, neighbour, outsider, publish):
    Follow.objects.create(user=outsider, space=spaces["public"])
    add_member(spaces["public"], neighbour)
    publish(author=inhabitant, space=spaces["public"], body="Nouvelle permanence le mardi")
    assert kinds_of(outsider) == [Kind.NEW_POST_IN_FOLLOWED_SPACE]
    assert kinds_of(neighbour) == []


def test_follower_of_a_space_turned_private_hears_nothing(spaces, inhabitant, outsider, publish):
    Follow.objects.create(user=outsider, space=spaces["public"])
    spaces["public"].visibility = Visibility.MEMBERS
    spaces["public"].save(update_fields=["visibility"])
    publish(author=inhabitant, space=spaces["public"], body="Désormais entre nous")
    assert kinds_of(outsider) == []


def test_join_request_notifies_the_space_administrators(
    spaces, inhabitant, neighbour, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        space_join(space=spaces["members"], user=neighbour)
    notification = Notification.objects.get(recipient=inhabitant)
    assert (notification.kind, notification.actor_id, notification.space_id) == (
        Kind.JOIN_REQUEST,
        neighbour.pk,
        spaces["members"].pk,
    )
    assert notification.target_url.endswith("/membres/")


def test_open_join_notifies_nobody(spaces, neighbour, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        space_join(space=spaces["public"], user=neighbour)
    assert Notification.objects.count() == 0


def test_running_the_fan_out_twice_creates_no_duplicate(spaces, inhabitant, neighbour, outsider, publish):
    prefer(neighbour, EmailFrequency.IMMEDIATE)
    Follow.objects.create(user=outsider, space=spaces["public"])
    post = publish(author=inhabitant, space=spaces["public"], body="@dominique la fête est samedi")
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1
    fan_out.call(kind="post", target_id=post.pk)
    fan_out.call(kind="post", target_id=post.pk)
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1


def test_a_hidden_or_deleted_post_notifies_nobody(spaces, inhabitant, neighbour, publish):
    post = publish(author=inhabitant, space=spaces["public"], body="@dominique bientôt masqué")
    Notification.objects.all().delete()
    Post.objects.filter(pk=post.pk).update(status=Status.HIDDEN)
    notification_fan_out(kind="post", target_id=post.pk)
    assert Notification.objects.count() == 0
