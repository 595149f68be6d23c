"""One secret word planted in every kind of private content, then looked for on every read path.

The places: a post and a comment in a members-only group and in a secret group (whose very name is secret), a
members-only event (title, description, venue, address, price, accessibility details, online link), a public event
hidden by moderation, a members-only poll (its question and an answer), a members-only event asking approval (its
question, a member's answer, the invitations and reminders of the group's events, a photo of an outing's album and its
description, a comment under the members' event and its reply), a listing scoped to a residence, an alert to the
residence (its title, text and photo's description; and one that moderation hid), the residence's street address, a
private message and its attachment's
description, the name of a person whose profile is for contacts only, an expert session of the élus' network, its
question and answer, and a document shared there with its file (the former member's mandate ended the day before the
sweep); and a post, a comment and an event of a *public* group that the operator's moderation team suspended, which
nobody reads, its members included. The readers: an anonymous visitor, a person of the same commune outside everything,
a former member (who took part in all of it, then left the groups, the residence and the conversation) and a person the
author blocked. The paths: every URL pattern of the site (filled with the planted objects' ids, slugs and tokens), every
operation of the API's OpenAPI document (GET, and the others sent as changes), search (page and API) for each secret
word, and the e-mails sent by actions taken after the former member left. A member walks the same paths and must meet
every secret word (but the suspended group's), so that the sweep proves it reaches the content.

The paths are generated, never listed by hand: `test_the_sweep_reaches_every_route_and_operation` fails when a URL
pattern or an API operation is not visited, or is visited only with made-up arguments, so a new route is swept as
soon as it exists (or the test says which argument it needs planted).
"""

