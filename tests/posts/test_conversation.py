"""The conversation under a post: one reaction control with the reader's choice pressed, replies nested under their
comment, authors editing and deleting their comments (pages and API), destructive acts confirmed, mentions that
never lead to a 404."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from parvis.accounts.services import user_handle_assign
from parvis.posts.models import Comment, Post, Status
from parvis.posts.services import comment_create, comment_edit, post_create, reaction_set
from tests.factories import add_member, api_client, make_user

pytestmark = pytest.mark.usefixtures("english")


def pressed(page: str) -> list[str]:
    """The values of the reaction buttons shown pressed."""
    return re.findall(r'value="(\w+)" class="reaction" aria-pressed="true"', page)


# --- Reactions ---------------------------------------------------------------------------------------------------


def test_one_react_control_shows_the_total_and_the_top_reaction(client, inhabitant, neighbour, public_post):
    reaction_set(user=inhabitant, post=public_post, kind="thanks")
    reaction_set(user=neighbour, post=public_post, kind="thanks")
    page = client.get(public_post.get_absolute_url()).content.decode()
    # A visitor sees the count and the most given reaction, no buttons.
    assert "2 reactions" in page and "🙏" in page
    assert 'class="reaction"' not in page
    client.force_login(neighbour)
    page = client.get(public_post.get_absolute_url()).content.decode()
    assert page.count('<details class="react') == 1
    assert page.count('class="reaction"') == 5


def test_my_reaction_is_pressed_and_pressing_it_again_takes_it_back(client, neighbour, public_post):
    client.force_login(neighbour)
    react = public_post.react_url
    client.post(react, {"kind": "support", "next": public_post.get_absolute_url()})
    page = client.get(public_post.get_absolute_url()).content.decode()
    assert pressed(page) == ["support"]
    assert "react--mine" in page and "Your reaction:" in page
    client.post(react, {"kind": "support"})
    page = client.get(public_post.get_absolute_url()).content.decode()
    assert pressed(page) == [] and "react--mine" not in page
    assert Post.objects.get(pk=public_post.pk).reaction_count == 0


def test_htmx_swaps_the_reaction_control_only(client, neighbour, public_post):
    client.force_login(neighbour)
    answer = client.post(public_post.react_url, {"kind": "funny"}, headers={"HX-Request": "true"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.lstrip().startswith("<details") and "<article" not in html and "<html" not in html
    assert pressed(html) == ["funny"] and "1 reaction" in html


# --- Replies -----------------------------------------------------------------------------------------------------


def test_replies_are_a_list_nested_under_their_comment(signed_in, inhabitant, neighbour, public_post):
    thread = comment_create(author=neighbour, post=public_post, body="Qui apporte les tables ?")
    reply = comment_create(author=inhabitant, post=public_post, body="Moi", parent=thread)
    other = comment_create(author=neighbour, post=public_post, body="Et les chaises ?")
    page = signed_in.get(public_post.get_absolute_url()).content.decode()
    thread_item = page[page.index(f'id="commentaire-{thread.pk}"') : page.index(f'id="commentaire-{other.pk}"')]
    nested = thread_item[thread_item.index('<ol class="comments comments--replies"') :]
    assert f'id="commentaire-{reply.pk}"' in nested
    # Every comment, replies included, has its "Reply" (to the thread, one level).
    assert page.count('<details class="reply">') == 3
    assert page.count(f'name="parent" value="{thread.pk}"') == 2


# --- Editing and deleting one's comment ---------------------------------------------------------------------------


@pytest.fixture
def comment(public_post, neighbour):
    return comment_create(author=neighbour, post=public_post, body="Je viendrai à 18 h")


def test_the_author_edits_a_comment_and_readers_see_when(client, neighbour, comment):
    client.force_login(neighbour)
    assert client.get(comment.edit_url).status_code == 200
    answer = client.post(comment.edit_url, {"body": "Je viendrai à 19 h"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#commentaire-{comment.pk}")
    comment.refresh_from_db()
    assert comment.body == "Je viendrai à 19 h" and comment.edited_at is not None
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "19 h" in page and f'edited <time datetime="{comment.edited_iso}">' in page


def test_an_empty_edit_is_refused_with_a_sentence(client, neighbour, comment):
    client.force_login(neighbour)
    answer = client.post(comment.edit_url, {"body": "   "})
    assert answer.status_code == 200 and 'class="error-summary"' in answer.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Je viendrai à 18 h"


def test_someone_else_cannot_edit_nor_delete_a_comment(client, inhabitant, comment):
    # The post's author and owner of the space is not the comment's author.
    with pytest.raises(PermissionDenied):
        comment_edit(editor=inhabitant, comment=comment, body="réécrit")
    client.force_login(inhabitant)
    assert client.get(comment.edit_url).status_code == 403
    assert client.post(comment.edit_url, {"body": "réécrit"}).status_code == 403
    assert client.get(comment.delete_url).status_code == 403
    assert client.post(comment.delete_url).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Je viendrai à 18 h" and comment.status == Status.PUBLISHED and comment.edited_at is None


def test_an_outsider_gets_404_on_a_comment_of_a_private_post(client, inhabitant, outsider, private_post):
    hidden = comment_create(author=inhabitant, post=private_post, body="entre nous")
    client.force_login(outsider)
    assert client.get(hidden.edit_url).status_code == 404
    assert client.post(hidden.delete_url).status_code == 404
    assert (
        api_client(outsider)
        .patch(f"/api/v1/posts/comments/{hidden.pk}", {"body": "x"}, content_type="application/json")
        .status_code
        == 404
    )


def test_deleting_a_comment_asks_first(client, neighbour, comment):
    client.force_login(neighbour)
    confirm = client.get(comment.delete_url)
    assert confirm.status_code == 200 and f'action="{comment.delete_url}"' in confirm.content.decode()
    assert Comment.objects.get(pk=comment.pk).status == Status.PUBLISHED
    client.post(comment.delete_url)
    assert Comment.objects.get(pk=comment.pk).status == Status.DELETED
    assert Post.objects.get(pk=comment.post_id).comment_count == 0


def test_the_api_edits_and_deletes_for_the_author_only(inhabitant, neighbour, comment):
    url = f"/api/v1/posts/comments/{comment.pk}"
    stranger = api_client(inhabitant)
    assert stranger.patch(url, {"body": "réécrit"}, content_type="application/json").status_code == 403
    assert stranger.delete(url).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Je viendrai à 18 h" and comment.status == Status.PUBLISHED
    author = api_client(neighbour)
    edited = author.patch(url, {"body": "Finalement 20 h"}, content_type="application/json")
    assert edited.status_code == 200
    assert edited.json()["body"] == "Finalement 20 h" and edited.json()["edited_at"]
    assert author.patch(url, {"body": ""}, content_type="application/json").status_code == 400
    assert author.delete(url).status_code == 204
    assert Comment.objects.get(pk=comment.pk).status == Status.DELETED


# --- Destructive acts are quiet and confirmed ---------------------------------------------------------------------


def test_deleting_a_post_is_in_the_menu_and_confirmed(signed_in, public_post):
    page = signed_in.get(public_post.get_absolute_url()).content.decode()
    menu = page[page.index('<details class="more more--quiet">') :]
    menu = menu[: menu.index("</details>")]
    assert public_post.delete_url in menu and 'class="visually-hidden">More actions on the post of' in menu
    assert f'<form method="post" action="{public_post.delete_url}"' not in page  # never a button on the card
    assert signed_in.get(public_post.delete_url).status_code == 200
    assert Post.objects.get(pk=public_post.pk).status == Status.PUBLISHED
    signed_in.post(public_post.delete_url)
    assert Post.objects.get(pk=public_post.pk).status == Status.DELETED


def test_nobody_but_the_author_opens_the_confirmation_of_a_post(client, neighbour, public_post):
    client.force_login(neighbour)
    assert client.get(public_post.delete_url).status_code == 403


# --- Mentions ----------------------------------------------------------------------------------------------------


def test_a_mention_never_leads_to_a_404(client, inhabitant, neighbour, outsider, spaces):
    # The neighbour keeps the default: a profile shown to the people of their commune only.
    handle = user_handle_assign(user=neighbour)
    post = post_create(author=inhabitant, space=spaces["public"], body=f"Merci @{handle.upper()} pour les chaises")
    link = re.search(r'<a href="([^"]+)" class="mention"', post.body_html).group(1)
    assert client.get(link).status_code == 200  # a visitor: the page says the profile is not shown to them
    client.force_login(outsider)
    assert client.get(link).status_code == 200
    client.force_login(inhabitant)  # same commune: the profile
    assert client.get(link)["Location"] == neighbour.get_absolute_url()


def test_a_handle_with_an_underscore_is_one_mention(inhabitant, beauvais, spaces):
    person = make_user("jean@example.org", display_name="Jean", home_commune=beauvais)
    other = make_user("jean2@example.org", display_name="Jean Pierre", home_commune=beauvais)
    person.handle, other.handle = "jean", "jean_pierre"
    person.save(update_fields=["handle"])
    other.save(update_fields=["handle"])
    post = post_create(author=inhabitant, space=spaces["public"], body="Bravo @jean_pierre")
    assert list(post.mentioned_users.all()) == [other]
    assert "/@jean_pierre/" in post.body_html


def test_the_mention_page_says_nothing_of_unknown_handles(client, db):
    assert client.get("/profil/@personne-inconnue/").status_code == 200


def test_a_members_only_mention_stays_unlinked_for_non_members(inhabitant, outsider, spaces):
    add_member(spaces["public"], outsider)
    handle = user_handle_assign(user=outsider)
    post = post_create(author=inhabitant, space=spaces["members"], body=f"@{handle}")
    assert "mention" not in post.body_html
