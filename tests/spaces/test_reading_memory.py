"""The visibility rule reads a person's memberships once per request (on the user object). Whatever changes what
they may read takes effect on the very next read, even through the same user object: nothing is served from that
memory once it is stale."""

from parvis.moderation.models import Decision
from parvis.posts.models import Post
from parvis.posts.services import post_create
from parvis.spaces.models import Space, Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member


def _reads(user, post) -> bool:
    return Post.objects.visible_to(user).filter(pk=post.pk).exists()


def test_leaving_a_members_only_space_closes_its_posts_at_once(spaces, inhabitant, outsider):
    space = spaces[Visibility.MEMBERS]
    add_member(space, outsider)
    post = post_create(author=inhabitant, space=space, body="Réservé aux membres")
    assert _reads(outsider, post)  # the memberships are now remembered on this user object
    space_leave(space=space, user=outsider)
    assert not _reads(outsider, post)
    assert space not in Space.objects.readable_by(outsider)


def test_a_membership_removed_by_any_path_is_seen_at_once(spaces, inhabitant, outsider):
    space = spaces[Visibility.SECRET]
    membership = add_member(space, outsider)
    post = post_create(author=inhabitant, space=space, body="Secret")
    assert _reads(outsider, post)
    membership.delete()  # the administration, a script: not a service
    assert not _reads(outsider, post)


def test_a_space_made_private_closes_at_once_for_those_outside(spaces, inhabitant, outsider):
    space = spaces[Visibility.PUBLIC]
    post = post_create(author=inhabitant, space=space, body="Public pour l'instant")
    assert _reads(outsider, post)
    Space.objects.filter(pk=space.pk).update(visibility=Visibility.MEMBERS)
    assert not _reads(outsider, post)
    assert _reads(inhabitant, post)


def test_a_suspension_written_by_any_path_hides_the_space_at_once_and_its_end_brings_it_back(
    spaces, inhabitant, outsider
):
    space = spaces[Visibility.MEMBERS]
    post = post_create(author=inhabitant, space=space, body="Bientôt suspendu")
    assert _reads(inhabitant, post)
    decision = Decision.objects.create(
        kind="space", target_id=space.pk, space=space, action="suspend", reason="Vente illégale."
    )
    assert not _reads(inhabitant, post)
    assert space not in Space.objects.readable_by(inhabitant)
    decision.delete()
    assert _reads(inhabitant, post)


def test_a_members_own_rights_on_a_space_read_no_more_rows(spaces, inhabitant, outsider, django_assert_num_queries):
    """The member's page asks whether they may read, see the members and what their membership is: all from the
    memberships the request holds, and they follow a departure at once."""
    from parvis.spaces.services.memberships import membership_of

    space = spaces[Visibility.MEMBERS]
    add_member(space, outsider)
    assert space.is_readable_by(outsider)  # reads the memberships once
    with django_assert_num_queries(0):
        assert space.is_readable_by(outsider)
        assert space.members_are_visible_to(outsider)
        assert membership_of(space=space, user=outsider).status == "active"
    space_leave(space=space, user=outsider)
    assert not space.is_readable_by(outsider)
    assert not space.members_are_visible_to(outsider)
    assert membership_of(space=space, user=outsider) is None
