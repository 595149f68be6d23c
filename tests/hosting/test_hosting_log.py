"""The hosting log (LCEN): every creation, change and deletion of content and every sign-in, through the pages and
the API, leaves a row with the account, the address and the source port; only its dedicated readers export it;
rows older than a year are purged."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parvis.accounts.models import User
from parvis.core.audit import AuditEntry
from parvis.hosting.models import Act, HostingRecord
from parvis.posts.services import comment_create, post_create
from tests.conftest import staff_client
from tests.factories import PASSWORD, make_user

FROM = {"REMOTE_ADDR": "203.0.113.7", "REMOTE_PORT": "51234"}


def _api(user) -> Client:
    from parvis.accounts.models import ApiScope
    from parvis.accounts.services import api_token_create

    _token, raw = api_token_create(user=user, name="hosting log", scope=ApiScope.WRITE)
    return Client(headers={"Authorization": f"Bearer {raw}"}, **FROM)


def _web(user) -> Client:
    client = Client(**FROM)
    client.force_login(user)
    return client


def _rows(act, kind, object_id=None):
    rows = HostingRecord.objects.filter(act=act, kind=kind)
    return rows.filter(object_id=object_id) if object_id is not None else rows


def _only(act, kind, object_id, account) -> HostingRecord:
    rows = list(_rows(act, kind, object_id))
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row.account_id, row.account_email) == (account.pk, account.email)
    assert (row.ip, row.port) == ("203.0.113.7", 51234)
    return row


def test_a_post_written_changed_and_deleted_on_the_pages_leaves_three_rows(inhabitant, spaces):
    client = _web(inhabitant)
    client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "Vide-grenier dimanche"})
    post = spaces["public"].posts.get()
    _only(Act.CREATE, "post", post.pk, inhabitant)
    client.post(f"/publications/{post.pk}/modifier/", {"body": "Vide-grenier dimanche matin"})
    _only(Act.UPDATE, "post", post.pk, inhabitant)
    client.post(f"/publications/{post.pk}/supprimer/")
    _only(Act.DELETE, "post", post.pk, inhabitant)


def test_posts_and_comments_through_the_api_leave_rows(inhabitant, neighbour, spaces):
    api = _api(inhabitant)
    created = api.post(
        "/api/v1/posts/", {"space": spaces["public"].slug, "body": "Bonjour"}, content_type="application/json"
    )
    post_id = created.json()["id"]
    _only(Act.CREATE, "post", post_id, inhabitant)
    api.patch(f"/api/v1/posts/{post_id}", {"body": "Bonjour à tous"}, content_type="application/json")
    _only(Act.UPDATE, "post", post_id, inhabitant)
    comment = api.post(f"/api/v1/posts/{post_id}/comments", {"body": "Merci"}, content_type="application/json")
    comment_id = comment.json()["id"]
    _only(Act.CREATE, "comment", comment_id, inhabitant)
    api.patch(f"/api/v1/posts/comments/{comment_id}", {"body": "Merci !"}, content_type="application/json")
    _only(Act.UPDATE, "comment", comment_id, inhabitant)
    assert api.delete(f"/api/v1/posts/comments/{comment_id}").status_code == 204
    _only(Act.DELETE, "comment", comment_id, inhabitant)
    assert api.delete(f"/api/v1/posts/{post_id}").status_code == 204
    _only(Act.DELETE, "post", post_id, inhabitant)


def test_events_through_the_api_leave_rows(inhabitant, spaces):
    api = _api(inhabitant)
    start = (timezone.now() + timedelta(days=3)).isoformat()
    created = api.post(
        "/api/v1/agenda/events",
        {"space": spaces["public"].slug, "title": "Repas de quartier", "start": start},
        content_type="application/json",
    )
    event_id = created.json()["id"]
    _only(Act.CREATE, "event", event_id, inhabitant)
    api.patch(f"/api/v1/agenda/events/{event_id}", {"title": "Grand repas"}, content_type="application/json")
    api.post(f"/api/v1/agenda/events/{event_id}/cancel", {"reason": "Pluie"}, content_type="application/json")
    changes = _rows(Act.UPDATE, "event", event_id)
    assert changes.count() == 2
    assert {(row.account_id, row.ip, row.port) for row in changes} == {(inhabitant.pk, "203.0.113.7", 51234)}


def test_listings_polls_and_messages_through_the_api_leave_rows(inhabitant, neighbour, spaces):
    api = _api(inhabitant)
    listing = api.post(
        "/api/v1/neighbours/listings",
        {"direction": "offer", "kind": "loan", "scope": "commune", "title": "Échelle", "description": "3 m"},
        content_type="application/json",
    )
    listing_id = listing.json()["id"]
    _only(Act.CREATE, "listing", listing_id, inhabitant)
    api.post(f"/api/v1/neighbours/listings/{listing_id}/withdraw")
    _only(Act.DELETE, "listing", listing_id, inhabitant)
    poll = api.post(
        "/api/v1/polls/",
        {"space": spaces["public"].slug, "question": "Quelle heure ?", "options": ["18 h", "19 h"]},
        content_type="application/json",
    )
    _only(Act.CREATE, "poll", poll.json()["id"], inhabitant)
    spaces["public"].memberships.create(user=neighbour, status="active", role="member")
    conversation = api.post(
        "/api/v1/conversations", {"participant_ids": [neighbour.pk], "body": "Bonjour"}, content_type="application/json"
    )
    assert conversation.status_code == 201, conversation.content
    message = HostingRecord.objects.get(act=Act.CREATE, kind="message")
    assert (message.account_id, message.ip, message.port) == (inhabitant.pk, "203.0.113.7", 51234)


def test_a_profile_change_and_a_sign_in_leave_rows(inhabitant, beauvais):
    client = Client(**FROM)
    response = client.post("/accounts/login/", {"login": inhabitant.email, "password": PASSWORD})
    assert response.status_code == 302
    _only(Act.SIGN_IN, "person", inhabitant.pk, inhabitant)
    client.post(
        reverse("accounts:profile_edit"),
        {"display_name": "Camille M.", "bio": "", "home_commune": "", "profile_visibility": "commune"},
    )
    _only(Act.UPDATE, "person", inhabitant.pk, inhabitant)


def test_a_sign_up_leaves_a_row_in_the_new_accounts_name(beauvais, django_capture_on_commit_callbacks):
    data = {
        "display_name": "Nour Haddad",
        "home_commune": "Beauvais (60057)",
        "email": "nour@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_charter": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert Client(**FROM).post("/accounts/signup/", data).status_code == 302
    account = User.objects.get(email="nour@example.org")
    _only(Act.CREATE, "person", account.pk, account)


def test_the_port_comes_from_the_trusted_proxy_only(settings, inhabitant, spaces):
    behind = {"REMOTE_ADDR": "10.0.0.2", "REMOTE_PORT": "40000"}
    client = Client(HTTP_X_FORWARDED_FOR="198.51.100.4", HTTP_X_REAL_PORT="61000", **behind)
    client.force_login(inhabitant)
    settings.PARVIS_TRUSTED_PROXIES = 1
    client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "Derrière le proxy"})
    row = _rows(Act.CREATE, "post").get()
    assert (row.ip, row.port) == ("198.51.100.4", 61000)
    settings.PARVIS_TRUSTED_PROXIES = 0
    client.post(f"/espaces/{spaces['public'].slug}/publier/", {"body": "Sans proxy de confiance"})
    row = _rows(Act.CREATE, "post").latest("pk")
    assert (row.ip, row.port) == ("10.0.0.2", 40000)  # a header anyone may write is not read


def test_work_outside_a_request_writes_no_row(inhabitant, spaces):
    post = post_create(author=inhabitant, space=spaces["public"], body="Écrit par une commande")
    comment_create(author=inhabitant, post=post, body="Aussi")
    assert not HostingRecord.objects.exists()


@pytest.fixture
def reader(beauvais):
    person = make_user("greffe@example.org", home_commune=beauvais)
    person.user_permissions.add(Permission.objects.get(codename="read_hosting_log"))
    return person


def test_the_operator_and_its_moderators_cannot_read_the_hosting_log(operator, client):
    """Staff with the operator's powers and the moderation team's: the addresses of every author are not theirs."""
    operator.user_permissions.add(Permission.objects.get(codename="moderate_anything"))
    staff_client(client, operator)
    assert client.get("/registre-hebergement/").status_code == 403
    refused = client.post("/registre-hebergement/", {"reason": "curiosité"})
    assert refused.status_code == 403
    assert "text/csv" not in refused.get("Content-Type", "")


def test_the_designated_reader_exports_a_period_and_an_account_and_the_export_is_journalled(
    reader, inhabitant, neighbour, client
):
    now = timezone.now()
    HostingRecord.objects.create(at=now - timedelta(days=40), account_id=inhabitant.pk, act=Act.SIGN_IN, ip="192.0.2.1")
    HostingRecord.objects.create(
        at=now - timedelta(days=2),
        account_id=inhabitant.pk,
        act=Act.CREATE,
        kind="post",
        object_id=5,
        ip="192.0.2.2",
        port=1234,
    )
    HostingRecord.objects.create(at=now - timedelta(days=2), account_id=neighbour.pk, act=Act.SIGN_IN, ip="192.0.2.3")
    client.force_login(reader)
    assert client.get("/registre-hebergement/").status_code == 200
    since = (now - timedelta(days=10)).date().isoformat()
    response = client.post(
        "/registre-hebergement/", {"since": since, "account": inhabitant.email, "reason": "Réquisition 2026-114"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["ip"], row["port"], row["act"], row["kind"], row["object_id"]) for row in rows] == [
        ("192.0.2.2", "1234", "create", "post", "5")
    ]
    entry = AuditEntry.objects.get(verb="hosting_log_exported")
    assert entry.actor == reader and entry.reason == "Réquisition 2026-114"
    assert entry.details["account"] == inhabitant.pk and entry.details["rows"] == 1


def test_bad_export_requests_get_a_sentence(reader, client):
    client.force_login(reader)
    wrong = client.post("/registre-hebergement/", {"since": "2026-05-10", "until": "2026-05-01", "account": "x@y.z"})
    assert wrong.status_code == 400
    page = wrong.content.decode()
    assert "avant" in page or "before" in page
    assert not AuditEntry.objects.filter(verb="hosting_log_exported").exists()


def test_the_purge_removes_rows_past_a_year_and_is_idempotent(inhabitant):
    now = timezone.now()
    old = HostingRecord.objects.create(at=now - timedelta(days=366), account_id=inhabitant.pk, act=Act.SIGN_IN)
    kept = HostingRecord.objects.create(at=now - timedelta(days=364), account_id=inhabitant.pk, act=Act.SIGN_IN)
    out = io.StringIO()
    call_command("hosting_log_purge", stdout=out)
    assert "1 " in out.getvalue()
    assert list(HostingRecord.objects.values_list("pk", flat=True)) == [kept.pk]
    call_command("hosting_log_purge", stdout=io.StringIO())
    assert HostingRecord.objects.filter(pk=kept.pk).exists() and not HostingRecord.objects.filter(pk=old.pk).exists()


def test_a_moderators_hiding_and_removing_leave_rows_in_their_name(inhabitant, neighbour, outsider, spaces):
    """Moderation changes a post's status with an UPDATE, which no model signal sees: the row is written anyway."""
    from parvis.moderation.models import Report
    from parvis.moderation.services import report_create
    from tests.factories import add_member

    add_member(spaces["public"], neighbour)
    hidden = post_create(author=neighbour, space=spaces["public"], body="Des mots blessants.")
    removed = post_create(author=neighbour, space=spaces["public"], body="Une arnaque.")
    for post, reason in ((hidden, "harassment"), (removed, "scam")):
        report_create(reporter=outsider, kind="post", target_id=post.pk, reason=reason, details="")
    moderator = _web(inhabitant)  # the group's owner moderates it
    for post, action in ((hidden, "hide"), (removed, "remove")):
        report = Report.objects.get(target_id=post.pk)
        response = moderator.post(
            f"/moderation/signalements/{report.pk}/decider/", {"action": action, "reason": "Contraire à la charte."}
        )
        assert response.status_code == 302
    _only(Act.UPDATE, "post", hidden.pk, inhabitant)
    _only(Act.DELETE, "post", removed.pk, inhabitant)
    assert not _rows(Act.UPDATE, "post", removed.pk).exists()


def test_the_messages_emptied_by_an_account_deletion_leave_deletion_rows(inhabitant, neighbour, spaces):
    from parvis.messaging.services import conversation_start
    from parvis.spaces.services.spaces import space_create
    from tests.factories import add_member

    # They share the neighbour's group (the inhabitant owns no group with others in it, so may leave at once).
    group = space_create(creator=neighbour, name="Jardin", nature="voisinage", territory=spaces["public"].territory)
    add_member(group, inhabitant)
    conversation = conversation_start(initiator=inhabitant, participants=[neighbour], first_message="Bonjour, Camille.")
    message = conversation.messages.get()
    response = _web(inhabitant).post(
        "/profil/mes-donnees/supprimer-mon-compte/",
        {"contributions": "remove", "password": PASSWORD, "confirm": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    message.refresh_from_db()
    assert message.body == ""
    row = _rows(Act.DELETE, "message", message.pk).get()
    assert (row.account_id, row.ip, row.port) == (inhabitant.pk, "203.0.113.7", 51234)
