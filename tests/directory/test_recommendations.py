"""Neighbours recommend a shop or a service of the directory: one per person per entry, editable, moderated like
comments; the entry shows the count and the latest ones."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from parvis.core import kinds
from parvis.directory.models import Recommendation
from parvis.directory.services import recommendation_create
from parvis.moderation.services import decision_take, report_create
from tests.factories import api_client


def test_a_neighbour_recommends_a_shop_and_the_entry_shows_it(client, shop, inhabitant, neighbour):
    recommendation_create(author=neighbour, space=shop, text="Le meilleur pain de la rue.")
    client.force_login(inhabitant)
    page = client.get(reverse("directory:entry", args=[shop.slug])).content.decode()
    assert "1 recommendation" in page and "Le meilleur pain de la rue." in page and "Dominique" in page


def test_a_second_recommendation_of_the_same_entry_is_refused_with_a_sentence(shop, neighbour):
    recommendation_create(author=neighbour, space=shop, text="Très bon accueil.")
    with pytest.raises(ValidationError) as refused:
        recommendation_create(author=neighbour, space=shop, text="Encore !")
    assert "already recommend" in " ".join(refused.value.messages)
    assert Recommendation.objects.filter(space=shop).count() == 1


def test_the_same_form_edits_ones_recommendation(client, shop, neighbour):
    client.force_login(neighbour)
    client.post(reverse("directory:recommend", args=[shop.slug]), {"text": "Bon pain."})
    client.post(reverse("directory:recommend", args=[shop.slug]), {"text": "Excellent pain, croissants aussi."})
    assert list(Recommendation.objects.values_list("text", flat=True)) == ["Excellent pain, croissants aussi."]


def test_an_empty_recommendation_gets_a_sentence_next_to_the_field(client, shop, neighbour):
    client.force_login(neighbour)
    answer = client.post(reverse("directory:recommend", args=[shop.slug]), {"text": "   "})
    assert answer.status_code == 400 and "why you recommend" in answer.content.decode()


def test_a_shop_does_not_recommend_itself(shop, shopkeeper):
    with pytest.raises(ValidationError):
        recommendation_create(author=shopkeeper, space=shop, text="Nous sommes formidables.")


def test_recommendations_by_api_and_the_second_one_is_a_400(shop, neighbour, client):
    api = api_client(neighbour)
    url = reverse("api:recommendation_create", args=[shop.slug])
    created = api.post(url, {"text": "Service rapide."}, content_type="application/json")
    assert created.status_code == 201, created.content
    second = api.post(url, {"text": "Encore."}, content_type="application/json")
    assert second.status_code == 400 and "already recommend" in second.json()["detail"]
    edited = api.put(
        reverse("api:recommendation_update", args=[created.json()["id"]]),
        {"text": "Service rapide et souriant."},
        content_type="application/json",
    )
    assert edited.status_code == 200 and edited.json()["text"] == "Service rapide et souriant."
    listed = client.get(reverse("api:recommendation_list", args=[shop.slug])).json()
    assert [row["text"] for row in listed] == ["Service rapide et souriant."] and listed[0]["mine"] is False


def test_a_recommendation_is_reported_and_hidden_like_a_comment(shop, neighbour, inhabitant, operator_moderator):
    recommendation = recommendation_create(author=neighbour, space=shop, text="Texte injurieux")
    kind = kinds.of(recommendation)
    assert kind is not None and kind.name == "recommendation"
    report = report_create(
        reporter=inhabitant,
        kind="recommendation",
        target_id=recommendation.pk,
        reason="other",
        details="Injures envers le commerçant.",
    )
    decision_take(moderator=operator_moderator, report=report, action=kinds.HIDE, reason="Propos injurieux")
    assert not Recommendation.objects.visible_to(None).filter(pk=recommendation.pk).exists()


def test_the_directory_list_and_api_give_each_entrys_count(client, shop, neighbour, inhabitant):
    recommendation_create(author=neighbour, space=shop, text="Très bon pain.")
    recommendation_create(author=inhabitant, space=shop, text="Accueil chaleureux.")
    assert "2 recommendations" in client.get(reverse("directory:index")).content.decode()
    entry = client.get(reverse("api:entry_detail", args=[shop.slug])).json()
    assert entry["recommendation_count"] == 2
