"""After a person deletes their account, nothing on the site names them any more: no page, API answer, feed, search
result or e-mail shows their name, @handle, e-mail address or picture, whatever they chose for what they wrote.

The world is the private sweep's (tests/core/test_private_sweep.py): its author, who wrote everything there (posts,
comments, events, a poll, listings, messages, answers), is here a person with a name found nowhere else. They hand
their groups over, delete their account, and a member who shared all of it walks every URL pattern and API
operation, as does an anonymous visitor; then the e-mails of what happens next are read.
"""

import pytest
from django.core import mail
from django.test import Client

from parvis.accounts.services import profile_update, user_handle_assign
from parvis.notifications.services import digests_send_daily
from parvis.posts.services import comment_create, post_create
from parvis.rights.erase import spaces_to_hand_over
from parvis.rights.services import account_delete
from parvis.spaces.models import Membership, MembershipStatus
from parvis.spaces.services.memberships import space_transfer_ownership
from tests.core import test_private_sweep as sweep
from tests.factories import PASSWORD, make_user, png

NAME, SURNAME = "Wolfgangzed", "Quixbert"
SECRETS = sweep.SECRETS
world = sweep.world  # the sweep's fixture, built here around the `inhabitant` below


@pytest.fixture
def inhabitant(beauvais):
    """The sweep's author, under a name, a handle, an address and a picture that no page holds by chance."""
    person = make_user(
        f"{SURNAME.lower()}.courriel@example.org", display_name=f"{NAME} {SURNAME}", home_commune=beauvais
    )
    user_handle_assign(user=person)
    return profile_update(
        user=person,
        display_name=person.display_name,
        bio="Habitant depuis toujours",
        home_commune=beauvais,
        quartier=None,
        residence=None,
        profile_visibility="everyone",
        avatar=png("portrait.png", size=(300, 300)),
    )


def traces(person) -> set[str]:
    """What names the person: words of the name and handle, the address, the picture's file name."""
    return {NAME.lower(), SURNAME.lower(), person.email.split("@")[0], person.avatar.name.rsplit("/", 1)[-1].lower()}


def seen(text: str, marks: set[str]) -> set[str]:
    text = text.lower()
    return {mark for mark in marks if mark in text}


def walk(client, world, viewer, marks) -> dict[str, set[str]]:
    paths = sweep.site_paths(world, viewer) + sweep.api_paths(client, world, viewer)
    # Search by each word of the name, looking for the other one: a result would show both, the echo of the
    # query only one.
    paths += [f"/recherche/?q={NAME}", f"/recherche/?q={SURNAME}", f"/api/v1/search?q={NAME}"]
    paths += [f"/api/v1/search?q={SURNAME}"]
    found = {}
    for path in paths:
        response = client.get(path)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        words = seen(content.decode("utf-8", errors="replace"), marks)
        if "?q=" in path:
            words -= {path.rsplit("=", 1)[1].lower()}
        if words:
            found[path] = words
    return found


def hand_over_and_delete(world, *, keep: bool) -> None:
    author, member = world["author"], world["member"]
    for space in spaces_to_hand_over(author):
        heir = (
            Membership.objects.filter(space=space, status=MembershipStatus.ACTIVE, user=member).first()
            or Membership.objects.filter(space=space, status=MembershipStatus.ACTIVE).exclude(user=author).first()
        )
        space_transfer_ownership(actor=author, space=space, new_owner=heir)
    account_delete(user=author, password=PASSWORD, keep_contributions=keep)


@pytest.mark.django_db
@pytest.mark.parametrize("keep", [True, False], ids=["kept as former member", "removed"])
def test_after_deletion_no_page_api_search_or_email_names_the_person(world, keep, django_capture_on_commit_callbacks):
    author, member = world["author"], world["member"]
    marks = traces(author)
    client = Client(raise_request_exception=False)
    client.force_login(member)
    # The sweep can see the person: before the deletion, the member meets their name on the group's page and in
    # search, and their picture's address.
    members_group = world["spaces"][0]
    before = seen(client.get(f"/espaces/{members_group.slug}/").content.decode(), marks)
    assert {NAME.lower(), SURNAME.lower()} <= before
    assert seen(client.get(f"/recherche/?q={SURNAME}").content.decode(), marks) >= {NAME.lower()}

    with django_capture_on_commit_callbacks(execute=True):
        hand_over_and_delete(world, keep=keep)
    mail.outbox.clear()
    # Life goes on: others write under the person's post and in their former groups; e-mails and digests leave.
    with django_capture_on_commit_callbacks(execute=True):
        if keep:  # under the person's post, kept: its author is told nothing, they are gone
            comment_create(author=member, post=world["posts"][0], body="Je réponds après son départ")
        post_create(author=member, space=members_group, body="Nouvelles du groupe")
    digests_send_daily()

    # The member, who shared every group and conversation with the person, reads more than anyone else would.
    client = Client(raise_request_exception=False)
    client.force_login(member)
    leaks = walk(client, world, member, marks)
    assert not leaks, f"the deleted person is still named: {leaks}"
    # Their @handle leads nowhere: the page of an unknown handle (which echoes the handle it is given), no profile.
    assert client.get(f"/profil/@{NAME.lower()}-{SURNAME.lower()}/").status_code == 200
    assert client.get(f"/profil/{author.pk}/").status_code == 404
    texts = [
        email.subject + email.body + "".join(content for content, _type in getattr(email, "alternatives", []))
        for email in mail.outbox
    ]
    assert not [seen(text, marks) for text in texts if seen(text, marks)]
    assert not [email for email in mail.outbox if any(mark in " ".join(email.to) for mark in marks)]

    # What the person wrote: kept and signed "Former member", or gone, as they chose.
    client = Client()
    client.force_login(member)
    page = client.get(f"/espaces/{members_group.slug}/").content.decode()
    assert (SECRETS["members post"] in page) is keep
    if keep:
        assert "Ancien membre" in page or "Former member" in page