import re
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from parvis.accounts.services import user_handle_assign
from parvis.agenda import publication
from parvis.agenda.models import Event, Invitation, RsvpStatus
from parvis.agenda.services.comments import event_comment_create
from parvis.agenda.services.events import event_cancel, event_create
from parvis.agenda.services.invitations import event_invite
from parvis.agenda.services.participants import event_message_participants
from parvis.agenda.services.photos import event_photo_add
from parvis.agenda.services.reminders import reminders_send
from parvis.agenda.services.replays import replay_link
from parvis.agenda.services.rsvps import rsvp_guest_confirm, rsvp_guest_request, rsvp_set
from parvis.alerts.services import alert_send
from parvis.bulletins.services import bulletin_send, themes_set
from parvis.core import kinds, media
from parvis.core.links import absolute_url
from parvis.core.pagecache import forget_visitor_pages
from parvis.counter import services as counter
from parvis.counter.models import ReportPhoto
from parvis.directory.services import offer_create, school_class_create
from parvis.messaging.services import block_create, conversation_leave, conversation_start, message_send
from parvis.moderation.services import decision_take, report_create
from parvis.neighbours import services as neighbours
from parvis.neighbours.models import ListingPhoto
from parvis.network import services as network
from parvis.network.models import DocumentVersion, NetworkRole, RoleKind
from parvis.notifications.emails import unsubscribe_token
from parvis.notifications.models import EmailFrequency, Notification
from parvis.notifications.services import digests_send_daily, notification_preference_set
from parvis.polls.services import poll_create, poll_vote
from parvis.posts.models import Attachment
from parvis.posts.services import comment_create, post_create, post_share
from parvis.procedures import services as procedures
from parvis.procedures.models import AnswerValue
from parvis.spaces.models import JoinPolicy, Membership, Nature, OrganisationKind, Role, Space, Visibility
from parvis.spaces.services.memberships import space_leave
from parvis.spaces.services.organisations import organisation_request, organisation_verify
from parvis.spaces.services.spaces import space_create, space_update
from parvis.toolbox.services import file_upload, file_version_add, post_pin, post_save_for_later
from parvis.tv.chapters import chapters_set
from parvis.tv.models import Video
from parvis.tv.programmes import collection_add_video, playlist_create, programme_create
from parvis.tv.services import caption_set, channel_create, video_receive, video_start
from tests.factories import add_member, jpeg, make_user, png, soon, video_clip
from tests.network.helpers import grant as network_grant
from tests.network.helpers import network as network_create

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
    "event price": "ZQXWKJVFtarif",
    "event accessibility": "ZQXWKJVFaccessible",
    "event online link": "ZQXWKJVFvisio",
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
    "tv programme": "ZQXWKJVFprogramme",
    "tv playlist": "ZQXWKJVFlistelecture",
    "chapter": "ZQXWKJVFchapitre",
    "video caption": "ZQXWKJVFsoustitre",
    "unlisted video": "ZQXWKJVFnonlistee",
    "bulletin title": "ZQXWKJVFactualite",
    "bulletin text": "ZQXWKJVFactualitetexte",
    "reporter name": "ZQXWKJVFsignaleur",
    "report note": "ZQXWKJVFnoteinterne",
    "report photo": "ZQXWKJVFphotoavant",
    "private question": "ZQXWKJVFquestionprivee",
    "private answer": "ZQXWKJVFreponseprivee",
    "procedure answer": "ZQXWKJVFdemandeprivee",
    "procedure note": "ZQXWKJVFnotedemande",
    "event question": "ZQXWKJVFquestioninscription",
    "participation answer": "ZQXWKJVFreponseinscription",
    "album photo": "ZQXWKJVFalbum",
    "event comment": "ZQXWKJVFcommentevenement",
    "event reply": "ZQXWKJVFreponseevenement",
    "group file title": "ZQXWKJVFfichier",
    "group file content": "ZQXWKJVFcontenufichier",
    "group file version": "ZQXWKJVFversiondeux",
    "network session": "ZQXWKJVFsessionexpert",
    "network session description": "ZQXWKJVFordredujour",
    "network question": "ZQXWKJVFquestionexpert",
    "network answer": "ZQXWKJVFreponseexpert",
    "network document": "ZQXWKJVFdocumentreseau",
    "network file": "ZQXWKJVFfichierreseau",
    "alert title": "ZQXWKJVFalerte",
    "alert text": "ZQXWKJVFalertetexte",
    "alert photo": "ZQXWKJVFalertephoto",
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
    # A public event that moderation hid: read by nobody, members of its group included.
    "hidden event": "ZQXWKJVFmasque",
    "hidden event description": "ZQXWKJVFmasquedescription",
    "hidden event venue": "ZQXWKJVFmasquelieu",
    # A residence's alert that moderation hid: read by nobody, its residents and its sender included.
    "hidden alert": "ZQXWKJVFalertemasquee",
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
def world(
    spaces,
    inhabitant,
    neighbour,
    outsider,
    beauvais,
    operator,
    django_capture_on_commit_callbacks,
    settings,
    fresh_rate_counters,
):
    """Plant the secrets. The inhabitant writes everything; the neighbour is a member of everything. The cache starts
    empty: in Redis (the scaled profile) it outlives each test, and the previous test's counters and kept values
    would count against this one.

    What each reader's pages work out about them (the header's badges: their unread notifications checked against
    each kind's rule) is kept across their requests as in production (`PARVIS_VIEWER_SECONDS`, parvis/core/viewer.py):
    rebuilt on every one of the thousands of pages of a walk, it took nine tenths of the sweep's time. A kept value is
    what the same person's next page would compute, under the same write generation; any form sent starts a new one."""
    settings.PARVIS_VIEWER_SECONDS = 600
    forget_visitor_pages()  # nothing kept by an earlier test counts
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
            is_free=False,
            price_text=f"Tarif {plant(SECRETS, 'event price')}",
            accessibility_note=f"Rampe {plant(SECRETS, 'event accessibility')}",
            online_url=f"https://visio.example.org/{SECRETS['event online link']}",
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
        # Both are reminded of the members' event an hour before it (a simulated time), while they are members.
        reminders_send(now=event.start - timedelta(minutes=30))
        # An event whose organisers approve each participant and ask a question; the group is invited to it, and
        # the member asks for a place with an answer only the organisers (and the member) read.
        invited_event = event_create(
            creator=author,
            space=members_group,
            title="Repas partagé",
            approval_required=True,
            question=f"Quel plat ? {plant(SECRETS, 'event question')}",
            start=soon(9),
            end=soon(9, 2),
        )
        event_invite(inviter=author, event=invited_event, group=members_group)
        invitations = list(Invitation.objects.filter(event=invited_event).order_by("pk"))
        # The members' outing began an hour ago: the member adds a photo to its album.
        outing = event_create(
            creator=author, space=members_group, title="Sortie au marais", start=soon(1), end=soon(1, 3)
        )
        rsvp_set(user=member, event=outing, status=RsvpStatus.GOING)
        Event.objects.filter(pk=outing.pk).update(start=timezone.now() - timedelta(hours=1))
        outing.refresh_from_db()
        album_photo = event_photo_add(
            author=member, event=outing, upload=jpeg(), alt_text=f"Hérons {plant(SECRETS, 'album photo')}"
        )
        # The discussion under the members' event: a question mentioning both, and the member's reply.
        event_question = event_comment_create(
            author=author, event=event, body=f"Qui apporte ? {plant(SECRETS, 'event comment')} {mentions}"
        )
        event_comments = [
            event_question,
            event_comment_create(
                author=member, event=event, body=f"Moi {plant(SECRETS, 'event reply')}", parent=event_question
            ),
        ]
        rsvp_set(
            user=member,
            event=invited_event,
            status=RsvpStatus.GOING,
            answer=f"Une tarte {plant(SECRETS, 'participation answer')}",
        )
        listing = neighbours.listing_create(
            author=author,
            direction="offer",
            kind="loan",
            scope="residence",
            title=f"Perceuse {plant(SECRETS, 'listing')}",
            description="À prêter",
        )
        alert = alert_send(
            sender=author,
            area=residence.territory,
            kind="lost_animal",
            title=f"Chat {plant(SECRETS, 'alert title')}",
            text=f"Minou {plant(SECRETS, 'alert text')}",
            photo=jpeg(),
            photo_alt=f"Chat gris {plant(SECRETS, 'alert photo')}",
        )
        hidden_alert = alert_send(
            sender=author,
            area=residence.territory,
            kind="safety",
            title=f"Danger {plant(SUSPENDED, 'hidden alert')}",
        )
        kinds.get("alert").moderate(hidden_alert, kinds.HIDE)
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
        # A group's toolbox: a file of the members-only group with two versions, its first post pinned, and that
        # post saved for later by the member and by the former member (whose list drops it once they left).
        group_file = file_upload(
            actor=author,
            space=members_group,
            upload=SimpleUploadedFile("cr.pdf", f"%PDF-1.4\n{plant(SECRETS, 'group file content')}\n".encode()),
            title=f"Compte rendu {plant(SECRETS, 'group file title')}",
        )
        file_version_add(
            actor=author,
            group_file=group_file,
            upload=SimpleUploadedFile("cr2.pdf", f"%PDF-1.4\n{plant(SECRETS, 'group file version')}\n".encode()),
        )
        post_pin(actor=author, post=posts[0])
        for person in (member, former):
            post_save_for_later(user=person, post=posts[0])
        # The town hall's news to the people of Beauvais who chose culture: the member only, not the former member.
        town_hall = Space.objects.official().get(territory=beauvais)
        town_agent = make_user("agent.mairie@example.org", display_name="Agent de la mairie")
        add_member(town_hall, town_agent, role=Role.ADMIN)
        themes_set(person=member, themes=["culture"], email=True)
        bulletin = bulletin_send(
            actor=town_agent,
            space=town_hall,
            title=f"Concert {plant(SECRETS, 'bulletin title')}",
            text=f"Programme {plant(SECRETS, 'bulletin text')}",
            public=False,
            territory_id=beauvais.pk,
            themes=["culture"],
        )
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
        # Programmes and playlists: those of the public council's channel hold the members-only video (never shown
        # to others, nor counted), those of the members group are private by their space; a chapter of the
        # members-only video; the members-only video as the replay of a public session, and a public video as the
        # replay of the members group's event (the player page must not name it to others).
        council_channel, group_channel = videos[0].channel, videos[1].channel
        tv_collections = {"programme": [], "playlist": []}
        for tv_channel, programme_title, playlist_title in (
            (council_channel, "Séances", "Sélection"),
            (group_channel, plant(SECRETS, "tv programme"), plant(SECRETS, "tv playlist")),
        ):
            tv_collections["programme"].append(
                programme_create(actor=author, channel=tv_channel, title=f"Émission {programme_title}")
            )
            tv_collections["playlist"].append(
                playlist_create(actor=author, channel=tv_channel, title=f"Liste {playlist_title}")
            )
        collection_add_video(actor=author, collection=tv_collections["programme"][0], video=videos[0])
        collection_add_video(actor=author, collection=tv_collections["playlist"][0], video=videos[0])
        chapters_set(actor=author, video=videos[0], text=f"00:00:00 Point 1 – Chapitre {plant(SECRETS, 'chapter')}")
        session = event_create(creator=author, space=council, title="Séance publique", start=soon(4), end=soon(4, 2))
        replay_link(actor=author, event=session, video=videos[0])
        shown = video_start(
            author=author, channel=council_channel, title="Vidéo publique", visibility="public", size=len(clip)
        )
        videos.append(video_receive(actor=author, video=shown, start=0, total=len(clip), chunk=clip))
        replay_link(actor=author, event=event, video=videos[-1])
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

    # The town hall's counter: a report whose reporter asked not to be named, with a photo the service has not
    # acknowledged yet, and an agent's internal note. The member is an agent of Beauvais's official space (the back
    # office shows them all three); the public reads the report, never who filed it, the note, nor that photo.
    town_hall = Space.objects.get(territory=beauvais, is_official=True)
    mayor = make_user("mairie@example.org", display_name="Mairie")
    add_member(town_hall, mayor, role=Role.ADMIN)
    add_member(town_hall, member, role=Role.MODERATOR)
    service = counter.service_create(actor=mayor, space=town_hall, name="Services techniques")
    category = counter.category_create(actor=mayor, territory=beauvais, service=service, name="Voirie")
    reporter = make_user("signale@example.org", display_name=plant(SECRETS, "reporter name"), home_commune=beauvais)
    reporter.profile_visibility = "contacts"  # found by nobody in people search: the report alone could name them
    reporter.save()
    with django_capture_on_commit_callbacks(execute=True):
        counter_report = counter.report_create(
            reporter=reporter,
            category=category,
            description="Trottoir abîmé",
            commune=beauvais,
            address="rue de la Madeleine",
            photos=[(png(), f"Trottoir {plant(SECRETS, 'report photo')}")],
            anonymous=True,
        )
    counter.report_note_add(agent=member, report=counter_report, text=f"Voir {plant(SECRETS, 'report note')}")
    # A private question to the town hall, answered: its asker and the service's agents (the member) read it.
    with django_capture_on_commit_callbacks(execute=True):
        counter_question = counter.question_ask(
            asker=reporter,
            service=service,
            commune=beauvais,
            text=f"Mon dossier {plant(SECRETS, 'private question')}",
            public=False,
        )
        counter.question_answer(
            agent=member, question=counter_question, answer=f"Réponse {plant(SECRETS, 'private answer')}"
        )

    # An online request to the town hall, with a file: read by its sender and the service's agents (the member).
    procedure = procedures.procedure_create(
        actor=mayor, space=town_hall, territory=beauvais, service=service, title="Inscription à la cantine"
    )
    wish = procedures.field_add(actor=mayor, procedure=procedure, label="Votre demande", type="text")
    proof = procedures.field_add(actor=mayor, procedure=procedure, label="Justificatif", type="file")
    with django_capture_on_commit_callbacks(execute=True):
        procedure_answer = procedures.answer_submit(
            applicant=reporter,
            procedure=procedure,
            commune=beauvais,
            values={wish.key: f"Pour mon fils {plant(SECRETS, 'procedure answer')}"},
            files={proof.key: png()},
        )
        procedures.answer_note_add(
            agent=member, answer=procedure_answer, text=f"Voir {plant(SECRETS, 'procedure note')}"
        )
        procedures.answer_state_set(agent=member, answer=procedure_answer, state="acknowledged", message="Reçu")

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
    # A post of the public square carrying the members-only video (transcoded when the block above ended): readers
    # outside the council read a sentence, never the video's title, poster or key.
    with django_capture_on_commit_callbacks(execute=True):
        posts.append(
            post_create(
                author=author, space=square, body="La vidéo du conseil", video=Video.objects.get(pk=videos[0].pk)
            )
        )
    moderator = make_user("moderation@example.org", display_name="Équipe de modération")
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate_anything", content_type__app_label="moderation")
    )
    report = report_create(reporter=same_commune, kind="space", target_id=suspended_group.pk, reason="illegal")
    decision = decision_take(moderator=moderator, report=report, action="suspend", reason="Vente illégale.")
    # A public event of the square (its members told of it), then hidden by the operator's moderation team.
    add_member(square, member)
    with django_capture_on_commit_callbacks(execute=True):
        hidden_event = event_create(
            creator=author,
            space=square,
            title=f"Soirée {plant(SUSPENDED, 'hidden event')}",
            description=f"Programme {plant(SUSPENDED, 'hidden event description')}",
            venue_name=f"Cour {plant(SUSPENDED, 'hidden event venue')}",
            start=soon(8),
            end=soon(8, 2),
            commune=beauvais,
        )
    hidden_report = report_create(reporter=same_commune, kind="event", target_id=hidden_event.pk, reason="illegal")
    decision_take(moderator=moderator, report=hidden_report, action="hide", reason="Événement non autorisé.")

    # The élus' network: the author, the member and the former member are élus, an agent opens a session, an expert
    # answers; a document is shared with a file. Nobody else is in the network.
    network_hub, network_theme = network_create(operator, beauvais.parent)
    network_agent = make_user("agent-reseau@example.org", display_name="Agente Réseau")
    network_expert = make_user("expert-reseau@example.org", display_name="Expert Réseau")
    for person in (author, member, former):
        network_grant(operator, person, commune=beauvais)
    network_grant(operator, network_agent, kind=RoleKind.AGENT)
    network_grant(operator, network_expert, kind=RoleKind.EXPERT, theme=network_theme)
    with django_capture_on_commit_callbacks(execute=True):
        network_session = network.session_schedule(
            actor=network_agent,
            theme=network_theme,
            title=f"Session {plant(SECRETS, 'network session')}",
            description=f"Ordre du jour {plant(SECRETS, 'network session description')}",
            expert=network_expert,
            starts_at=soon(2),
            ends_at=soon(2, 2),
        )
    with django_capture_on_commit_callbacks(execute=True):
        network_question = network.question_ask(
            author=author, session=network_session, text=f"Question {plant(SECRETS, 'network question')}"
        )
    network.question_vote(voter=former, question=network_question)
    with django_capture_on_commit_callbacks(execute=True):
        network.question_answer(
            expert=network_expert, question=network_question, text=f"Réponse {plant(SECRETS, 'network answer')}"
        )
    with django_capture_on_commit_callbacks(execute=True):
        network_document = network.document_share(
            author=author,
            space=network_theme.space,
            title=f"Document {plant(SECRETS, 'network document')}",
            upload=SimpleUploadedFile(
                "note.pdf", f"%PDF-1.4\n({plant(SECRETS, 'network file')})\n%%EOF\n".encode(), "application/pdf"
            ),
        )

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
    # The former member's mandate ended yesterday; the night took them out of the network's spaces.
    NetworkRole.objects.filter(user=former).update(ends_on=timezone.localdate() - timedelta(days=1))
    network.roles_lapse()

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
        "events": [event, other_event, guest_event, suspended_event, session, invited_event, outing, hidden_event],
        "album_photo": album_photo,
        "event_comments": event_comments,
        "invitations": invitations,
        "tv_collections": tv_collections,
        "announcement": announcement,
        "offer": offer,
        "code": code,
        "report": report,
        "decision": decision,
        "guest_token": guest.token,
        "listing": listing,
        "alerts": [alert, hidden_alert],
        "poll": poll,
        "group_file": group_file,
        "bulletin": bulletin,
        "counter_report": counter_report,
        "counter_question": counter_question,
        "procedure": procedure,
        "procedure_answer": procedure_answer,
        "videos": videos,
        "chat": chat,
        "message": message,
        "residence": residence,
        "hidden": hidden,
        "manager": landlord_user,
        "tokens": tokens,
        "beauvais": beauvais,
        "emails": list(mail.outbox),
        "network": {
            "theme": network_theme,
            "session": network_session,
            "question": network_question,
            "document": network_document,
        },
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
        "comment_id": [comment.pk for comment in (*world["comments"], *world["event_comments"])],
        "event_id": [event.pk for event in events],
        "listing_id": [world["listing"].pk],
        "alert_id": [alert.pk for alert in world["alerts"]],
        "poll_id": [world["poll"].pk],
        "invitation_id": [invitation.pk for invitation in world["invitations"]],
        "file_id": [world["group_file"].pk],
        "number": [1, 2],
        "bulletin_id": [world["bulletin"].pk],
        "request_id": [world["counter_report"].pk],
        "question_id": [world["counter_question"].pk],
        "procedure_id": [world["procedure"].pk],
        "answer_id": [world["procedure_answer"].pk],
        "format": ["json", "xml"],
        "video_id": [video.pk for video in world["videos"]],
        "channel_id": [video.channel_id for video in world["videos"]],
        # A video's files: its key names it (an unlisted video's page is opened with it below, as by its link).
        "key": [video.key for video in world["videos"]],
        "name": ["master.m3u8", "video.mp4", "poster.jpg", "thumbnail.jpg", "captions/fr.vtt", "chapters.vtt"],
        "programme_id": [programme.pk for programme in world["tv_collections"]["programme"]],
        "playlist_id": [playlist.pk for playlist in world["tv_collections"]["playlist"]],
        # The caption editor of the planted language (its managers alone read the text there).
        "language": ["fr"],
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
        "kind": [
            "publication",
            "commentaire",
            "espace",
            "message",
            "annonce",
            "personne",
            "sondage",
            "video",
            "evenement",
            "actualite",
            "photo-evenement",
            "commentaire-evenement",
            "fichier",
            "recommandation",
            "alerte",
        ]
        + ["signalement", "question-mairie", "demande-demarche", "suivi-demarche"]
        + ["question-expert", "reponse-expert", "document-reseau", "session-expert"]
        + ["post-photo", "listing-photo", "event-image", "report-photo", "procedure-file"]
        + ["event-photo", "network-document", "alert-photo"],
        "pk": list(Attachment.objects.filter(post__in=world["posts"]).values_list("pk", flat=True))
        + list(ListingPhoto.objects.filter(listing=world["listing"]).values_list("pk", flat=True))
        + [event.pk for event in events]
        + list(ReportPhoto.objects.filter(report=world["counter_report"]).values_list("pk", flat=True))
        + list(AnswerValue.objects.filter(answer=world["procedure_answer"]).values_list("pk", flat=True))
        + [world["album_photo"].pk]
        + [alert.pk for alert in world["alerts"]]
        + list(DocumentVersion.objects.filter(document=world["network"]["document"]).values_list("pk", flat=True)),
        "field": ["image", "image_small", "file", "photo", "photo_small"],
        "target_id": [
            world["posts"][0].pk,
            world["listing"].pk,
            world["message"].pk,
            world["hidden"].pk,
            world["poll"].pk,
            world["album_photo"].pk,
            *(comment.pk for comment in world["event_comments"]),
            world["group_file"].pk,
            world["bulletin"].pk,
            world["counter_report"].pk,
            world["counter_question"].pk,
            world["procedure_answer"].pk,
            *(video.pk for video in world["videos"]),
            events[0].pk,
            events[-1].pk,  # the members-only event, and the public one moderation hid
            world["network"]["question"].pk,
            world["network"]["document"].pk,
            *(alert.pk for alert in world["alerts"]),
        ],
        "year": [events[0].start.year],
        "month": [events[0].start.month],
        "announcement_id": [world["announcement"].pk],
        "offer_id": [world["offer"].pk],
        "code_id": [world["code"].pk],
        "report_id": [world["report"].pk],
        "decision_id": [world["decision"].pk],
        "theme": [world["network"]["theme"].slug],
        "session_id": [world["network"]["session"].pk],
        "network_question_id": [world["network"]["question"].pk],
        "document_id": [world["network"]["document"].pk],
        # The network's roles (the operator's page invites their holders).
        "role_id": list(NetworkRole.objects.order_by("pk").values_list("pk", flat=True)[:5]),
        # Every open-data file, and the agenda in its other published format.
        "dataset": [dataset.slug for dataset in kinds.datasets()],
        "form": [name for dataset in kinds.datasets() for name in dataset.formats],
    }


