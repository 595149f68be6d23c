"""The directory page and API: only listed spaces, filters, search, profiles edited by the page's admins."""

import pytest
from django.urls import reverse

from parvis.directory import services
from parvis.directory.models import Theme
from parvis.spaces.models import OrganisationKind, Visibility
from parvis.spaces.services.organisations import organisation_request

pytestmark = pytest.mark.django_db


def test_directory_lists_organisations_but_not_groups(client, association, shop, spaces):
    page = client.get(reverse("directory:index")).content.decode()
    assert "Club de judo de Beauvais" in page
    assert "Boulangerie du Parvis" in page
    assert "Groupe public" not in page  # a group is not an organisation


def test_secret_organisation_space_never_appears(client, association, outsider, neighbour):
    # An organisation page is public by rule; a secret one can only come from the database (a former group).
    association.visibility = Visibility.SECRET
    association.save(update_fields=["visibility"])
    for user in (None, outsider, neighbour):
        if user:
            client.force_login(user)
        assert "Club de judo" not in client.get(reverse("directory:index")).content.decode()
        assert client.get(reverse("directory:entry", args=[association.slug])).status_code == 404
        assert client.get("/api/v1/directory/", {"q": "judo"}).json()["items"] == []
        assert client.get(f"/api/v1/directory/{association.slug}").status_code == 404


def test_filters_by_kind_theme_category_commune_and_name(client, inhabitant, association, shop, outsider, compiegne):
    services.profile_update(actor=inhabitant, space=association, themes=[Theme.SPORT, Theme.YOUTH])
    other = organisation_request(
        requester=outsider,
        name="Théâtre de Compiègne",
        kind=OrganisationKind.CULTURAL_VENUE,
        commune=compiegne,
        rna="W602222222",
    )
    url = reverse("directory:index")

    def names(**params):
        page = client.get(url, params).content.decode()
        return {n for n in ("Club de judo", "Boulangerie du Parvis", "Théâtre de Compiègne") if n in page}

    assert names() == {"Club de judo", "Boulangerie du Parvis", "Théâtre de Compiègne"}
    assert names(kind="shop") == {"Boulangerie du Parvis"}
    assert names(theme="sport") == {"Club de judo"}
    assert names(theme="culture") == set()
    assert names(commune=compiegne.pk) == {"Théâtre de Compiègne"}
    assert names(q="theatre") == {"Théâtre de Compiègne"}  # accents do not matter
    assert other.territory == compiegne
    api = client.get("/api/v1/directory/", {"kind": "association", "theme": "sport"}).json()
    assert [item["name"] for item in api["items"]] == ["Club de judo de Beauvais"]
    assert api["items"][0]["themes"] == ["sport", "youth"]
    entry = client.get(f"/api/v1/directory/{association.slug}").json()
    assert (entry["kind"], entry["rna"], entry["member_count"]) == ("association", "W601234567", 1)


def test_a_wrong_filter_gets_a_sentence_not_a_500(client, association):
    assert client.get(reverse("directory:index"), {"kind": "nope", "commune": "x"}).status_code == 400
    response = client.get("/api/v1/directory/", {"kind": "nope"})
    assert response.status_code == 400
    assert "Unknown kind" in response.json()["detail"]


def test_entry_shows_members_count_rna_and_verified_badge(client, shop, association):
    page = client.get(reverse("directory:entry", args=[shop.slug])).content.decode()
    assert "Verified organisation" in page
    assert "1 member" in page
    page = client.get(reverse("directory:entry", args=[association.slug])).content.decode()
    assert "W601234567" in page
    assert "Organisation not verified yet" in page


def test_only_page_admins_edit_the_profile(client, shop, shopkeeper, neighbour):
    url = reverse("directory:edit", args=[shop.slug])
    client.force_login(neighbour)
    assert client.get(url).status_code == 403
    assert client.post(url, {"activities": "Pain"}).status_code == 403
    client.force_login(shopkeeper)
    assert url in client.get(shop.get_absolute_url()).content.decode()  # the page's admins find the form
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "shop_category": "food",
            "activities": "Pain au levain",
            "opening_hours": "Mar–Sam : 7:00–19:30\nDim : 7:00–12:30",
            "website": "boulangerie.example.fr",
            "phone": "03 44 00 00 00",
        },
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.profile.shop_category == "food"
    assert shop.profile.website == "https://boulangerie.example.fr"
    assert client.get(reverse("directory:index"), {"category": "food"}).content.decode().count("Boulangerie") >= 1


def test_profile_bad_input_is_a_clear_message(client, shop, shopkeeper):
    client.force_login(shopkeeper)
    response = client.post(
        reverse("directory:edit", args=[shop.slug]),
        {"email": "pas-une-adresse", "phone": "abc", "opening_hours": "\n".join(["lundi"] * 8)},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This e-mail address is not valid" in page
    assert "A phone number has digits" in page
    assert "7 lines at most" in page


def test_directory_page_query_count_is_bounded(client, inhabitant, beauvais, django_assert_max_num_queries):
    from parvis.directory.models import OrganisationProfile
    from parvis.spaces.models import Space

    def make(count):
        for i in range(count):
            inhabitant_log_reset(inhabitant)
            page = organisation_request(
                requester=inhabitant,
                name=f"Association {i:02d}",
                kind=OrganisationKind.ASSOCIATION,
                commune=beauvais,
                rna=f"W6000000{i:02d}",
            )
            OrganisationProfile.objects.create(space=page, themes=",sport,")

    make(1)
    client.force_login(inhabitant)
    with django_assert_max_num_queries(10) as one:
        assert client.get(reverse("directory:index")).status_code == 200
    Space.objects.filter(organisation_kind=OrganisationKind.ASSOCIATION).delete()
    make(20)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("directory:index")).content.decode()
    assert "Association 19" in page


def inhabitant_log_reset(user):
    """Organisation requests count against the daily limit of spaces; the test makes many."""
    from parvis.core.audit import AuditEntry

    AuditEntry.objects.filter(actor=user).delete()


def test_pages_render_in_french(client, shop, shopkeeper, school, settings):
    from django.utils import translation

    from parvis.directory.services import school_class_create

    school_class_create(creator=shopkeeper, school=school, year="CM2", class_name="B", school_year="2026-2027")
    client.force_login(shopkeeper)
    with translation.override("fr"):
        headers = {"Accept-Language": "fr"}
        settings.LANGUAGE_CODE = "fr"
        assert "Annuaire" in client.get(reverse("directory:index"), headers=headers).content.decode()
        page = client.get(reverse("directory:entry", args=[school.slug]), headers=headers).content.decode()
        assert "CM2 B — École Jean-Jaurès (2026-2027)" in page
        assert client.get(reverse("directory:edit", args=[shop.slug]), headers=headers).status_code == 200
        assert client.get(reverse("directory:class_create"), headers=headers).status_code == 200
