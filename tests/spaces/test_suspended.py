"""A space suspended by the operator's moderation team leaves every read path, for everyone, members included, and
comes back whole when the suspension is lifted (nothing is deleted)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import Client

from parvis.agenda.services.events import event_create
from parvis.moderation import services as moderation
from parvis.neighbours import services as neighbours
from parvis.posts.models import Post
from parvis.posts.services import comment_create, post_create
from parvis.spaces.models import OrganisationKind, Space
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from tests.conftest import staff_client
from tests.factories import add_member, make_user, soon

WORD = "Kermessezq"  # in the page's description, its post, comment and event
KEY = "Printaniezq"  # beside it, searched for: a search page echoes its query, never what it must not find
LISTING = "Perceusezq"  # in the residence's listing
NAME = "Tournesolzq"  # in the page's name (and so its address, which a 404 page may repeat: looked for in lists)
LISTS = ["/annuaire/", "/espaces/", "/api/v1/directory/"]


@pytest.fixture
def world(inhabitant, neighbour, outsider, beauvais, operator, operator_moderator, django_capture_on_commit_callbacks):
    """An association's page (public) with a post, a comment and an event, followed and joined by the neighbour; a
    residence whose members-only space holds a listing for its residents, the neighbour among them."""
    page = organisation_verify(
        operator=operator,
        space=organisation_request(
            requester=inhabitant,
            name=f"Comité {NAME}",
            kind=OrganisationKind.ASSOCIATION,
            commune=beauvais,
            rna="W601234567",
            description=f"Organise la {WORD}.",
        ),
    )
    add_member(page, neighbour)
    landlord_user = make_user("bailleur@example.org", display_name="Bailleur")
    landlord = organisation_verify(
        operator=operator,
        space=organisation_request(
            requester=landlord_user,
            name="Oise Habitat",
            kind=OrganisationKind.LANDLORD,
            commune=beauvais,
            siret="732829320",
        ),
    )
    quartier = neighbours.quartier_create(operator=operator, commune=beauvais, name="Saint-Lucien")
    residence = neighbours.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=quartier,
        name="Résidence des Tilleuls",
        address="8 rue des Tilleuls, 60000 Beauvais",
        homes=10,
    )
    code = neighbours.residence_code_create(actor=landlord_user, residence=residence, max_uses=10)
    for person in (inhabitant, neighbour):
        neighbours.residence_code_redeem(user=person, code=code.code)
        person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        post = post_create(author=inhabitant, space=page, body=f"La {WORD} de printemps {KEY}")
        comment_create(author=neighbour, post=post, body=f"Vive la {WORD} {KEY} !")
        event = event_create(
            creator=inhabitant,
            space=page,
            title=f"{WORD} du quartier {KEY}",
            start=soon(5),
            end=soon(5, 3),
            commune=beauvais,
        )
        listing = neighbours.listing_create(
            author=inhabitant, direction="offer", kind="loan", scope="residence", title=f"{LISTING} à prêter"
        )
    second = make_user("moderation2@example.org", display_name="Équipe de modération 2")
    second.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    return {
        "page": page,
        "residence": residence,
        "post": post,
        "event": event,
        "listing": listing,
        "member": neighbour,
        "owner": inhabitant,
        "reporter": outsider,
        "moderators": (operator_moderator, second),
        "beauvais": beauvais,
    }


def suspend(world, space):
    report = moderation.report_create(reporter=world["reporter"], kind="space", target_id=space.pk, reason="illegal")
    return moderation.decision_take(
        moderator=world["moderators"][0], report=report, action="suspend", reason="Vente illégale."
    )


def lift(world, decision):
    """The owner contests; another moderator reverses the suspension."""
    decision = moderation.decision_contest(author=decision.author, decision=decision, text="Une erreur.")
    moderation.decision_review(reviewer=world["moderators"][1], decision=decision, reverse=True, reason="En effet.")


def paths(world) -> list[str]:
    page, beauvais, post, event = world["page"], world["beauvais"], world["post"], world["event"]
    return [
        # feeds and pages
        "/fil/",
        f"/territoires/commune/{beauvais.slug}/",
        f"/espaces/{page.slug}/",
        post.get_absolute_url(),
        event.get_absolute_url(),
        "/agenda/",
        f"/agenda/territoire/commune/{beauvais.slug}/",
        "/annuaire/",
        "/voisins/",
        # search
        f"/recherche/?q={KEY}",
        # iCal
        "/agenda/agenda.ics",
        f"/agenda/territoire/commune/{beauvais.slug}/agenda.ics",
        f"/agenda/espaces/{page.slug}/agenda.ics",
        f"/agenda/evenements/{event.pk}/evenement.ics",
        # Atom
        f"/espaces/{page.slug}/atom/",
        f"/territoires/commune/{beauvais.slug}/atom/",
        "/agenda/atom/",
        f"/agenda/espaces/{page.slug}/atom/",
        # open data
        "/agenda/opendata/events.json",
        "/agenda/opendata/events.csv",
        # the API
        f"/api/v1/posts/feeds/commune/{beauvais.code}",
        f"/api/v1/posts/feeds/space/{page.slug}",
        "/api/v1/posts/feeds/home",
        f"/api/v1/posts/{post.pk}",
        f"/api/v1/posts/{post.pk}/comments",
        "/api/v1/agenda/events",
        f"/api/v1/agenda/events/{event.pk}",
        f"/api/v1/search?q={KEY}",
        f"/api/v1/spaces/{page.slug}",
        "/api/v1/spaces/",
        "/api/v1/directory/",
        f"/api/v1/directory/{page.slug}",
        "/api/v1/neighbours/listings",
        f"/api/v1/neighbours/listings/{world['listing'].pk}",
    ]


def showing(client, world, word, *, among=None) -> set[str]:
    shown = set()
    for path in among or paths(world):
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if word.lower() in content.decode("utf-8", errors="replace").lower():
            shown.add(path)
    return shown


def readers(world) -> dict[str, Client]:
    anonymous, member = Client(), Client()
    member.force_login(world["member"])
    return {"anonymous": anonymous, "member": member}


@pytest.mark.django_db
def test_a_suspended_space_vanishes_from_every_read_path_and_comes_back_when_lifted(world):
    clients = readers(world)
    before = {who: showing(client, world, WORD) for who, client in clients.items()}
    listing_before = showing(clients["member"], world, LISTING)
    listed_before = showing(clients["anonymous"], world, NAME, among=LISTS)
    assert set(LISTS) <= listed_before  # the directory and the lists of spaces show its name
    # The paths reach the content: the feeds, search, iCal, Atom, open data, the directory and the API show it.
    for path in ("/agenda/agenda.ics", "/agenda/atom/", "/agenda/opendata/events.json", "/api/v1/agenda/events"):
        assert path in before["anonymous"]
    for path in ("/fil/", f"/recherche/?q={KEY}", "/api/v1/posts/feeds/home"):
        assert path in before["member"]
    assert f"/espaces/{world['page'].slug}/atom/" in before["anonymous"]
    assert {"/voisins/", "/api/v1/neighbours/listings"} <= listing_before

    page_decision = suspend(world, world["page"])
    residence_decision = suspend(world, world["residence"].space)
    for who, client in clients.items():
        assert showing(client, world, WORD) == set(), f"{who} still reads a suspended space"
    assert showing(clients["member"], world, LISTING) == set()
    assert showing(clients["anonymous"], world, NAME, among=LISTS) == set()
    assert clients["member"].get(f"/espaces/{world['page'].slug}/").status_code == 404
    assert not world["page"].is_readable_by(world["member"])
    assert not world["post"].is_visible_to(world["member"])
    assert not Post.objects.public().filter(pk=world["post"].pk).exists()

    lift(world, page_decision)
    lift(world, residence_decision)
    assert {who: showing(client, world, WORD) for who, client in clients.items()} == before
    assert showing(clients["member"], world, LISTING) == listing_before
    assert showing(clients["anonymous"], world, NAME, among=LISTS) == listed_before
    assert world["post"].is_visible_to(None)


@pytest.mark.django_db
def test_staff_see_that_a_space_is_suspended_but_not_its_content(world, operator):
    suspend(world, world["page"])
    client = staff_client(Client(), operator)
    page = client.get(f"/espaces/{world['page'].slug}/")
    assert page.status_code == 200
    assert "is suspended by the operator" in page.content.decode()
    assert "de printemps" not in page.content.decode()
    assert Space.objects.suspended().filter(pk=world["page"].pk).exists()


@pytest.mark.django_db
def test_nobody_posts_in_a_suspended_space(world):
    suspend(world, world["page"])
    with pytest.raises(PermissionDenied):
        post_create(author=world["owner"], space=world["page"], body="Encore")