# Arguments the sweep fills with a made-up id, and why no private object is planted for them. A route with an
# argument that is neither planted (`_values`) nor named here fails `test_the_sweep_reaches_every_route...`.
UNPLANTED = {
    "exchange_id": "an exchange is seen by its two parties only, and names no content of others (tests/neighbours)",
    "source_id": "an imported calendar's address is managed by its space's administrators, by POST only",
    "submission_id": "only public events are submitted to a common agenda: a submission holds nothing private",
    "token_id": "a person's own API tokens, revoked by POST; another person's token id is a 404",
    "device_id": "a person's own devices receiving notifications; another person's device id is a 404, and what a push "
    "carries is checked against the visibility rule at send time (tests/notifications/test_webpush.py)",
    "recommendation_id": "a recommendation is public on its entry, edited and withdrawn by its author only "
    "(tests/directory/test_recommendations.py)",
    "link": "a person's own data download, signed for them alone and opened once (tests/rights/test_export.py)",
}


def _skipped(pattern: str) -> bool:
    """Routes the sweep does not open: the admin answers staff alone, after their second factor (tests/accounts),
    and staff read no private group; allauth's links carrying a key sent by e-mail (confirming an address,
    resetting a password) are regular expressions that show a form and read no content."""
    return pattern.startswith("admin/") or "(?P" in pattern


ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


