"""The reaction form sends the person back where they were, never to another site (`next=//host`)."""

import pytest
from django.urls import reverse

ELSEWHERE = [
    "//evil.example",
    "///evil.example",
    "https://evil.example/",
    "/\\evil.example",
    " //evil.example",
    "\\\\evil.example",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_reaction_never_redirects_off_site(client, neighbour, public_post, target):
    client.force_login(neighbour)
    response = client.post(reverse("posts:react", args=[public_post.pk]), {"kind": "like", "next": target})
    assert response.status_code == 302
    assert response["Location"] == public_post.get_absolute_url()
    assert public_post.reactions.get().kind == "like"


def test_reaction_returns_to_the_page_it_came_from(client, neighbour, public_post):
    client.force_login(neighbour)
    response = client.post(reverse("posts:react", args=[public_post.pk]), {"kind": "like", "next": "/fil/?apres=x"})
    assert response["Location"] == "/fil/?apres=x"
