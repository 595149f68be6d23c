import pytest

from parvis.core.ratelimit import RateLimited, check_rate
from parvis.moderation import services
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import make_user


def test_check_rate_raises_past_the_limit_with_the_wait_in_minutes(rate_limits_on):
    for _ in range(3):
        check_rate("test:1", 3, 600)
    with pytest.raises(RateLimited) as caught:
        check_rate("test:1", 3, 600)
    assert 1 <= caught.value.retry_after <= 600
    assert "minute" in caught.value.messages[0]
    check_rate("test:2", 3, 600)  # another key counts apart


@pytest.mark.django_db
def test_the_21st_post_in_ten_minutes_is_refused_with_a_message(rate_limits_on, signed_in, spaces):
    space = spaces[Visibility.PUBLIC]
    for number in range(20):
        signed_in.post(f"/espaces/{space.slug}/publier/", {"body": f"Message {number}"})
    response = signed_in.post(f"/espaces/{space.slug}/publier/", {"body": "Un de trop"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "trop vite" in page or "too fast" in page
    assert space.posts.count() == 20


@pytest.mark.django_db
def test_commenting_is_limited_too(rate_limits_on, spaces, inhabitant):
    from parvis.posts.services import comment_create

    post = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Sujet")
    for number in range(60):
        comment_create(author=inhabitant, post=post, body=f"Réponse {number}")
    with pytest.raises(RateLimited):
        comment_create(author=inhabitant, post=post, body="Une de trop")


@pytest.mark.django_db
def test_the_11th_report_in_an_hour_is_refused_with_a_message_and_the_form_kept(
    rate_limits_on, client, spaces, inhabitant
):
    reporter = make_user("flood@example.org", display_name="Flood")
    posts = [post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body=f"Sujet {n}") for n in range(11)]
    for post in posts[:10]:
        services.report_create(reporter=reporter, kind="post", target_id=post.pk, reason="spam")
    client.force_login(reporter)
    response = client.post(f"/moderation/signaler/publication/{posts[10].pk}/", {"reason": "spam", "good_faith": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "trop vite" in page or "too fast" in page