# The arguments that carry the id of an object of the kind named by the address's `kind` argument.
TYPED_IDS = ("pk", "target_id")


def _objects_of(pattern: str, word: str, ids: list) -> list:
    """The ids among `ids` that are objects of what `word` names in this address: a carrier of files in
    `fichiers/<kind>/<pk>/<field>/`, a kind of the registry elsewhere."""
    if pattern.startswith("fichiers/"):
        carrier = next((carrier for carrier in media.carriers() if carrier.kind == word), None)
        objects = carrier.model._default_manager.all() if carrier else None
    else:
        kind = kinds.by_word(word)
        objects = kind.objects() if kind else None
    if objects is None:
        return []
    return sorted(objects.filter(pk__in=ids).values_list("pk", flat=True))


def _fill(pattern: str, values: dict[str, list]) -> list[str]:
    """Every way of filling the pattern's arguments with the planted values (unknown arguments get 1).

    Where the address names a kind and an id (`<kind>/<pk>`), each kind is given the planted ids that are objects of
    it, whatever their table: any other pair is a 404 that reads nothing, and every word times every id made 3,700
    of a walk's 5,800 pages."""
    arguments = {match.group("name"): match.group(0) for match in ARGUMENT.finditer(pattern)}
    id_name = next((name for name in TYPED_IDS if name in arguments), None)
    paths, filled = [pattern], set()
    if "kind" in arguments and id_name:
        paths = [
            pattern.replace(arguments["kind"], quote(word), 1).replace(arguments[id_name], str(pk), 1)
            for word in values["kind"]
            for pk in _objects_of(pattern, word, values[id_name])
        ]
        filled = {"kind", id_name}
    for match in ARGUMENT.finditer(pattern):
        if match.group("name") in filled:
            continue
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
    # What oEmbed says of each video's link (the link of an unlisted one, key included).
    paths += [f"/tv/oembed?url={quote(absolute_url(video.get_absolute_url()))}" for video in world["videos"]]
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


