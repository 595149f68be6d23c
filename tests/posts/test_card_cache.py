"""The shared part of a card is rendered once per version and reused (parvis/core/fragments.py): a reader after
another gets the same HTML without the first reader's things in it, and any change of what the card shows appears
on the next page."""

import pytest
from django.test import Client

from parvis.accounts.models import User
from parvis.moderation import services as moderation
from parvis.moderation.models import Action
from parvis.posts.services import comment_create, post_create, post_edit, post_share, reaction_set
from parvis.spaces.models import JoinPolicy, Nature, Visibility
from parvis.spaces.services.spaces import space_create, space_update
from tests.factories import add_member, make_user

CARD = "posts/_post_card.html"


def _cards_rendered(response) -> int:
    return sum(1 for template in response.templates if template.name == CARD)


@pytest.fixture
def relay(neighbour, beauvais):
    return space_create(
        creator=neighbour,
        name="Relais du quartier",
        nature=Nature.VOISINAGE,
        territory=beauvais,
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )


def test_a_card_is_rendered_once_and_reused_for_the_next_reader(client, public_post):
    page = public_post.space.get_absolute_url()
    first = client.get(page)
    assert _cards_rendered(first) == 1
    again = client.get(page)
    assert _cards_rendered(again) == 0
    assert "Fête des voisins samedi" in again.content.decode()


def test_a_card_seen_by_its_author_then_by_a_visitor_shows_the_visitor_nothing_of_the_author(
    client, signed_in, inhabitant, public_post
):
    reaction_set(user=inhabitant, post=public_post, kind="thanks")
    page = public_post.space.get_absolute_url()
    mine = signed_in.get(page).content.decode()
    # The control: the author's page holds their reaction, their edit menu, a CSRF token.
    assert "Your reaction:" in mine or "Votre réaction" in mine
    assert public_post.edit_url in mine and "csrfmiddlewaretoken" in mine
    response = Client().get(page)
    assert _cards_rendered(response) == 0  # the author's rendering was reused
    seen = response.content.decode()
    assert "Fête des voisins samedi" in seen
    assert public_post.edit_url not in seen
    assert public_post.delete_url not in seen
    assert "csrfmiddlewaretoken" not in seen and "X-CSRFToken" not in seen
    assert "Your reaction:" not in seen and "Votre réaction" not in seen
    assert 'aria-pressed="true"' not in seen


def test_a_share_read_by_a_member_of_the_private_original_shows_a_visitor_nothing_of_it(
    client, inhabitant, neighbour, spaces, relay
):
    """The member's card (original readable) and the visitor's (original unreadable) are two versions."""
    secret_group = spaces[Visibility.PUBLIC]
    original = post_create(author=inhabitant, space=secret_group, body="Digicode SECRET-7731 du local")
    share = post_share(user=neighbour, post=original, into=relay, body="Partagé pour les voisins")
    space_update(
        actor=inhabitant,
        space=secret_group,
        name="Cercle NOM-SECRET",
        description="",
        visibility=Visibility.MEMBERS,
        join_policy=JoinPolicy.REQUEST,
    )
    client.force_login(inhabitant)
    assert "SECRET-7731" in client.get(relay.get_absolute_url()).content.decode()
    client.logout()
    for path in (relay.get_absolute_url(), share.get_absolute_url()):
        seen = client.get(path).content.decode()
        assert "SECRET-7731" not in seen and "NOM-SECRET" not in seen, path
        assert "Partagé pour les voisins" in seen


def test_an_edit_shows_at_once(client, inhabitant, public_post):
    page = public_post.space.get_absolute_url()
    client.get(page)
    post_edit(editor=inhabitant, post=public_post, body="Fête des voisins reportée à dimanche")
    seen = client.get(page).content.decode()
    assert "reportée à dimanche" in seen and "samedi" not in seen


def test_reactions_and_comments_show_at_once(client, neighbour, public_post):
    page = public_post.get_absolute_url()
    before = client.get(page).content.decode()
    assert "0 reaction" in before or "0 réaction" in before
    reaction_set(user=neighbour, post=public_post, kind="funny")
    comment_create(author=neighbour, post=public_post, body="J'apporte des crêpes")
    seen = client.get(page).content.decode()
    assert "1 reaction" in seen or "1 réaction" in seen
    assert "1 comment" in seen or "1 commentaire" in seen
    assert "😄" in seen


def test_a_new_name_of_the_author_shows_at_once(client, inhabitant, public_post):
    page = public_post.space.get_absolute_url()
    client.get(page)
    User.objects.filter(pk=inhabitant.pk).update(display_name="Camille Nouveau-Nom")
    assert "Camille Nouveau-Nom" in client.get(page).content.decode()


def test_a_moderation_decision_shows_at_once(client, inhabitant, neighbour, spaces, beauvais):
    """The space's owner hides a neighbour's post: the space's page and the commune's no longer show it."""
    add_member(spaces[Visibility.PUBLIC], neighbour)
    post = post_create(author=neighbour, space=spaces[Visibility.PUBLIC], body="Vends canapé, affaire du siècle")
    pages = [post.space.get_absolute_url(), beauvais.get_absolute_url()]
    assert all("affaire du siècle" in client.get(page).content.decode() for page in pages)
    reporter = make_user("signale@example.org", display_name="Signale", home_commune=beauvais)
    report = moderation.report_create(reporter=reporter, kind="post", target_id=post.pk, reason="spam")
    moderation.decision_take(moderator=inhabitant, report=report, action=Action.HIDE, reason="Hors sujet.")
    assert not any("affaire du siècle" in client.get(page).content.decode() for page in pages)
