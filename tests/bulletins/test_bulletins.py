"""The authorities' news: who a segment reaches, counts without names, e-mail only to those who said yes, the rules
of sending."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parvis.bulletins.models import Bulletin, BulletinVerb, Reception
from parvis.bulletins.services import bulletin_preview, segment_people, themes_set
from parvis.notifications.models import Notification
from parvis.notifications.services import digests_send_daily, notification_preference_unsubscribe
from parvis.spaces.models import Space
from tests.factories import add_member, make_user, only_entry


def _reached(bulletin) -> set[str]:
    return set(Reception.objects.filter(bulletin=bulletin).values_list("person__email", flat=True))


def test_a_commune_segment_reaches_its_inhabitants_only(send, agent, town_hall, beauvais, inhabitant, outsider):
    bulletin = send(actor=agent, space=town_hall, territory_id=beauvais.pk)
    assert inhabitant.email in _reached(bulletin)
    assert outsider.email not in _reached(bulletin)
    assert Notification.objects.filter(recipient=inhabitant, target_kind="bulletin", target_id=bulletin.pk).exists()
    assert not Notification.objects.filter(recipient=outsider, target_kind="bulletin").exists()


def test_a_quartier_segment_reaches_the_people_who_live_there(
    send, agent, town_hall, saint_jean, inhabitant, neighbour
):
    inhabitant.quartier = saint_jean
    inhabitant.save(update_fields=["quartier"])
    bulletin = send(actor=agent, space=town_hall, territory_id=saint_jean.pk)
    assert _reached(bulletin) == {inhabitant.email}


def test_group_members_are_reached_wherever_they_live(send, agent, town_hall, beauvais, outsider, inhabitant):
    youth = Space.objects.create(name="Conseil des jeunes", slug="conseil-jeunes", territory=beauvais)
    add_member(youth, agent, role="owner")
    add_member(youth, outsider)
    bulletin = send(actor=agent, space=town_hall, group_ids=[youth.pk])
    assert outsider.email in _reached(bulletin)
    assert inhabitant.email not in _reached(bulletin)


def test_themes_narrow_the_segment_to_those_who_chose_one(send, agent, town_hall, beauvais, inhabitant, neighbour):
    themes_set(person=inhabitant, themes=["culture"], email=False)
    themes_set(person=neighbour, themes=["sport"], email=False)
    bulletin = send(actor=agent, space=town_hall, territory_id=beauvais.pk, themes=["culture"])
    assert _reached(bulletin) == {inhabitant.email}


def test_the_preview_gives_counts_never_names(client, agent, town_hall, beauvais, inhabitant, neighbour):
    for number in range(6):
        make_user(f"habitant{number}@example.org", display_name=f"Habitant {number}", home_commune=beauvais)
    themes_set(person=inhabitant, themes=["culture"], email=True)
    client.force_login(agent)
    url = reverse("bulletins:compose", kwargs={"slug": town_hall.slug})
    page = client.post(url, {"title": "T", "text": "x", "territory": beauvais.pk, "action": "preview"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "in the app: 9 people" in html  # 6 + the inhabitant, the neighbour, the agent
    assert "by e-mail: fewer than 5 people" in html
    assert "Camille" not in html and inhabitant.email not in html
    assert not Bulletin.objects.exists()  # a preview sends nothing


def test_small_counts_are_shown_as_fewer_than_five(agent, town_hall, beauvais, inhabitant):
    counts = bulletin_preview(actor=agent, space=town_hall, territory_id=beauvais.pk)
    assert counts == {"in_app": "fewer than 5", "email": "fewer than 5"}


def test_email_goes_only_to_those_who_said_yes(send, agent, town_hall, beauvais, inhabitant, neighbour):
    themes_set(person=inhabitant, themes=[], email=True)
    mail.outbox.clear()
    bulletin = send(actor=agent, space=town_hall, territory_id=beauvais.pk)
    assert [message.to for message in mail.outbox] == [[inhabitant.email]]
    assert "Beauvais sends you news" in mail.outbox[0].body
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    bulletin.refresh_from_db()
    assert bulletin.emailed == 1 and bulletin.reached == 3
    # The neighbour, who did not say yes, has it in the app only, and no daily digest carries it later.
    assert Notification.objects.filter(recipient=neighbour, target_kind="bulletin").exists()
    mail.outbox.clear()
    digests_send_daily()
    assert mail.outbox == []


def test_unsubscribing_stops_the_news_by_email(send, agent, town_hall, beauvais, inhabitant):
    themes_set(person=inhabitant, themes=[], email=True)
    notification_preference_unsubscribe(user_id=inhabitant.pk)
    assert bulletin_preview(actor=agent, space=town_hall, territory_id=beauvais.pk)["email"] == "fewer than 5"
    mail.outbox.clear()
    send(actor=agent, space=town_hall, territory_id=beauvais.pk)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=inhabitant, target_kind="bulletin").exists()


def test_a_member_who_is_not_an_administrator_is_refused(send, town_hall, beauvais, inhabitant):
    add_member(town_hall, inhabitant)
    with pytest.raises(PermissionDenied):
        send(actor=inhabitant, space=town_hall, territory_id=beauvais.pk)
    assert not Bulletin.objects.exists()


def test_an_association_cannot_send_news(send, spaces, inhabitant, beauvais):
    with pytest.raises(PermissionDenied):
        send(actor=inhabitant, space=spaces["public"], territory_id=beauvais.pk)


def test_the_compose_page_refuses_a_non_manager(client, inhabitant, town_hall):
    client.force_login(inhabitant)
    assert client.get(reverse("bulletins:compose", kwargs={"slug": town_hall.slug})).status_code == 403


def test_a_segment_outside_the_territory_is_refused_with_a_sentence(client, agent, town_hall, compiegne):
    client.force_login(agent)
    url = reverse("bulletins:compose", kwargs={"slug": town_hall.slug})
    page = client.post(url, {"title": "Fête", "text": "Samedi", "territory": compiegne.pk, "action": "send"})
    assert page.status_code == 200
    assert "outside the territory of" in page.content.decode()
    assert not Bulletin.objects.exists()


def test_a_group_the_sender_does_not_administer_is_refused(agent, town_hall, spaces):
    with pytest.raises(ValidationError) as error:
        bulletin_preview(actor=agent, space=town_hall, group_ids=[spaces["public"].pk])
    assert "groups you administer" in str(error.value)


def test_sending_is_audited_and_logged_for_the_managers(client, send, agent, town_hall, beauvais, inhabitant):
    send(actor=agent, space=town_hall, territory_id=beauvais.pk, public=False, title="Réunion de quartier")
    entry = only_entry(BulletinVerb.SENT)
    assert entry.space_id == town_hall.pk and entry.actor_id == agent.pk
    client.force_login(agent)
    html = client.get(reverse("bulletins:space_list", kwargs={"slug": town_hall.slug})).content.decode()
    assert "Réunion de quartier" in html and "Reached in the app" in html and "fewer than 5" in html


def test_a_targeted_bulletin_is_read_only_by_those_it_reached(
    client, send, agent, town_hall, saint_jean, inhabitant, neighbour
):
    inhabitant.quartier = saint_jean
    inhabitant.save(update_fields=["quartier"])
    bulletin = send(actor=agent, space=town_hall, territory_id=saint_jean.pk, public=False, title="Secret Saint-Jean")
    url = bulletin.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(neighbour)
    assert client.get(url).status_code == 404
    assert (
        "Secret Saint-Jean"
        not in client.get(reverse("bulletins:space_list", kwargs={"slug": town_hall.slug})).content.decode()
    )
    client.force_login(inhabitant)
    assert "Secret Saint-Jean" in client.get(url).content.decode()


def test_the_segment_is_resolved_again_when_it_is_sent(agent, town_hall, beauvais, inhabitant, compiegne):
    people = segment_people(territory=beauvais, groups=[], themes=[])
    assert inhabitant in people
    inhabitant.home_commune = compiegne
    inhabitant.save(update_fields=["home_commune"])
    assert inhabitant not in segment_people(territory=beauvais, groups=[], themes=[])


def test_the_api_lists_public_bulletins_and_sends_with_a_write_token(send, agent, town_hall, beauvais, inhabitant):
    from tests.factories import api_client

    send(actor=agent, space=town_hall, territory_id=beauvais.pk, title="Publique")
    send(actor=agent, space=town_hall, territory_id=beauvais.pk, title="Ciblée", public=False)
    from django.test import Client

    listed = Client().get(f"/api/v1/bulletins/space/{town_hall.slug}").json()
    assert [item["title"] for item in listed] == ["Publique"]
    api = api_client(agent)
    preview = api.post(
        f"/api/v1/bulletins/space/{town_hall.slug}/preview", {"territory": beauvais.pk}, content_type="application/json"
    )
    assert preview.status_code == 200 and preview.json()["in_app"] == "fewer than 5"
    refused = api_client(inhabitant).post(
        f"/api/v1/bulletins/space/{town_hall.slug}",
        {"title": "x", "text": "y", "territory": beauvais.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_my_themes_page_saves_the_choices(client, inhabitant):
    client.force_login(inhabitant)
    url = reverse("bulletins:themes")
    assert client.post(url, {"themes": ["culture", "sport"], "email": "on"}).status_code == 302
    page = client.get(url).content.decode()
    assert 'value="culture" checked' in page.replace('" id', '"').replace("  ", " ") or "checked" in page
    from parvis.bulletins.services import themes_of

    assert themes_of(person=inhabitant) == ({"culture", "sport"}, True)
    assert client.post(url, {"themes": ["nimportequoi"]}).status_code == 200


def test_download_and_deletion_cover_the_news_rows(send, agent, town_hall, beauvais, inhabitant):
    from parvis.bulletins.models import NewsConsent, ThemeChoice
    from parvis.rights.collect import personal_data
    from parvis.rights.erase import account_erase

    themes_set(person=inhabitant, themes=["sport"], email=True)
    bulletin = send(actor=agent, space=town_hall, territory_id=beauvais.pk, title="Piscine fermée")
    mine = personal_data(inhabitant)
    assert [row["bulletin__title"] for row in mine["news_received"]] == ["Piscine fermée"]
    assert mine["news_themes"] == [{"theme": "sport"}] and mine["news_by_email"][0]["email"] is True
    assert [row["title"] for row in personal_data(agent)["news_sent"]] == ["Piscine fermée"]

    account_erase(user=inhabitant, keep_contributions=True)
    assert not Reception.objects.filter(person=inhabitant).exists()
    assert not ThemeChoice.objects.filter(person=inhabitant).exists()
    assert not NewsConsent.objects.filter(person=inhabitant).exists()
    account_erase(user=agent, keep_contributions=True)
    bulletin.refresh_from_db()
    assert bulletin.author_id is None  # the institution's news stays, without the agent's name


def test_a_space_sending_too_often_is_told_to_wait(send, agent, town_hall, beauvais):
    from parvis.bulletins.services import SENDS_PER_DAY

    for number in range(SENDS_PER_DAY):
        send(actor=agent, space=town_hall, territory_id=beauvais.pk, title=f"Info {number}")
    with pytest.raises(ValidationError) as error:
        send(actor=agent, space=town_hall, territory_id=beauvais.pk, title="Une de trop")
    assert "try again in" in str(error.value)
    assert Bulletin.objects.count() == SENDS_PER_DAY


def test_the_official_space_page_links_to_its_news(client, town_hall):
    page = client.get(town_hall.get_absolute_url()).content.decode()
    assert reverse("bulletins:space_list", kwargs={"slug": town_hall.slug}) in page