def object_storage_endpoint() -> str:
    """The S3 server's address when the media are there (the scaled profile runs the sweep so), else ""."""
    endpoints = {storage.get("OPTIONS", {}).get("endpoint_url") for storage in settings.STORAGES.values()}
    return next((endpoint.rstrip("/") for endpoint in endpoints if endpoint), "")


def through_storage(response, headers: dict | None = None):
    """The answer a browser ends with: a private file on S3 is a redirect to a signed address on the bucket, which
    the test client cannot follow (another server), so it is fetched there, as the browser would."""
    endpoint = object_storage_endpoint()
    location = response.get("Location", "") if response.status_code in (301, 302, 303, 307) else ""
    if not (endpoint and location.startswith(endpoint + "/")):
        return response
    answer = requests.get(location, headers=headers or {}, timeout=30)
    return HttpResponse(answer.content, status=answer.status_code, headers=dict(answer.headers))


def body(response) -> bytes:
    response = through_storage(response)
    return b"".join(response.streaming_content) if response.streaming else response.content


def walk(client, world, viewer) -> dict[str, set[str]]:
    """Every path, and the secret words each answer holds."""
    seen = {}
    for path in site_paths(world, viewer) + api_paths(client, world, viewer):
        content = body(client.get(path))
        words = found(content.decode("utf-8", errors="replace"))
        if words:
            seen[path] = words
    return seen


