import pytest

from parvis.moderation import services
from parvis.moderation.models import Report
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.factories import bearer

URL = "/api/v1/reports"


@pytest.mark.django_db
def test_report_created_with_a_token(client, public_post, outsider):
    payload = {"kind": "post", "target_id": public_post.pk, "reason": "spam", "details": "Pub."}
    response = client.post(URL, payload, content_type="application/json", **bearer(outsider))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "post" and body["target_id"] == public_post.pk and body["status"] == "open"
    assert Report.objects.get().reporter == outsider
    # Once only.
    response = client.post(URL, payload, content_type="application/json", **bearer(outsider))
    assert response.status_code == 400 and response.json()["detail"]


@pytest.mark.django_db
def test_api_answers_404_for_an_invisible_post_and_400_for_bad_input(client, private_post, public_post, outsider):
    headers = bearer(outsider)
    response = client.post(
        URL,
        {"kind": "post", "target_id": private_post.pk, "reason": "spam"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    for payload in (
        {"kind": "thing", "target_id": public_post.pk, "reason": "spam"},
        {"kind": "post", "target_id": public_post.pk, "reason": "boring"},
        {"kind": "post", "target_id": public_post.pk, "reason": "other", "details": ""},
    ):
        response = client.post(URL, payload, content_type="application/json", **headers)
        assert response.status_code == 400, payload
        assert response.json()["detail"]


@pytest.mark.django_db
def test_api_needs_a_signed_in_caller(client, public_post):
    response = client.post(
        URL, {"kind": "post", "target_id": public_post.pk, "reason": "spam"}, content_type="application/json"
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_api_answers_429_when_reporting_too_fast(settings, client, spaces, inhabitant, outsider, rate_limits_on):
    posts = [post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body=f"Sujet {n}") for n in range(11)]
    for post in posts[:10]:
        services.report_create(reporter=outsider, kind="post", target_id=post.pk, reason="spam")
    response = client.post(
        URL,
        {"kind": "post", "target_id": posts[10].pk, "reason": "spam"},
        content_type="application/json",
        **bearer(outsider),
    )
    assert response.status_code == 429
    assert response.json()["detail"]
    assert int(response["Retry-After"]) > 0
