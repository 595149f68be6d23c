import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from parvis.posts.models import Comment, Post, Status
from parvis.posts.services import (
    comment_create,
    post_create,
    post_delete,
    post_edit,
    post_share,
    reaction_set,
)
from tests.factories import add_member, jpeg


def test_post_with_photos_and_a_link_from_the_space_page(
    signed_in, inhabitant, spaces, django_capture_on_commit_callbacks
):
    space = spaces["public"]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            f"/espaces/{space.slug}/publier/",
            {
                "body": "Le lavoir est **rénové** : https://example.org/lavoir",
                "photos": [jpeg(), jpeg("b.jpg")],
                "alt_texts": "Le lavoir au soleil\nLa fontaine",
            },
        )
    assert response.status_code == 302
    post = Post.objects.get(space=space)
    assert "<strong>rénové</strong>" in post.body_html
    assert post.link_preview.url == "https://example.org/lavoir"
    attachments = list(post.attachments.all())
    assert [a.alt_text for a in attachments] == ["Le lavoir au soleil", "La fontaine"]
    first = attachments[0]
    with Image.open(first.image_small.open("rb")) as small, Image.open(first.image.open("rb")) as full:
        assert max(small.size) == 320 and full.size == (1200, 900)
        assert dict(full.getexif()) == {}  # EXIF and GPS stripped
    page = signed_in.get(post.get_absolute_url()).content.decode()
    assert 'alt="Le lavoir au soleil"' in page


def test_photos_need_a_description_and_are_limited_to_ten(inhabitant, spaces):
    with pytest.raises(ValidationError, match="Décrivez|Describe"):
        post_create(author=inhabitant, space=spaces["public"], body="", photos=[(jpeg(), "")])
    with pytest.raises(ValidationError):
        post_create(author=inhabitant, space=spaces["public"], body="x", photos=[(jpeg(), "p")] * 11)
    assert not Post.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_published(signed_in, spaces):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.jpg", b"MZ not an image", content_type="image/jpeg")
    response = signed_in.post(
        f"/espaces/{spaces['public'].slug}/publier/",
        {"body": "Mon texte", "photos": [fake], "alt_texts": "x"},
        follow=True,
    )
    page = response.content.decode()
    assert "JPEG, PNG" in page
    assert "Mon texte" in page  # the draft is given back
    assert not Post.objects.exists()


def test_markdown_is_sanitised(inhabitant, spaces):
    post = post_create(
        author=inhabitant,
        space=spaces["public"],
        body="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert "<script" not in post.body_html and "javascript:" not in post.body_html.replace("(javascript:", "")
    assert "<img" not in post.body_html and "onerror" not in post.body_html.split("&lt;")[0]


def test_empty_post_is_refused_with_a_message(inhabitant, spaces):
    with pytest.raises(ValidationError, match="Écrivez|Write"):
        post_create(author=inhabitant, space=spaces["public"], body="   ")


def test_only_members_post_and_only_admins_speak_in_an_official_space(outsider, inhabitant, spaces, beauvais):
    from parvis.spaces.models import Space

    with pytest.raises(PermissionDenied):
        post_create(author=outsider, space=spaces["public"], body="Bonjour")
    official = Space.objects.official().get(territory=beauvais)
    add_member(official, inhabitant)
    with pytest.raises(PermissionDenied):
        post_create(author=inhabitant, space=official, body="Je suis la mairie")


def test_edit_keeps_the_history_and_delete_removes_the_content(inhabitant, neighbour, public_post, client):
    post_edit(editor=inhabitant, post=public_post, body="Fête des voisins dimanche")
    public_post.refresh_from_db()
    assert public_post.edited_at and public_post.revisions.get().body == "Fête des voisins samedi sur la place"
    client.force_login(neighbour)
    page = client.get(public_post.get_absolute_url()).content.decode()
    assert "dimanche" in page and "samedi" in page  # earlier versions are shown
    with pytest.raises(PermissionDenied):
        post_edit(editor=neighbour, post=public_post, body="piraté")
    with pytest.raises(PermissionDenied):
        post_delete(user=neighbour, post=public_post)
    post_delete(user=inhabitant, post=public_post)
    public_post.refresh_from_db()
    assert public_post.status == Status.DELETED and public_post.body == ""
    assert client.get(public_post.get_absolute_url()).status_code == 404


def test_comments_have_one_level_of_replies_and_counters(inhabitant, neighbour, public_post):
    first = comment_create(author=neighbour, post=public_post, body="Super !")
    reply = comment_create(author=inhabitant, post=public_post, body="Merci", parent=first)
    reply_to_reply = comment_create(author=neighbour, post=public_post, body="De rien", parent=reply)
    assert reply.parent == first and reply_to_reply.parent == first
    public_post.refresh_from_db()
    assert public_post.comment_count == 3
    with pytest.raises(ValidationError):
        comment_create(author=neighbour, post=public_post, body="")
    assert Comment.objects.filter(post=public_post).count() == 3


def test_reactions_are_one_per_person_and_can_be_changed_or_taken_back(neighbour, public_post, client):
    reaction_set(user=neighbour, post=public_post, kind="like")
    reaction_set(user=neighbour, post=public_post, kind="thanks")
    public_post.refresh_from_db()
    assert public_post.reaction_count == 1 and public_post.reactions.get().kind == "thanks"
    client.force_login(neighbour)
    client.post(f"/publications/{public_post.pk}/reagir/", {"kind": "thanks"})  # pressing it again takes it back
    public_post.refresh_from_db()
    assert public_post.reaction_count == 0
    with pytest.raises(ValidationError):
        reaction_set(user=neighbour, post=public_post, kind="angry")


def test_sharing_a_public_post_into_another_space(inhabitant, public_post, spaces, client):
    add_member(spaces["members"], inhabitant)
    shared = post_share(user=inhabitant, post=public_post, into=spaces["members"], body="À voir")
    assert shared.shared_post == public_post
    client.force_login(inhabitant)
    assert "Fête des voisins" in client.get(shared.get_absolute_url()).content.decode()


def test_atom_feed_of_a_public_space_is_advertised_and_valid(client, public_post, spaces):
    from xml.etree import ElementTree

    page = client.get(spaces["public"].get_absolute_url()).content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page
    response = client.get(f"/espaces/{spaces['public'].slug}/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    tree = ElementTree.fromstring(response.content)
    entries = tree.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1 and "Fête des voisins" in entries[0].find("{http://www.w3.org/2005/Atom}title").text


def test_a_person_mentioned_by_an_edit_is_notified_once(
    inhabitant, neighbour, public_post, django_capture_on_commit_callbacks
):
    from parvis.accounts.services import user_handle_assign
    from parvis.notifications.models import Notification

    handle = user_handle_assign(user=neighbour)
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(editor=inhabitant, post=public_post, body=f"Fête des voisins, @{handle} apporte les chaises")
    with django_capture_on_commit_callbacks(execute=True):
        post_edit(editor=inhabitant, post=public_post, body=f"Fête des voisins, @{handle} apporte les tables")
    assert Notification.objects.filter(recipient=neighbour).count() == 1