def private_video_files(world) -> list[str]:
    """Every file of the members-only video and of the unlisted one of the members group: the playlists, a segment
    of the lowest rendition, the MP4, the pictures, the captions and the chapters. They hold no planted word (they are
    pictures and sound), so the sweep asks for their status: they are served through the visibility rule only."""
    paths = []
    for video in Video.objects.filter(pk__in=[world["videos"][0].pk, world["videos"][1].pk]).order_by("pk"):
        height = video.renditions[0]
        for name in (
            "master.m3u8",
            f"{height}/index.m3u8",
            f"{height}/seg_0000.ts",
            "video.mp4",
            "poster.jpg",
            "thumbnail.jpg",
            "captions/fr.vtt",
            "chapters.vtt",
        ):
            paths.append(f"/tv/fichiers/{video.key}/{name}")
    return paths


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
    # The private videos' files reach the member, the MP4 by byte ranges too (a player seeks with them), and none of
    # them is for a shared cache.
    files = private_video_files(world)
    assert len(files) == 16
    for path in files:
        answer = client.get(path)
        assert "public" not in answer.get("Cache-Control", ""), path
        assert through_storage(answer).status_code == 200, path
    ranged = through_storage(client.get(files[3], headers={"range": "bytes=0-99"}), headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(body(ranged)) == 100
    # A member of the suspended group does not read it either: the suspension is for everyone; nor does a member of
    # the square read its event that moderation hid.
    assert not seen & set(SUSPENDED.values()), "a suspended group or a hidden event is still read by its members"
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
        content = body(response)
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
    # The private videos' files (pictures and sound, no planted word): not one byte, even asked by range.
    served = {path: client.get(path, headers={"range": "bytes=0-"}).status_code for path in private_video_files(world)}
    assert set(served.values()) == {404}, f"{who} gets files of private videos: {served}"
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


@pytest.mark.django_db
def test_the_operators_figures_count_private_content_without_naming_it(world, operator, client):
    """The figures count what happens in private groups and conversations, computed as the nightly task does; no page
    or download of the figures names it (the operator is a member of nothing here)."""
    from django.utils import timezone

    from parvis.core import kinds
    from parvis.figures.services import figures_compute
    from tests.conftest import staff_client

    today = timezone.localdate()
    figures_compute(first=today, last=today)
    client = staff_client(client, operator)
    beauvais = world["beauvais"]
    paths = [f"/chiffres/?territoire={beauvais.pk}&indicateur={i.name}" for i in kinds.indicators() if not i.hidden]
    paths += [f"/chiffres/{page}?territoire={beauvais.pk}" for page in ("export.csv", "export.json", "rapport/")]
    paths += ["/chiffres/export.json"]
    answers = {path: client.get(path) for path in paths}
    assert {path: response.status_code for path, response in answers.items() if response.status_code != 200} == {}
    leaks = {path: found(response.content.decode()) for path, response in answers.items()}
    assert not {path: words for path, words in leaks.items() if words}, "the figures name private content"
    page = answers[f"/chiffres/?territoire={beauvais.pk}&indicateur=messages"].content.decode()
    assert "Chiffres de Beauvais" in page  # the sweep reads the real dashboard, not an error page


@pytest.mark.django_db
def test_no_secret_leaves_by_federation(world):
    """Outgoing federation: every space is followed from another server (the members-only and secret ones too, as
    if they had been public once), and every post and event is synced as the send pipeline does after each write.
    No delivery, and no actor, outbox or object address of the federation, holds a planted word."""
    import json

    from parvis.core import kinds
    from parvis.federation.models import Delivery, Follower, RemoteActor
    from parvis.federation.outgoing import sync
    from parvis.federation.serialise import FEDERATED
    from parvis.spaces.models import Space

    afar = RemoteActor.objects.create(
        uri="https://ailleurs.example/users/lea",
        domain="ailleurs.example",
        inbox="https://ailleurs.example/users/lea/inbox",
        key_id="https://ailleurs.example/users/lea#main-key",
        public_pem="-",
        actor_type="Person",
        fetched_at=timezone.now(),
    )
    every_space = list(Space.objects.all())
    for space in every_space:
        Follower.objects.create(actor_kind="space", actor_id=space.pk, remote=afar, follow_id=f"{afar.uri}#{space.pk}")
    paths = []
    for name in FEDERATED:
        kind = kinds.get(name)
        for pk in kind.objects().values_list("pk", flat=True):
            sync.call(kind=name, object_id=pk)
            paths.append(f"/ap/objets/{kind.word}/{pk}")
    for space in every_space:
        paths += [f"/ap/espaces/{space.slug}{end}" for end in ("", "/outbox", "/followers")]
        paths.append(f"/.well-known/webfinger?resource=acct:{space.slug}@localhost:8000")
    bodies = [json.dumps(delivery.body, ensure_ascii=False) for delivery in Delivery.objects.all()]
    # Public content did leave (the sweep is not vacuous): public posts and events were delivered.
    assert {"post", "event"} <= set(Delivery.objects.filter(activity_type="Create").values_list("kind", flat=True))
    leaks = [found(body) for body in bodies if found(body)]
    assert not leaks, f"federation delivers secrets: {leaks}"
    client = Client(raise_request_exception=False)
    leaks = {path: found(client.get(path).content.decode()) for path in paths}
    assert not {path: words for path, words in leaks.items() if words}, "federation's addresses show secrets"
