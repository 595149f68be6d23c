import re
from collections import Counter

import pytest

from parvis.moderation import services


def duplicate_ids(html: str) -> list[str]:
    return [value for value, count in Counter(re.findall(r'\bid="([^"]+)"', html)).items() if count > 1]


@pytest.mark.django_db
def test_moderation_pages_have_a_title_a_heading_and_unique_ids(
    client, public_post, public_comment, inhabitant, neighbour, outsider
):
    first = services.report_create(reporter=outsider, kind="post", target_id=public_post.pk, reason="spam")
    services.report_create(reporter=outsider, kind="comment", target_id=public_comment.pk, reason="hate")
    client.force_login(outsider)
    pages = [client.get(f"/moderation/signaler/commentaire/{public_comment.pk}/")]
    client.force_login(inhabitant)
    pages += [client.get("/moderation/"), client.get("/charte/")]
    decision = services.decision_take(moderator=inhabitant, report=first, action="hide", reason="Publicité.")
    client.force_login(neighbour)
    pages.append(client.get(f"/moderation/decisions/{decision.pk}/"))
    client.logout()
    pages.append(client.get("/accounts/signup/"))
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1" in html and re.search(r"<title>\s*\S", html)
        assert duplicate_ids(html) == [], response.request["PATH_INFO"]


@pytest.mark.django_db
def test_report_links_appear_on_posts_comments_spaces_and_profiles(
    client, public_post, public_comment, outsider, spaces
):
    client.force_login(outsider)
    page = client.get(f"/publications/{public_post.pk}/").content.decode()
    assert f"/moderation/signaler/publication/{public_post.pk}/" in page
    assert f"/moderation/signaler/commentaire/{public_comment.pk}/" in page
    page = client.get(public_post.space.get_absolute_url()).content.decode()
    assert f"/moderation/signaler/espace/{public_post.space.pk}/" in page
    page = client.get(public_post.author.get_absolute_url())
    if page.status_code == 200:  # the profile may be hidden from the outsider by its owner's privacy choice
        assert f"/moderation/signaler/personne/{public_post.author.pk}/" in page.content.decode()
