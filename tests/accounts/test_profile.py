import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from parvis.accounts.models import ProfileVisibility, User
from parvis.core.storage_settings import storages_from
from tests.factories import jpeg_bytes, make_user

EDIT = "/profil/"


def profile_data(**overrides):
    data = {
        "display_name": "Camille B.",
        "bio": "Jardinière du dimanche.",
        "home_commune": "",
        "profile_visibility": ProfileVisibility.COMMUNE,
    }
    data.update(overrides)
    return data


def test_choosing_the_commune_by_name(signed_in, inhabitant):
    response = signed_in.post(EDIT, profile_data(home_commune="Compiègne"))
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    assert inhabitant.home_commune.code == "60159"
    assert inhabitant.display_name == "Camille B."


def test_choosing_the_commune_from_the_suggestions_or_by_a_postal_code_of_one_commune(signed_in, inhabitant):
    signed_in.post(EDIT, profile_data(home_commune="Évry-Courcouronnes (91228)"))
    inhabitant.refresh_from_db()
    assert inhabitant.home_commune.code == "91228"
    signed_in.post(EDIT, profile_data(home_commune="60200"))
    inhabitant.refresh_from_db()
    assert inhabitant.home_commune.name == "Compiègne"


def test_unknown_postal_code_is_answered_clearly_and_nothing_is_lost(signed_in, inhabitant, beauvais):
    response = signed_in.post(EDIT, profile_data(home_commune="99999", display_name="Nouveau nom"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Aucune commune n'a le code postal 99999." in page.replace("&#x27;", "'")
    assert 'value="Nouveau nom"' in page  # what the person typed is still in the form
    inhabitant.refresh_from_db()
    assert inhabitant.home_commune == beauvais
    assert inhabitant.display_name == "Camille"


def test_a_postal_code_shared_by_several_communes_asks_to_choose_by_name(signed_in):
    response = signed_in.post(EDIT, profile_data(home_commune="60000"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "60000" in page and "Beauvais" in page and "Goincourt" in page


def test_avatar_is_reencoded_square_and_stripped_of_its_gps_position(signed_in, inhabitant):
    upload = SimpleUploadedFile("moi.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = signed_in.post(EDIT, {**profile_data(), "avatar": upload})
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    with Image.open(inhabitant.avatar.open("rb")) as saved:
        assert saved.size == (256, 256)
        assert saved.format == "JPEG"
        assert dict(saved.getexif()) == {}


def test_oversized_avatar_is_refused_with_its_size_and_the_limit(signed_in, inhabitant, settings):
    settings.PARVIS_AVATAR_MAX_BYTES = 50_000
    upload = SimpleUploadedFile("grand.jpg", b"\xff\xd8" + b"0" * 60_000, content_type="image/jpeg")
    response = signed_in.post(EDIT, {**profile_data(display_name="Gardé"), "avatar": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "48,8" in page  # the limit (48,8 Ko) is part of the message
    inhabitant.refresh_from_db()
    assert not inhabitant.avatar
    assert inhabitant.display_name == "Camille"


def test_a_file_that_is_not_an_image_is_refused_as_avatar(signed_in, inhabitant):
    upload = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image at all", content_type="image/png")
    response = signed_in.post(EDIT, {**profile_data(), "avatar": upload})
    assert response.status_code == 200
    assert "JPEG, PNG" in response.content.decode()
    inhabitant.refresh_from_db()
    assert not inhabitant.avatar


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(commune=st.text(max_size=150), name=st.text(max_size=120), bio=st.text(max_size=700))
def test_any_text_in_the_profile_form_gets_an_answer_never_a_server_error(client, commune, name, bio):
    user = User.objects.filter(email="fuzz@example.org").first() or make_user("fuzz@example.org")
    client.force_login(user)
    response = client.post(EDIT, profile_data(home_commune=commune, display_name=name, bio=bio))
    if "\x00" in commune + name + bio:  # the form comes back with the field's sentence
        assert response.status_code == 200
        assert "Le caractère nul n’est pas autorisé." in response.content.decode()
    else:
        assert response.status_code in (200, 302)


def test_profile_page_follows_each_persons_privacy_choice(client, inhabitant, neighbour, outsider):
    url = inhabitant.get_absolute_url()
    inhabitant.profile_visibility = ProfileVisibility.COMMUNE
    inhabitant.save()
    assert client.get(url).status_code == 404  # anonymous
    client.force_login(outsider)  # lives in Compiègne
    assert client.get(url).status_code == 404
    client.force_login(neighbour)  # lives in Beauvais too
    assert client.get(url).status_code == 200

    inhabitant.profile_visibility = ProfileVisibility.EVERYONE
    inhabitant.save()
    client.logout()
    assert client.get(url).status_code == 200


def test_contacts_only_profile_is_seen_by_people_sharing_a_group(client, inhabitant, outsider, spaces):
    from parvis.spaces.services.memberships import space_join

    inhabitant.profile_visibility = ProfileVisibility.CONTACTS
    inhabitant.save()
    client.force_login(outsider)
    assert client.get(inhabitant.get_absolute_url()).status_code == 404
    space_join(space=spaces["public"], user=outsider)
    assert client.get(inhabitant.get_absolute_url()).status_code == 200


def test_profile_page_never_shows_the_email_address(client, inhabitant):
    inhabitant.profile_visibility = ProfileVisibility.EVERYONE
    inhabitant.save()
    assert inhabitant.email not in client.get(inhabitant.get_absolute_url()).content.decode()


def test_a_refused_profile_change_keeps_the_avatar_already_saved(inhabitant, settings, tmp_path):
    from django.core.exceptions import ValidationError

    from parvis.accounts.services import profile_update

    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = storages_from({})  # this test lists the files on the disk, whatever the storage profile
    keep = {"bio": "", "home_commune": None, "quartier": None, "residence": None, "profile_visibility": "commune"}
    first = SimpleUploadedFile("moi.jpg", jpeg_bytes(), content_type="image/jpeg")
    profile_update(user=inhabitant, display_name="Camille", avatar=first, **keep)
    saved = inhabitant.avatar.name
    second = SimpleUploadedFile("autre.jpg", jpeg_bytes((300, 300)), content_type="image/jpeg")
    with pytest.raises(ValidationError):
        profile_update(user=User.objects.get(pk=inhabitant.pk), display_name="C" * 500, avatar=second, **keep)
    assert User.objects.get(pk=inhabitant.pk).avatar.name == saved
    assert [str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()] == [saved]


def test_a_display_name_loses_its_bidirectional_overrides_and_zero_width_characters(signed_in, inhabitant):
    response = signed_in.post(EDIT, profile_data(display_name="\u202eCamille\u200b B.\u2066\u2069"))
    assert response.status_code == 302
    inhabitant.refresh_from_db()
    assert inhabitant.display_name == "Camille B."
