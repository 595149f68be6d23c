"""Delete my account: confirmed by the password or a code of the second factor; everything naming the person goes,
what they wrote in groups that remain goes or stays as "Former member", as they chose."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from parvis.accounts import hooks as accounts_hooks
from parvis.accounts.models import User
from parvis.accounts.services import profile_update
from parvis.agenda.models import Rsvp, RsvpStatus
from parvis.agenda.services.rsvps import rsvp_set
from parvis.core.audit import AuditEntry
from parvis.neighbours.models import Listing
from parvis.posts.models import Post, Status
from parvis.posts.services import post_create
from parvis.spaces.models import Space
from parvis.spaces.services.spaces import space_create
from tests.core.test_hostile_forms import HOSTILE, NUL, _nul_failures, _shows_an_error
from tests.factories import PASSWORD, add_member, make_event, png

PAGE = "/profil/mes-donnees/supprimer-mon-compte/"


def _form(**values):
    return {"contributions": "keep", "password": PASSWORD, "confirm": "on", **values}


@pytest.fixture
def group(spaces, inhabitant, neighbour):
    """The neighbour's group, where the inhabitant writes a post with a photo."""
    space = space_create(
        creator=neighbour, name="Jardin partagé", nature="voisinage", territory=spaces["public"].territory
    )
    add_member(space, inhabitant)
    return space


@pytest.fixture
def post(group, inhabitant):
    return post_create(author=inhabitant, space=group, body="Récolte de tomates", photos=[(png(), "Tomates")])


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.django_db
def test_a_wrong_password_deletes_nothing_and_says_so(inhabitant, post):
    response = _signed_in(inhabitant).post(PAGE, _form(password="pas le bon"))
    assert response.status_code == 200
    assert "Ce n&#x27;est pas votre mot de passe. Rien n&#x27;a été supprimé." in response.content.decode()
    inhabitant.refresh_from_db()
    assert inhabitant.is_active and inhabitant.erased_at is None and Post.objects.get().body == "Récolte de tomates"


@pytest.mark.django_db
def test_each_missing_answer_is_named_next_to_its_field(inhabitant):
    page = _signed_in(inhabitant).post(PAGE, {"contributions": "", "password": ""}).content.decode()
    for sentence in ("Choisissez ce que devient", "Saisissez votre mot de passe", "Cochez la case"):
        assert sentence in page
    assert User.objects.get(pk=inhabitant.pk).is_active


@pytest.mark.django_db
def test_the_owner_of_a_group_with_members_hands_it_over_first(spaces, inhabitant, neighbour):
    add_member(spaces["members"], neighbour)
    page = _signed_in(inhabitant).post(PAGE, _form()).content.decode()
    assert "Confiez d&#x27;abord l&#x27;espace" in page and spaces["members"].name in page
    assert User.objects.get(pk=inhabitant.pk).is_active


@pytest.mark.django_db
def test_kept_contributions_read_former_member_and_the_person_is_gone(
    inhabitant, neighbour, group, post, beauvais, django_capture_on_commit_callbacks
):
    profile_update(
        user=inhabitant,
        display_name="Camille",
        bio="",
        home_commune=beauvais,
        quartier=None,
        residence=None,
        profile_visibility="everyone",
        avatar=png("moi.png", size=(300, 300)),
    )
    avatar = inhabitant.avatar.name
    held = []
    accounts_hooks.before_erasure(lambda user: held.append(user.email))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = _signed_in(inhabitant).post(PAGE, _form(contributions="keep"), follow=True)
    finally:
        accounts_hooks._erasing.clear()
    assert "Votre compte est supprimé" in response.content.decode()
    assert held == ["camille@example.org"]  # the legal hold saw the identity before it was wiped
    person = User.objects.get(pk=inhabitant.pk)
    assert person.erased_at and not person.is_active and not person.has_usable_password()
    assert (person.display_name, person.handle, person.bio, person.avatar.name) == ("", None, "", "")
    assert "camille" not in person.email and not EmailAddress.objects.filter(user=person).exists()
    assert not inhabitant.avatar.storage.exists(avatar)
    assert Client().post("/accounts/login/", {"login": "camille@example.org", "password": PASSWORD}).status_code == 200
    # The post stays, signed "Ancien membre", with its photo.
    page = _signed_in(neighbour).get(f"/espaces/{group.slug}/").content.decode()
    assert "Récolte de tomates" in page and "Ancien membre" in page and "Camille" not in page
    assert post.attachments.get().image.storage.exists(post.attachments.get().image.name)


