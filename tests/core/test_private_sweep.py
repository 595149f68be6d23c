"""One secret word planted in every kind of private content, then looked for on every read path.

The places: a post and a comment in a members-only group and in a secret group (whose very name is secret), a
members-only event (title, description, venue, address), a members-only poll (its question and an answer), a listing
scoped to a residence, the residence's street address, a private message and its attachment's description, the name
of a person whose profile is for contacts only; and a post, a comment and an event of a *public* group that the
operator's moderation team suspended, which nobody reads, its members included. The readers: an anonymous visitor, a
person of the same commune outside everything, a former member (who took part in all of it, then left the groups,
the residence and the conversation) and a person the author blocked. The paths: every URL pattern of the site
(filled with the planted objects' ids, slugs and tokens), every operation of the API's OpenAPI document (GET, and
the others sent as changes), search (page and API) for each secret word, and the e-mails sent by actions taken after
the former member left. A member walks the same paths and must meet every secret word (but the suspended group's),
so that the sweep proves it reaches the content.

The paths are generated, never listed by hand: `test_the_sweep_reaches_every_route_and_operation` fails when a URL
pattern or an API operation is not visited, or is visited only with made-up arguments, so a new route is swept as
soon as it exists (or the test says which argument it needs planted).
"""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from parvis.accounts.services import user_handle_assign
from parvis.agenda import publication
from parvis.agenda.models import RsvpStatus
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.participants import event_message_participants
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request, rsvp_set
from parvis.directory.services import offer_create, school_class_create
from parvis.messaging.services import block_create, conversation_leave, conversation_start, message_send
from parvis.moderation.services import decision_take, report_create
from parvis.neighbours import services as neighbours
from parvis.neighbours.models import ListingPhoto
from parvis.notifications.emails import unsubscribe_token
from parvis.notifications.models import EmailFrequency, Notification
from parvis.notifications.services import digests_send_daily, notification_preference_set
from parvis.polls.services import poll_create, poll_vote
from parvis.posts.models import Attachment
from parvis.posts.services import comment_create, post_create, post_share
from parvis.spaces.models import JoinPolicy, Membership, Nature, OrganisationKind, Visibility
from parvis.spaces.services.memberships import space_leave
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from parvis.spaces.services.spaces import space_create, space_update
from parvis.tv.services import caption_set, channel_create, video_receive, video_start
from tests.factories import add_member, make_user, png, soon, video_clip

# Every secret word starts with MARK; none of the site's words does. Eight letters, because the random tokens of a
# page (CSRF) hold any given four letters, in any case, about once in fifteen thousand pages: a sweep would flicker.
MARK = "ZQXWKJVF"
KEY = "VQJK"  # each secret comes with a search key beside it: search pages echo the query, never the secret
SECRETS = {
    "members post": "ZQXWKJVFpostmembres",
    "members comment": "ZQXWKJVFcommentmembres",
    "secret group name": "ZQXWKJVFnomsecret",
    "secret post": "ZQXWKJVFpostsecret",
    "secret comment": "ZQXWKJVFcommentsecret",
    "event title": "ZQXWKJVFtitre",
    "event description": "ZQXWKJVFdescription",
    "event venue": "ZQXWKJVFlieu",
    "event address": "ZQXWKJVFadresse",
    "listing": "ZQXWKJVFannonce",
    "residence address": "ZQXWKJVFrue",
    "message": "ZQXWKJVFmessage",
    "attachment": "ZQXWKJVFpiecejointe",
    "hidden profile": "ZQXWKJVFcache",
    "secret event": "ZQXWKJVFevenementsecret",
    "quartier listing": "ZQXWKJVFquartier",
    "shared original": "ZQXWKJVFpartage",
    "class post": "ZQXWKJVFclasse",
    "guest event": "ZQXWKJVFinvite",
    "poll question": "ZQXWKJVFsondage",
    "poll answer": "ZQXWKJVFreponse",
    "members video": "ZQXWKJVFvideomembres",
    "video caption": "ZQXWKJVFsoustitre",
    "unlisted video": "ZQXWKJVFnonlistee",
}
COMMUNE_ONLY = {  # a shop's discount code is for people of its commune: the commune's readers may see it
    "offer code": "ZQXWKJVFcodepromo",
}
LATER = {  # written after the former member left: only in e-mails and pages, never theirs
    "later post": "ZQXWKJVFplustard",
    "organisers message": "ZQXWKJVForganisateurs",
    "cancellation": "ZQXWKJVFannulation",
    "later message": "ZQXWKJVFnouveau",
    "announcement": "ZQXWKJVFcommunique",
}


