"""A post or a comment sent twice (double click, second tap, reload of the answer) is published once."""

import re

from parvis.posts.models import Comment, Post

KEY = "k" * 32


def test_the_composer_carries_a_key_and_the_page_loads_the_submit_once_script(signed_in, spaces):
    page = signed_in.get(spaces["public"].get_absolute_url()).content.decode()
    assert re.search(r'<input type="hidden" name="submit_key" value="[A-Za-z0-9]{32}">', page)
    assert "parvis/submit-once.js" in page


def test_a_post_sent_twice_with_the_same_key_is_published_once(signed_in, spaces):
    url = f"/espaces/{spaces['public'].slug}/publier/"
    first = signed_in.post(url, {"body": "Vide-grenier dimanche", "submit_key": KEY})
    second = signed_in.post(url, {"body": "Vide-grenier dimanche", "submit_key": KEY})
    post = Post.objects.get()
    assert first["Location"] == second["Location"] == post.get_absolute_url()


def test_two_forms_are_two_posts(signed_in, spaces):
    url = f"/espaces/{spaces['public'].slug}/publier/"
    signed_in.post(url, {"body": "Rappel : vide-grenier", "submit_key": "a" * 32})
    signed_in.post(url, {"body": "Rappel : vide-grenier", "submit_key": "b" * 32})
    signed_in.post(url, {"body": "Sans clé, depuis une ancienne page"})
    assert Post.objects.count() == 3


def test_a_refused_post_frees_its_key_for_the_corrected_form(signed_in, spaces):
    url = f"/espaces/{spaces['public'].slug}/publier/"
    signed_in.post(url, {"body": "", "submit_key": KEY})
    assert not Post.objects.exists()
    signed_in.post(url, {"body": "Corrigé", "submit_key": KEY})
    assert Post.objects.get().body == "Corrigé"


def test_a_comment_sent_twice_is_written_once(signed_in, public_post):
    url = f"/publications/{public_post.pk}/commenter/"
    first = signed_in.post(url, {"body": "J'y serai", "submit_key": KEY})
    second = signed_in.post(url, {"body": "J'y serai", "submit_key": KEY})
    assert Comment.objects.filter(post=public_post).count() == 1
    assert first["Location"] == second["Location"]


def test_the_same_key_from_another_person_is_another_comment(client, signed_in, neighbour, public_post):
    url = f"/publications/{public_post.pk}/commenter/"
    signed_in.post(url, {"body": "Moi aussi", "submit_key": KEY})
    client.force_login(neighbour)
    client.post(url, {"body": "Moi aussi", "submit_key": KEY})
    assert Comment.objects.filter(post=public_post).count() == 2


def test_a_copy_arriving_while_the_first_is_still_saving_is_told_so_and_creates_nothing(
    signed_in, inhabitant, spaces, monkeypatch
):
    from django.core.cache import cache

    from parvis.core import submission

    monkeypatch.setattr(submission, "WAIT_SECONDS", 0)
    cache.set(f"submit:{inhabitant.pk}:post:{KEY}", "pending", 60)
    url = f"/espaces/{spaces['public'].slug}/publier/"
    page = signed_in.post(url, {"body": "Vide-grenier", "submit_key": KEY}, follow=True).content.decode()
    assert "déjà été envoyé" in page
    assert not Post.objects.exists()
    cache.delete(f"submit:{inhabitant.pk}:post:{KEY}")


def test_the_api_publishes_once_per_idempotency_key(client, inhabitant, spaces):
    from parvis.accounts.services import api_token_create

    _token, raw = api_token_create(user=inhabitant, name="script", scope="write")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_IDEMPOTENCY_KEY": "3f2c1a9e-7b4d-4e2a-9c1f-0d8e6b5a4c3b"}
    payload = {"space": spaces["public"].slug, "body": "Par l'API"}
    first = client.post("/api/v1/posts/", payload, content_type="application/json", **headers)
    second = client.post("/api/v1/posts/", payload, content_type="application/json", **headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] == Post.objects.get().pk