@pytest.mark.django_db
def test_removed_contributions_go_with_their_files_and_places_go_to_the_waiting_list(
    inhabitant, neighbour, outsider, group, post, django_capture_on_commit_callbacks
):
    photo = post.attachments.get().image
    event = make_event(neighbour, group, "Atelier semis", capacity=1)
    add_member(group, outsider)
    rsvp_set(user=inhabitant, event=event, status=RsvpStatus.GOING)
    rsvp_set(user=outsider, event=event, status=RsvpStatus.GOING)  # waits for the place
    with django_capture_on_commit_callbacks(execute=True):
        _signed_in(inhabitant).post(PAGE, _form(contributions="remove"))
    assert Post.objects.get(pk=post.pk).status == Status.DELETED and Post.objects.get(pk=post.pk).body == ""
    assert not photo.storage.exists(photo.name)
    assert list(Rsvp.objects.values_list("user", "status")) == [(outsider.pk, RsvpStatus.GOING)]
    assert not Listing.objects.filter(author=inhabitant).exists()


@pytest.mark.django_db
def test_a_code_of_the_second_factor_confirms_too(inhabitant, spaces):
    secret = generate_totp_secret()
    TOTP.activate(inhabitant, secret)
    code = format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))
    client = _signed_in(inhabitant)
    assert "application d&#x27;authentification" in client.get(PAGE).content.decode()
    client.post(PAGE, _form(password="", code=code))
    assert User.objects.get(pk=inhabitant.pk).erased_at is not None
    # The spaces where the person was alone went with the account; the audit log keeps its entries, unnamed.
    assert not Space.objects.filter(pk__in=[space.pk for space in spaces.values()]).exists()
    assert not AuditEntry.objects.filter(actor_label__icontains="Camille").exists()


@pytest.mark.django_db
def test_hostile_values_bring_the_form_back_with_a_sentence_and_delete_nothing(signed_in, inhabitant):
    signed_in.raise_request_exception = False
    plain = {"contributions": "keep", "password": "pas le bon", "confirm": "on"}
    for name in plain:
        for value in [*HOSTILE, NUL]:
            response = signed_in.post(PAGE, {**plain, name: value})
            assert response.status_code in (200, 400), f"{name}={value[:20]!r}: {response.status_code}"
            assert _shows_an_error(response), f"{name}={value[:20]!r}: no sentence"
    # The password is never written back into the page; what else was typed is.
    assert not _nul_failures(signed_in, [(PAGE, plain)], not_shown={"password"})
    assert User.objects.get(pk=inhabitant.pk).erased_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["remove", "keep"])
def test_a_video_the_person_had_not_finished_sending_goes_whatever_the_choice(spaces, inhabitant, neighbour, choice):
    from parvis.spaces.models import Role
    from parvis.tv.models import Video
    from parvis.tv.services import channel_create, video_start

    territory = spaces["public"].territory
    space = space_create(creator=neighbour, name="Conseil de quartier", nature="voisinage", territory=territory)
    add_member(space, inhabitant, Role.ADMIN)
    channel = channel_create(actor=neighbour, space=space, name="Quartier TV")
    video = video_start(author=inhabitant, channel=channel, title="Réunion publique", visibility="public", size=1000)
    _signed_in(inhabitant).post(PAGE, _form(contributions=choice))
    assert User.objects.get(pk=inhabitant.pk).erased_at is not None
    # Only its uploader could finish it (tests/rights/test_tv_rights.py: a published video follows the choice).
    assert not Video.objects.filter(pk=video.pk).exists()
