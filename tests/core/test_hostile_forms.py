"""The HTML forms fed hostile values one field at a time (every other field filled as a careful person would): a
string longer than any column, a number past 64 bits, a date of year 9999 or 1850, and a parent id past 64 bits.
The answer is the form again with a sentence (or a redirect when the value is acceptable), never a 500. A NUL byte
in any field brings the form back with a sentence and everything else the person typed. Run on SQLite and on
PostgreSQL (which refuses a NUL in text with a 500 if it reaches a query)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from parvis.agenda.services.events import event_create
from parvis.messaging.services import conversation_start
from parvis.neighbours.services import listing_create
from parvis.posts.services import comment_create, post_create
from parvis.spaces.models import OrganisationKind
from parvis.spaces.services.memberships import space_join
from parvis.spaces.services.organisations import organisation_request
from parvis.tv.services import channel_create, video_start
from tests.factories import PASSWORD, agenda_editor

LONG = "x" * 100_000
HOSTILE = [LONG, str(10**30), "-" + str(10**18), "9999-12-31T23:00", "1850-01-01", "9999-12-31"]


@pytest.fixture
def forms(signed_in, inhabitant, neighbour, spaces, beauvais, english, settings):
    """(url, plain data) of the forms a person fills, with real objects behind them."""
    # The token form asks for the password first: given once, and valid for the whole test however slow.
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 24 * 3600
    signed_in.post("/accounts/reauthenticate/", {"password": PASSWORD})
    space = spaces["public"]
    space_join(space=space, user=neighbour)
    neighbour.handle = "dominique"
    neighbour.save(update_fields=["handle"])
    post = post_create(author=inhabitant, space=space, body="Bonjour le quartier")
    comment = comment_create(author=neighbour, post=post, body="Bonjour")
    start = timezone.now() + timedelta(days=3)
    event = event_create(creator=inhabitant, space=space, title="Repas de quartier", start=start, capacity=10)
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour")
    listing = listing_create(
        author=neighbour, direction="offer", kind="loan", scope="commune", title="Perceuse", description="Prêt"
    )
    association = organisation_request(
        requester=inhabitant, name="Club de judo", kind=OrganisationKind.ASSOCIATION, commune=beauvais, rna="W601234567"
    )
    channel = channel_create(actor=inhabitant, space=space, name="Beauvais TV")
    video = video_start(author=inhabitant, channel=channel, title="Conseil", visibility="public", size=1000)
    event_fields = {
        "title": "Repas partagé",
        "description": "Chacun apporte un plat",
        "start": "2026-06-06T12:00",
        "end": "2026-06-06T15:00",
        "category": "other",
        "is_free": "on",
        "venue_name": "Salle des fêtes",
        "address": "1 rue de la Mairie",
        "price_text": "",
        "capacity": "30",
        "latitude": "49.43",
        "longitude": "2.08",
        "repeat": "monthly",
        "repeat_monthly": "weekday",
        "repeat_end": "count",
        "repeat_count": "4",
        "image_alt": "",
        "online_url": "",
    }
    return [
        (f"/espaces/{space.slug}/publier/", {"body": "Bonjour", "video_link": ""}),
        (f"/publications/{post.pk}/commenter/", {"body": "Merci", "parent": str(comment.pk)}),
        (f"/publications/{post.pk}/modifier/", {"body": "Bonjour à tous"}),
        (f"/publications/{post.pk}/partager/", {"into": str(space.pk), "body": "À lire"}),
        (f"/agenda/espaces/{space.slug}/nouvel-evenement/", event_fields),
        (f"/agenda/evenements/{event.pk}/modifier/", event_fields),
        (f"/agenda/evenements/{event.pk}/annuler/", {"reason": "Pluie"}),
        (f"/agenda/evenements/{event.pk}/ecrire/", {"subject": "Info", "body": "Rendez-vous à midi"}),
        (f"/agenda/evenements/{event.pk}/partager/", {"space": str(space.pk), "comment": "Venez"}),
        ("/espaces/nouveau/", {"name": "Jardin partagé", "description": "", "nature": "voisinage"}),
        (f"/espaces/{space.slug}/parametres/", {"name": "Groupe public", "description": "Ici"}),
        (f"/espaces/{space.slug}/membres/inviter/", {"handle": "dominique"}),
        ("/profil/", {"display_name": "Camille", "bio": "", "home_commune": "60000"}),
        ("/profil/jetons/", {"name": "Mon script", "scope": "read", "days": "30"}),
        ("/messages/nouvelle/", {"recipients": "@dominique", "subject": "Salut", "body": "Ça va ?"}),
        (f"/messages/{conversation.pk}/envoyer/", {"body": "Oui", "image_alt": ""}),
        (
            f"/moderation/signaler/commentaire/{comment.pk}/",
            {"reason": "spam", "details": "Publicité", "good_faith": "on"},
        ),
        ("/voisins/annonces/nouvelle/", {"direction": "offer", "kind": "loan", "scope": "commune", "title": "Échelle"}),
        (f"/voisins/annonces/{listing.pk}/repondre/", {"message": "Je suis intéressé"}),
        ("/voisins/code/", {"code": "ABCD1234"}),
        # The web TV: a channel, a video's description (its file is sent apart), captions written in the page.
        (f"/espaces/{space.slug}/nouvelle-chaine/", {"name": "Quartier TV", "description": "Nos réunions"}),
        (
            f"/tv/chaines/{channel.pk}/envoyer/",
            {"title": "Le marché", "description": "Samedi matin", "visibility": "public", "size": "1000"},
        ),
        (f"/tv/videos/{video.pk}/sous-titres/fr/", {"text": "WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n"}),
        ("/annuaire/classes/nouvelle/", {"school_name": "École", "class_name": "B", "school_year": "2026-2027"}),
        ("/notifications/preferences/", {"email_frequency": "daily"}),
        ("/messages/reglages/", {"who_may_write": "anyone"}),
        (
            "/espaces/organisation/nouvelle/",
            {"name": "Chorale", "kind": "association", "commune": "60000", "rna": "W601234999", "description": "Chant"},
        ),
        (
            f"/annuaire/{association.slug}/modifier/",
            {
                "themes": "sport",
                "activities": "Judo le mardi",
                "address": "2 rue du Stade",
                "email": "judo@example.org",
                "phone": "03 44 00 00 00",
                "website": "https://judo.example.org",
            },
        ),
    ]


def _shows_an_error(response) -> bool:
    page = response.content.decode()
    return 'class="error' in page or 'role="alert"' in page


def test_hostile_values_in_every_form_field_never_answer_500(signed_in, forms):
    signed_in.raise_request_exception = False
    failures = []
    for url, plain in forms:
        for name in plain:
            for value in HOSTILE:
                response = signed_in.post(url, {**plain, name: value})
                if response.status_code >= 500:
                    failures.append(f"{url} {name}={value[:20]!r}: {response.status_code}")
                # Refused: the form comes back saying what is wrong (a 200 for a short acceptable value may simply
                # be the page showing what was saved, such as a new token's name).
                elif (response.status_code == 400 or (value == LONG and response.status_code == 200)) and not (
                    _shows_an_error(response)
                ):
                    failures.append(f"{url} {name}={value[:20]!r}: {response.status_code} without a sentence")
    assert not failures, "\n".join(failures)


NUL = "Bon\x00jour"
# A ticked checkbox sends any value: a NUL there is read as "ticked", and no text is kept.
NOT_TEXT = {"is_free", "good_faith"}


def _nul_failures(client, forms, not_text=NOT_TEXT, not_shown=frozenset()) -> list[str]:
    client.raise_request_exception = False
    failures = []
    for url, plain in forms:
        for name in plain:
            if name in not_text:
                continue
            response = client.post(url, {**plain, name: NUL}, follow=True)
            where = f"{url} {name}"
            page = response.content.decode()
            if response.status_code not in (200, 400) or not (_shows_an_error(response) or "message--error" in page):
                failures.append(f"{where}: {response.status_code}, not the form with a sentence")
                continue
            if response.redirect_chain:
                # A form inside another page (a comment under its post) sends the person back to that page, where
                # the sentence is shown above the form.
                continue
            lost = [
                other
                for other, value in plain.items()
                if other != name and other not in not_shown and value and escape(value) not in page
            ]
            if lost:
                failures.append(f"{where}: the form lost {', '.join(lost)}")
    return failures


def test_a_nul_byte_in_any_form_field_shows_the_form_again_with_a_sentence_and_what_was_typed(signed_in, forms):
    failures = _nul_failures(signed_in, forms)
    assert not failures, "\n".join(failures)


def test_a_nul_byte_in_a_button_whose_view_reads_the_fields_itself_answers_a_sentence(
    signed_in, inhabitant, neighbour, spaces, beauvais
):
    """Buttons and small forms inside a page (answer, cancel, review, refuse or remove a member, answer without an
    account): the person is sent back to the page, which says what is wrong, and nothing changes."""
    from parvis.agenda.models import AgendaSubmission, Event, Rsvp, SubmissionStatus
    from parvis.agenda.services.rsvps import rsvp_guest_request
    from parvis.agenda.services.submissions import agenda_submit
    from parvis.spaces.models import Membership, MembershipStatus

    event = event_create(
        creator=inhabitant,
        space=spaces["public"],
        title="Brocante",
        start=timezone.now() + timedelta(days=3),
        commune=beauvais,
    )
    agenda_editor(beauvais, inhabitant)
    submission = agenda_submit(user=inhabitant, event=event, territory=beauvais)
    pending = space_join(space=spaces["members"], user=neighbour)
    member = space_join(space=spaces["public"], user=neighbour)
    guest = rsvp_guest_request(event=event, email="invite@example.org", name="Invité")
    slug = spaces["members"].slug
    buttons = [
        (f"/agenda/evenements/{event.pk}/participer/", {"status": NUL}),
        (f"/agenda/relecture/{submission.pk}/", {"decision": "refuse", "reason": NUL}),
        (f"/agenda/relecture/{submission.pk}/", {"decision": NUL, "reason": "Hors du territoire"}),
        (f"/espaces/{slug}/membres/{pending.pk}/refuser/", {"reason": NUL}),
        (f"/espaces/{spaces['public'].slug}/membres/{member.pk}/retirer/", {"reason": NUL}),
        (f"/espaces/{spaces['public'].slug}/membres/{member.pk}/role/", {"role": NUL}),
        (f"/agenda/participation/{guest.token}/", {"status": NUL}),
    ]
    signed_in.raise_request_exception = False
    failures = []
    for url, data in buttons:
        response = signed_in.post(url, data, follow=True)
        if response.status_code != 200 or "message--error" not in response.content.decode():
            failures.append(f"{url} {data}: {response.status_code}, no sentence")
    signed_in.logout()
    for data in ({"email": NUL, "name": "Invité"}, {"email": "autre@example.org", "name": NUL}):
        response = signed_in.post(f"/agenda/evenements/{event.pk}/participer-sans-compte/", data, follow=True)
        if response.status_code != 200 or "message--error" not in response.content.decode():
            failures.append(f"guest answer {data}: {response.status_code}, no sentence")
    assert not failures, "\n".join(failures)
    assert Event.objects.get(pk=event.pk).status == "published"
    assert AgendaSubmission.objects.get(pk=submission.pk).status == SubmissionStatus.PENDING
    assert Membership.objects.get(pk=pending.pk).status == MembershipStatus.REQUESTED
    assert Membership.objects.get(pk=member.pk).status == MembershipStatus.ACTIVE
    assert not Rsvp.objects.filter(user__isnull=False).exists() and Rsvp.objects.count() == 1


def test_a_nul_byte_in_the_account_forms_shows_the_form_again_with_a_sentence(client, inhabitant):
    account_forms = [
        ("/accounts/login/", {"login": "camille@example.org", "password": "un-mot-de-passe-solide"}),
        (
            "/accounts/signup/",
            {
                "email": "nouveau@example.org",
                "password1": "un-autre-mot-de-passe",
                "password2": "un-autre-mot-de-passe",
                "accept_charter": "on",
            },
        ),
        ("/accounts/password/reset/", {"email": "camille@example.org"}),
    ]
    # A password is never written back into the page: only the other fields must be kept.
    failures = _nul_failures(
        client, account_forms, not_text=NOT_TEXT | {"accept_charter"}, not_shown={"password", "password1", "password2"}
    )
    assert not failures, "\n".join(failures)
    from parvis.accounts.models import User

    assert not User.objects.filter(email="nouveau@example.org").exists()


def test_a_nul_byte_in_the_language_choice_keeps_the_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "e\x00n", "next": "/\x00"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    ("page", "field"),
    [
        ("/recherche/", "q"),
        ("/communes/", "q"),  # the commune search of the home page leads there
        ("/agenda/", "commune"),
        ("/agenda/", "du"),
        ("/agenda/carte/", "au"),
        ("/agenda/mois/2026/6/", "commune"),
        ("/annuaire/", "q"),
        ("/annuaire/", "kind"),
        ("/annuaire/", "commune"),
    ],
)
def test_a_nul_byte_in_a_search_or_filter_form_shows_the_page_with_a_sentence(client, db, english, page, field):
    client.raise_request_exception = False
    response = client.get(page, {field: NUL})
    content = response.content.decode()
    assert response.status_code in (200, 400)
    assert _shows_an_error(response) or "message--error" in content
    assert 'method="get"' in content  # the search or filter form is there to correct it
    if field == "q":
        assert f'value="{escape(NUL)}"' in content  # with what was typed


@pytest.mark.parametrize(
    ("url", "field", "value", "sentence"),
    [
        ("/espaces/nouveau/", "name", "x" * 121, "at most 120 characters"),
        ("/profil/jetons/", "name", "x" * 1000, "at most"),
        ("/messages/nouvelle/", "subject", "x" * 1000, "at most"),
    ],
)
def test_an_over_long_field_gets_a_sentence_in_the_form(signed_in, forms, url, field, value, sentence):
    plain = dict(forms)[url]
    response = signed_in.post(url, {**plain, field: value})
    assert response.status_code in (200, 400)  # the form again, with its errors
    assert sentence in response.content.decode()


QUERY_KEYS = [
    "q",
    "page",
    "commune",
    "categorie",
    "quand",
    "nombre",
    "nature",
    "home_commune",
    "apres",
    "avant",
    "a",
    "du",
    "au",
    "gratuit",
    "accessible",
    "autour",
    "kind",
    "theme",
    "category",
    "direction",
    "scope",
    "status",
]
QUERY_HOSTILE = ["x" * 5000, str(10**30), "9999-12-31", "0001-01-01", NUL]


def test_hostile_query_values_on_every_list_page_never_answer_500(signed_in, forms, spaces, beauvais):
    from parvis.messaging.models import Conversation

    conversation = Conversation.objects.first()
    pages = [
        "/",
        "/fil/",
        "/recherche/",
        "/agenda/",
        "/agenda/carte/",
        "/agenda/mois/2026/6/",
        f"/agenda/territoire/commune/{beauvais.slug}/",
        f"/agenda/widget/commune/{beauvais.slug}/",
        "/agenda/agenda.ics",
        "/agenda/atom/",
        "/annuaire/",
        "/voisins/",
        "/espaces/",
        f"/espaces/{spaces['public'].slug}/",
        f"/espaces/{spaces['public'].slug}/membres/",
        f"/territoires/commune/{beauvais.slug}/",
        "/territoires/communes/suggestions/",
        "/notifications/",
        "/messages/",
        f"/messages/{conversation.pk}/",
        f"/messages/{conversation.pk}/nouveaux/",
        "/messages/nouvelle/",
    ]
    signed_in.raise_request_exception = False
    failures = []
    for page in pages:
        for key in QUERY_KEYS:
            for value in QUERY_HOSTILE:
                response = signed_in.get(page, {key: value})
                if response.status_code >= 500:
                    failures.append(f"{page}?{key}={value[:20]}: {response.status_code}")
    assert not failures, "\n".join(failures)