SUSPENDED = {  # in a public group the operator suspended: read by nobody, its members included
    "suspended post": "ZQXWKJVFsuspendu",
    "suspended comment": "ZQXWKJVFcommentsuspendu",
    "suspended event": "ZQXWKJVFfetesuspendue",
}


def plant(words: dict, place: str) -> str:
    """The text planted in a place: its search key and its secret word."""
    return f"{words[place].replace(MARK, KEY)} {words[place]}"


def unfold(text: str) -> str:
    """iCal folds long lines; JSON may escape nothing here (the words are plain ASCII)."""
    return text.replace("\r\n ", "").replace("\n ", "")


def found(text: str) -> set[str]:
    text = unfold(text).lower()
    every = (*SECRETS.values(), *LATER.values(), *COMMUNE_ONLY.values(), *SUSPENDED.values())
    words = {word for word in every if word.lower() in text}
    rest = text
    for word in words:
        rest = rest.replace(word.lower(), "")
    return words | ({MARK} if MARK.lower() in rest else set())


@pytest.fixture
def world(spaces, inhabitant, neighbour, outsider, beauvais, operator, django_capture_on_commit_callbacks):
    """Plant the secrets. The inhabitant writes everything; the neighbour is a member of everything."""
    author, member, other_commune = inhabitant, neighbour, outsider
    former = make_user("ancienne@example.org", display_name="Ancienne", home_commune=beauvais)
    same_commune = make_user("passante@example.org", display_name="Passante", home_commune=beauvais)
    blocked = make_user("bloque@example.org", display_name="Bloqué", home_commune=beauvais)
    hidden = make_user("cache@example.org", display_name=plant(SECRETS, "hidden profile"), home_commune=beauvais)
    hidden.profile_visibility = "contacts"
    hidden.save()
    for person in (author, member, same_commune, blocked, hidden):
        notification_preference_set(user=person, email_frequency=EmailFrequency.IMMEDIATE)
    for person in (member, former):
        user_handle_assign(user=person)
    mentions = f"@{member.handle} @{former.handle}"
    # The former member reads their news in the daily digest: it leaves after they left.
    notification_preference_set(user=former, email_frequency=EmailFrequency.DAILY)

    members_group, secret_group = spaces[Visibility.MEMBERS], spaces[Visibility.SECRET]
    secret_group = space_update(
        actor=author,
        space=secret_group,
        name=f"Groupe {plant(SECRETS, 'secret group name')}",
        description=secret_group.description,
        visibility=Visibility.SECRET,
        join_policy=secret_group.join_policy,
    )
    public_group, square = (
        spaces[Visibility.PUBLIC],
        space_create(
            creator=author, name="La place", nature=Nature.VOISINAGE, territory=beauvais, visibility=Visibility.PUBLIC
        ),
    )
    for person in (member, former):
        add_member(members_group, person)
        add_member(secret_group, person)
        add_member(public_group, person)
    add_member(members_group, hidden)
    block_create(blocker=author, blocked=blocked)

    # The residence, its address, and a listing for its residents.
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
    # A shop's offer with its discount code, and a school class (a members-only space of parents).
    shop = organisation_verify(
        operator=operator,
        space=organisation_request(
            requester=landlord_user,
            name="Boulangerie Martin",
            kind=OrganisationKind.SHOP,
            commune=beauvais,
            siret="123456782",
        ),
    )
    offer = offer_create(
        actor=landlord_user,
        space=shop,
        title="Pain du samedi",
        code=COMMUNE_ONLY["offer code"],
        valid_until=soon(30),
    )
    school_class = school_class_create(
        creator=author, year="CM2", class_name="B", school_year="2026-2027", school_name="École Jules Ferry"
    )
    add_member(school_class.space, member)
    add_member(school_class.space, former)
    quartier = neighbours.quartier_create(operator=operator, commune=beauvais, name="Saint-Jean")
    residence = neighbours.residence_create(
        actor=landlord_user,
        manager=landlord,
        parent=quartier,
        name="Résidence des Ormes",  # a residence's name is public (the territory tree); who lives there is not
        address=f"3 rue {plant(SECRETS, 'residence address')}, 60000 Beauvais",
        homes=20,
    )
    code = neighbours.residence_code_create(actor=landlord_user, residence=residence, max_uses=10)
    for person in (author, member, former):
        neighbours.residence_code_redeem(user=person, code=code.code)
        person.refresh_from_db()

    tokens = {person.pk: publication.calendar_token_create(user=person).token for person in (member, former)}
    with django_capture_on_commit_callbacks(execute=True):
        posts = [
            post_create(
                author=author, space=members_group, body=f"Réunion {plant(SECRETS, 'members post')} {mentions}"
            ),
            post_create(author=author, space=secret_group, body=f"Projet {plant(SECRETS, 'secret post')} {mentions}"),
        ]
        comments = [
            comment_create(
                author=author, post=posts[0], body=f"Précision {plant(SECRETS, 'members comment')} {mentions}"
            ),
            comment_create(
                author=author, post=posts[1], body=f"Précision {plant(SECRETS, 'secret comment')} {mentions}"
            ),
        ]
        event = event_create(
            creator=author,
            space=members_group,
            title=f"Atelier {plant(SECRETS, 'event title')}",
            description=f"Programme {plant(SECRETS, 'event description')}",
            venue_name=f"Salle {plant(SECRETS, 'event venue')}",
            address=f"5 rue {plant(SECRETS, 'event address')}",
            start=soon(5),
            end=soon(5, 2),
        )
        event_create(
            creator=author,
            space=secret_group,
            title=f"Fête {plant(SECRETS, 'secret event')}",
            start=soon(7),
            end=soon(7, 2),
        )
        other_event = event_create(
            creator=author, space=members_group, title="Pique-nique", start=soon(6), end=soon(6, 2)
        )
        for person in (member, former):
            rsvp_set(user=person, event=event, status=RsvpStatus.GOING)
            rsvp_set(user=person, event=other_event, status=RsvpStatus.GOING)
        listing = neighbours.listing_create(
            author=author,
            direction="offer",
            kind="loan",
            scope="residence",
            title=f"Perceuse {plant(SECRETS, 'listing')}",
            description="À prêter",
        )
        neighbours.listing_create(
            author=author,
            direction="request",
            kind="service",
            scope="quartier",
            title=f"Aide {plant(SECRETS, 'quartier listing')}",
            description="Pour porter des cartons",
        )
        posts.append(
            post_create(
                author=author, space=school_class.space, body=f"Sortie {plant(SECRETS, 'class post')} {mentions}"
            )
        )
        # A guest without an account answers an event of the public group, which later turns members-only.
        guest_event = event_create(
            creator=author,
            space=public_group,
            title=f"Bal {plant(SECRETS, 'guest event')}",
            start=soon(8),
            end=soon(8, 3),
        )
        guest = rsvp_guest_request(event=guest_event, email="invite@example.org", name="Invité")
        rsvp_guest_confirm(token=guest.token)
        original = post_create(author=author, space=public_group, body=f"Appel {plant(SECRETS, 'shared original')}")
        shared = post_share(user=author, post=original, into=square, body="À lire")
        poll = poll_create(
            author=author,
            space=members_group,
            question=f"Quand ? {plant(SECRETS, 'poll question')}",
            options=[f"Samedi {plant(SECRETS, 'poll answer')}", "Dimanche"],
            named=True,
        )
        for person in (member, former):
            poll_vote(voter=person, poll=poll, option_ids=[poll.options.first().pk])
        # The web TV: a members-only video of a public space that people join on request (the member is in it), an
        # unlisted one of the members group, each with captions.
        council = space_create(
            creator=author,
            name="Le conseil",
            nature=Nature.VOISINAGE,
            territory=beauvais,
            visibility=Visibility.PUBLIC,
            join_policy=JoinPolicy.REQUEST,
        )
        add_member(council, member)
        clip = video_clip(seconds=1, size="160x90")
        videos = []
        for space, visibility, place in (
            (council, "members", "members video"),
            (members_group, "unlisted", "unlisted video"),
        ):
            channel = channel_create(actor=author, space=space, name=f"Chaîne {visibility}")
            video = video_start(
                author=author,
                channel=channel,
                title=f"Vidéo {plant(SECRETS, place)}",
                visibility=visibility,
                size=len(clip),
            )
            videos.append(video_receive(actor=author, video=video, start=0, total=len(clip), chunk=clip))
            caption = f"WEBVTT\n\n00:00.000 --> 00:01.000\nSous-titre {plant(SECRETS, 'video caption')}\n"
            caption_set(actor=author, video=video, language="fr", upload=SimpleUploadedFile("fr.vtt", caption.encode()))
        chat = conversation_start(
            initiator=author, participants=[member, former], first_message=f"Bonjour {plant(SECRETS, 'message')}"
        )
        message = message_send(
            sender=author,
            conversation=chat,
            body="Le plan",
            image=png(),
            image_alt=f"Plan {plant(SECRETS, 'attachment')}",
        )

    # A public group, its post, comment and event, then its suspension by the operator's moderation team.
    suspended_group = space_create(
        creator=author, name="Le club", nature=Nature.ASSOCIATIF, territory=beauvais, visibility=Visibility.PUBLIC
    )
    add_member(suspended_group, member)
    with django_capture_on_commit_callbacks(execute=True):
        suspended_post = post_create(
            author=author, space=suspended_group, body=f"Tournoi {plant(SUSPENDED, 'suspended post')}"
        )
        comment_create(author=member, post=suspended_post, body=f"Bravo {plant(SUSPENDED, 'suspended comment')}")
        suspended_event = event_create(
            creator=author,
            space=suspended_group,
            title=f"Gala {plant(SUSPENDED, 'suspended event')}",
            start=soon(9),
            end=soon(9, 2),
            commune=beauvais,
        )
    moderator = make_user("moderation@example.org", display_name="Équipe de modération")
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    report = report_create(reporter=same_commune, kind="space", target_id=suspended_group.pk, reason="illegal")
    decision = decision_take(moderator=moderator, report=report, action="suspend", reason="Vente illégale.")

    # The group of the shared post turns members-only: the share no longer shows its original to others.
    public_group = space_update(
        actor=author,
        space=public_group,
        name=public_group.name,
        description=public_group.description,
        visibility=Visibility.MEMBERS,
        join_policy=public_group.join_policy,
    )
    assert Notification.objects.filter(recipient=former).exists()  # the former member's inbox holds the news
    # The former member leaves everything.
    with django_capture_on_commit_callbacks(execute=True):
        space_leave(space=public_group, user=former)
        space_leave(space=school_class.space, user=former)
        space_leave(space=members_group, user=former)
        space_leave(space=secret_group, user=former)
        space_leave(space=residence.space, user=former)
        conversation_leave(user=former, conversation=chat)

    # What happens next is e-mailed to those who may read it, and only to them.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        posts.append(post_create(author=author, space=members_group, body=f"Suite {plant(LATER, 'later post')}"))
    with django_capture_on_commit_callbacks(execute=True):
        event_message_participants(
            sender=author, event=event, subject="Rappel", body=f"Apportez {plant(LATER, 'organisers message')}"
        )
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(editor=author, event=other_event, reason=f"Pluie {plant(LATER, 'cancellation')}")
    with django_capture_on_commit_callbacks(execute=True):
        message_send(sender=author, conversation=chat, body=f"Et {plant(LATER, 'later message')}")
    with django_capture_on_commit_callbacks(execute=True):
        announcement = neighbours.announcement_publish(
            actor=landlord_user, residence=residence, category="works", body=f"Travaux {plant(LATER, 'announcement')}"
        )
    digests_send_daily()

    for person in (same_commune, blocked, other_commune):
        tokens[person.pk] = publication.calendar_token_create(user=person).token
    return {
        "author": author,
        "member": member,
        "readers": {
            "anonymous": None,
            "other commune": other_commune,
            "same commune": same_commune,
            "former member": former,
            "blocked": blocked,
        },
        "spaces": [
            members_group,
            secret_group,
            residence.space,
            public_group,
            square,
            school_class.space,
            shop,
            suspended_group,
        ],
        "posts": [*posts, original, shared, suspended_post],
        "comments": [*comments, *suspended_post.comments.all()],
        "events": [event, other_event, guest_event, suspended_event],
        "announcement": announcement,
        "offer": offer,
        "code": code,
        "report": report,
        "decision": decision,
        "guest_token": guest.token,
        "listing": listing,
        "poll": poll,
        "videos": videos,
        "chat": chat,
        "message": message,
        "residence": residence,
        "hidden": hidden,
        "manager": landlord_user,
        "tokens": tokens,
        "beauvais": beauvais,
        "emails": list(mail.outbox),
    }


