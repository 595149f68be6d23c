"""Pinned posts come first in their group, three at most; saved posts are the person's own."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parvis.posts.services import post_create
from parvis.spaces.services.memberships import space_leave
from parvis.toolbox.models import Pin, SavedPost
from parvis.toolbox.services import post_pin, post_save_for_later
from tests.factories import api_client


def test_an_admin_pins_three_posts_and_the_fourth_is_refused_with_a_sentence(group, inhabitant, posts):
    for post in posts[:3]:
        post_pin(actor=inhabitant, post=post)
    with pytest.raises(ValidationError) as refused:
        post_pin(actor=inhabitant, post=posts[3])
    assert "at most 3" in " ".join(refused.value.messages)
    assert Pin.objects.filter(space=group).count() == 3


def test_a_plain_member_may_not_pin(group, neighbour, posts):
    with pytest.raises(PermissionDenied):
        post_pin(actor=neighbour, post=posts[0])


def test_pinned_posts_show_first_on_the_group_page_and_only_once(client, group, inhabitant, neighbour, posts):
    post_pin(actor=inhabitant, post=posts[0])
    client.force_login(neighbour)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Pinned posts" in page or "Publications épinglées" in page
    first = page.index("Message numéro 0")
    assert first < page.index("Message numéro 4")
    assert page.count(f'id="publication-{posts[0].pk}"') == 1


def test_the_fourth_pin_through_the_page_says_why(client, group, inhabitant, posts):
    client.force_login(inhabitant)
    for post in posts[:3]:
        client.post(reverse("toolbox:pin", args=[post.pk]))
    answer = client.post(reverse("toolbox:pin", args=[posts[3].pk]), follow=True)
    assert "unpin" in answer.content.decode().lower() or "désépinglez" in answer.content.decode().lower()
    assert not Pin.objects.filter(post=posts[3]).exists()


def test_a_fifth_pin_by_api_is_a_400_with_a_sentence(group, inhabitant, posts):
    api = api_client(inhabitant)
    for post in posts[:3]:
        assert api.post(reverse("api:pin_add", args=[post.pk])).status_code == 201
    answer = api.post(reverse("api:pin_add", args=[posts[4].pk]))
    assert answer.status_code == 400 and answer.json()["detail"]
    listed = api.get(reverse("api:pin_list", args=[group.slug])).json()
    assert {row["post_id"] for row in listed} == {post.pk for post in posts[:3]}


def test_a_member_saves_a_post_and_finds_it_on_the_saved_page(client, group, neighbour, posts):
    client.force_login(neighbour)
    client.post(reverse("toolbox:save", args=[posts[2].pk]))
    client.post(reverse("toolbox:save", args=[posts[2].pk]))  # twice keeps one
    assert SavedPost.objects.filter(user=neighbour).count() == 1
    page = client.get(reverse("toolbox:saved")).content.decode()
    assert "Message numéro 2" in page and "Message numéro 3" not in page


def test_saved_posts_are_private_to_the_person(client, group, inhabitant, neighbour, posts):
    post_save_for_later(user=neighbour, post=posts[1])
    client.force_login(inhabitant)
    assert "Message numéro 1" not in client.get(reverse("toolbox:saved")).content.decode()
    assert api_client(inhabitant).get(reverse("api:saved_list")).json() == []


def test_a_saved_post_of_a_group_one_left_drops_out(client, group, neighbour, posts):
    post_save_for_later(user=neighbour, post=posts[0])
    space_leave(space=group, user=neighbour)
    client.force_login(neighbour)
    assert "Message numéro 0" not in client.get(reverse("toolbox:saved")).content.decode()
    assert api_client(neighbour).get(reverse("api:saved_list")).json() == []


def test_an_outsider_cannot_save_a_private_post(group, outsider, posts):
    api = api_client(outsider)
    assert api.put(reverse("api:saved_add", args=[posts[0].pk])).status_code == 404
    assert not SavedPost.objects.exists()


def test_saved_posts_by_api(group, neighbour, posts):
    api = api_client(neighbour)
    assert api.put(reverse("api:saved_add", args=[posts[0].pk])).status_code == 200
    assert [row["post_id"] for row in api.get(reverse("api:saved_list")).json()] == [posts[0].pk]
    assert api.delete(reverse("api:saved_remove", args=[posts[0].pk])).status_code == 204
    assert api.get(reverse("api:saved_list")).json() == []


def test_the_saved_page_reads_a_fixed_number_of_queries(
    client, group, neighbour, inhabitant, django_assert_max_num_queries
):
    client.force_login(neighbour)
    for n in range(3):
        post_save_for_later(user=neighbour, post=post_create(author=inhabitant, space=group, body=f"Texte {n}"))
    client.get(reverse("toolbox:saved"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("toolbox:saved"))
    for n in range(10):
        post_save_for_later(user=neighbour, post=post_create(author=inhabitant, space=group, body=f"Encore {n}"))
    with django_assert_max_num_queries(len(few.captured_queries) + 2):
        client.get(reverse("toolbox:saved"))