def _patterns(resolvers, prefix=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _values(world, viewer) -> dict[str, list]:
    """What to put in each URL argument: the planted objects and what surrounds them."""
    beauvais, residence = world["beauvais"], world["residence"]
    events = world["events"]
    notifications = list(
        Notification.objects.filter(recipient__in=[world["member"], viewer]).values_list("pk", flat=True)
    )
    memberships = list(Membership.objects.filter(space__in=world["spaces"]).values_list("pk", flat=True))
    own_token = world["tokens"].get(getattr(viewer, "pk", None))
    return {
        "post_id": [post.pk for post in world["posts"]],
        "comment_id": [comment.pk for comment in world["comments"]],
        "event_id": [event.pk for event in events],
        "listing_id": [world["listing"].pk],
        "poll_id": [world["poll"].pk],
        "video_id": [video.pk for video in world["videos"]],
        "channel_id": [video.channel_id for video in world["videos"]],
        # A video's files: its key names it (an unlisted video's page is opened with it below, as by its link).
        "key": [video.key for video in world["videos"]],
        "name": ["master.m3u8", "video.mp4", "poster.jpg", "captions/fr.vtt"],
        "conversation_id": [world["chat"].pk],
        "message_id": [world["message"].pk],
        "user_id": [world["hidden"].pk, world["author"].pk, world["member"].pk],
        # A mention's page (`/profil/@<handle>/`) echoes the handle it is given, so the hidden person's (which
        # spells the planted word) is not asked: the member's, whose profile is for their commune, and nobody's.
        "handle": [world["member"].handle, "personne-inconnue"],
        "residence_id": [residence.pk],
        "notification_id": notifications,
        "membership_id": memberships[:3],
        "slug": [space.slug for space in world["spaces"]]
        + [beauvais.slug, residence.territory.slug, residence.territory.parent.slug],
        "level": ["commune", "quartier", "residence"],
        "code": [beauvais.code],
        "token": [token for token in (own_token,) if token]
        + ([unsubscribe_token(viewer)] if viewer is not None else [])
        + [world["guest_token"]],
        # Report kinds, then the carriers of files (`/fichiers/<kind>/<pk>/<field>/`).
        "kind": ["publication", "commentaire", "espace", "message", "annonce", "personne", "sondage", "video"]
        + ["post-photo", "listing-photo", "event-image"],
        "pk": list(Attachment.objects.filter(post__in=world["posts"]).values_list("pk", flat=True))
        + list(ListingPhoto.objects.filter(listing=world["listing"]).values_list("pk", flat=True))
        + [event.pk for event in events],
        "field": ["image", "image_small"],
        "target_id": [
            world["posts"][0].pk,
            world["listing"].pk,
            world["message"].pk,
            world["hidden"].pk,
            world["poll"].pk,
            *(video.pk for video in world["videos"]),
        ],
        "year": [events[0].start.year],
        "month": [events[0].start.month],
        "announcement_id": [world["announcement"].pk],
        "offer_id": [world["offer"].pk],
        "code_id": [world["code"].pk],
        "report_id": [world["report"].pk],
        "decision_id": [world["decision"].pk],
    }


# Arguments the sweep fills with a made-up id, and why no private object is planted for them. A route with an
# argument that is neither planted (`_values`) nor named here fails `test_the_sweep_reaches_every_route...`.
UNPLANTED = {
    "exchange_id": "an exchange is seen by its two parties only, and names no content of others (tests/neighbours)",
    "source_id": "an imported calendar's address is managed by its space's administrators, by POST only",
    "submission_id": "only public events are submitted to a common agenda: a submission holds nothing private",
    "token_id": "a person's own API tokens, revoked by POST; another person's token id is a 404",
    "link": "a person's own data download, signed for them alone and opened once (tests/rights/test_export.py)",
}


def _skipped(pattern: str) -> bool:
    """Routes the sweep does not open: the admin answers staff alone, after their second factor (tests/accounts),
    and staff read no private group; allauth's links carrying a key sent by e-mail (confirming an address,
    resetting a password) are regular expressions that show a form and read no content."""
    return pattern.startswith("admin/") or "(?P" in pattern


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _fill(pattern: str, values: dict[str, list]) -> list[str]:
    """Every way of filling the pattern's arguments with the planted values (unknown arguments get 1)."""
    paths = [pattern]
    for match in ARGUMENT.finditer(pattern):
        choices = values.get(match.group("name")) or [1]
        paths = [path.replace(match.group(0), quote(str(choice)), 1) for path in paths for choice in choices]
    return ["/" + path for path in paths]


def site_paths(world, viewer) -> list[str]:
    values = _values(world, viewer)
    paths = []
    for pattern in _patterns(get_resolver().url_patterns):
        if _skipped(pattern):
            continue
        paths.extend(_fill(pattern, values))
    for word in (*SECRETS.values(), *LATER.values()):
        paths.append(f"/recherche/?q={word.replace(MARK, KEY)}")
    # Pages that read people or places from their query string.
    paths += [f"/messages/nouvelle/?a={user_id}" for user_id in values["user_id"]]
    paths += [f"/agenda/?quand={when}" for when in ("today", "weekend", "")]
    paths += [video.get_absolute_url() for video in world["videos"]]  # an unlisted video's link, key included
    return paths


def api_paths(client, world, viewer) -> list[str]:
    values = _values(world, viewer)
    document = client.get("/api/v1/openapi.json").json()
    paths = []
    for path, operations in document["paths"].items():
        if "get" not in operations:
            continue
        template = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        filled = _fill(template, values)
        query_names = {
            parameter["name"] for parameter in operations["get"].get("parameters", []) if parameter["in"] == "query"
        }
        paths.extend(filled)
        if "q" in query_names:
            words = [word.replace(MARK, KEY) for word in (*SECRETS.values(), *LATER.values())]
            paths.extend(f"{each}?q={word}" for each in filled for word in words)
        for name, choices in (
            ("space", values["slug"]),
            ("slug", values["slug"]),
            (
                "territory_id",
                [world["residence"].territory_id, world["residence"].territory.parent_id, world["beauvais"].pk],
            ),
            ("territory", [world["beauvais"].code]),
            ("commune", [world["beauvais"].code]),
        ):
            if name in query_names:
                paths.extend(f"{each}?{name}={choice}" for each in filled for choice in choices)
    return paths


def walk(client, world, viewer) -> dict[str, set[str]]:
    """Every path, and the secret words each answer holds."""
    seen = {}
    for path in site_paths(world, viewer) + api_paths(client, world, viewer):
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        words = found(content.decode("utf-8", errors="replace"))
        if words:
            seen[path] = words
    return seen


@pytest.mark.django_db
def test_a_member_meets_every_secret_on_the_paths_swept(world):
    client = Client(raise_request_exception=False)
    client.force_login(world["member"])
    answers = walk(client, world, world["member"])
    seen = set().union(*answers.values())
    assert SECRETS["members post"] in answers.get(f"/recherche/?q={KEY}postmembres", set())  # search finds it
    missing = {
        place
        for place, word in {
            **SECRETS,
            **COMMUNE_ONLY,
            "later post": LATER["later post"],
            "announcement": LATER["announcement"],
        }.items()
        if word not in seen
    }
    # The street address is shown to the residence's manager only (its residents know where they live).
    assert missing == {"residence address"}, f"the sweep does not reach: {sorted(missing)}"
    # A member of the suspended group does not read it either: the suspension is for everyone.
    assert not seen & set(SUSPENDED.values()), "a suspended group is still read by its members"
    client.force_login(world["manager"])
    residence_page = client.get(f"/voisins/residences/{world['residence'].pk}/").content.decode()
    assert SECRETS["residence address"] in residence_page
    emails = [email for email in world["emails"] if world["member"].email in email.to]
    assert any(LATER["organisers message"] in email.body for email in emails)  # the e-mails can carry a secret


def post_plan(client, world, viewer) -> list[tuple[str, str, object, str | None]]:
    """Every form that takes a POST and every API operation other than GET, as (method, path, data, content type),
    with a plausible answer. The reader's own account, profile and language are left alone (signing out or
    changing language midway would sweep the rest as someone else)."""
    values = _values(world, viewer)
    form = {"body": "Bonjour", "status": "going", "reason": "spam", "text": "Bonjour", "emoji": "like"}
    sent = []
    for pattern in _patterns(get_resolver().url_patterns):
        if _skipped(pattern) or pattern.startswith(("accounts/", "profil/", "i18n/")):
            continue
        sent += [("post", path, form, None) for path in _fill(pattern, values)]
    document = client.get("/api/v1/openapi.json").json()
    for path, operations in document["paths"].items():
        template = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        for method in operations:
            if method != "get":
                sent += [(method, each, "{}", "application/json") for each in _fill(template, values)]
    return sent


def post_walk(client, world, viewer) -> dict[str, set[str]]:
    """Every form and API operation that changes something, sent by the reader: a refusal must not quote what it
    refuses."""
    seen = {}
    for method, path, data, content_type in post_plan(client, world, viewer):
        send = getattr(client, method)
        response = send(path, data, **({"content_type": content_type} if content_type else {}))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        words = found(content.decode("utf-8", errors="replace"))
        if words:
            seen[f"{method.upper()} {path}"] = words
    return seen


def _route(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


@pytest.mark.django_db
def test_the_sweep_reaches_every_route_and_operation(world):
    """Nobody keeps a list of routes: every URL pattern and every API operation is found by the sweep itself, with
    the planted objects' ids, and a new one is swept as soon as it exists."""
    viewer = world["readers"]["former member"]
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    known = set(_values(world, viewer)) | set(UNPLANTED)
    routes = [pattern for pattern in _patterns(get_resolver().url_patterns) if not _skipped(pattern)]
    needing = {name for route in routes for name in (m.group("name") for m in ARGUMENT.finditer(route))}
    assert needing <= known, f"plant an object for these arguments in _values, or say why not: {needing - known}"
    opened = {_route(path) for path in site_paths(world, viewer) + api_paths(client, world, viewer)}
    assert not [route for route in routes if route not in opened], "URL patterns the sweep does not open"
    sent = {(method, _route(path)) for method, path, _data, _type in post_plan(client, world, viewer)}
    sent |= {("get", route) for route in opened}
    document = client.get("/api/v1/openapi.json").json()
    operations = {
        (method, re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/")))
        for path, methods in document["paths"].items()
        for method in methods
    }
    assert len(operations) > 50
    assert not sorted(operations - sent), "API operations the sweep does not send"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "other commune", "same commune", "former member", "blocked"])
def test_no_secret_reaches_a_reader_who_may_not_read_it(world, who):
    viewer = world["readers"][who]
    client = Client(raise_request_exception=False)
    if viewer is not None:
        client.force_login(viewer)
    allowed = set(COMMUNE_ONLY.values()) if viewer is not None and viewer.home_commune == world["beauvais"] else set()
    leaks = {path: words - allowed for path, words in walk(client, world, viewer).items() if words - allowed}
    assert not leaks, f"{who} reads secrets: {leaks}"
    leaks = {path: words - allowed for path, words in post_walk(client, world, viewer).items() if words - allowed}
    assert not leaks, f"{who} reads secrets in the answer to a form: {leaks}"
    # What the reader's own forms changed (a block, a request to join, a report) opens nothing either.
    leaks = {path: words - allowed for path, words in walk(client, world, viewer).items() if words - allowed}
    assert not leaks, f"{who} reads secrets after sending forms: {leaks}"
    if viewer is not None:
        emails = [email for email in world["emails"] if viewer.email in email.to]
        texts = [
            email.subject + email.body + "".join(content for content, _type in getattr(email, "alternatives", []))
            for email in emails
        ]
        assert not [found(text) for text in texts if found(text)], f"{who} is e-mailed secrets"
