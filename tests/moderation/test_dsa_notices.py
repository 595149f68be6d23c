"""Notices under the Digital Services Act: anyone may notify public content, with a confirmation page and e-mail;
trusted flaggers are handled first; repeated unfounded notices are limited; the yearly transparency report counts
notices, outcomes, delays and appeals, as a page and a CSV file."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from parvis.moderation import services
from parvis.moderation.models import Report
from parvis.posts.services import post_create
from parvis.spaces.models import Visibility
from tests.conftest import staff_client
from tests.factories import add_member, make_user

pytestmark = pytest.mark.django_db

NOTICE = {
    "reason": "hate",
    "details": "Appel à la haine contre les habitants d'un quartier (article 24 de la loi de 1881).",
    "name": "Claude Martin",
    "email": "claude@example.org",
    "good_faith": "on",
}


def _url(post) -> str:
    return f"/moderation/signaler/publication/{post.pk}/"


def test_a_visitor_without_an_account_notifies_public_content_and_gets_a_page_and_an_email(
    client, public_post, mailoutbox, django_capture_on_commit_callbacks
):
    page = client.get(public_post.get_absolute_url()).content.decode()
    assert _url(public_post) in page  # the link is there for visitors
    form = client.get(_url(public_post))
    assert form.status_code == 200 and 'name="email"' in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(public_post), NOTICE)
    assert response.status_code == 302 and response["Location"] == "/moderation/signalement-envoye/"
    report = Report.objects.get()
    assert (report.reporter, report.reporter_name, report.reporter_email) == (None, "Claude Martin", NOTICE["email"])
    assert report.space == public_post.space and report.reason == "hate"
    confirmation = client.get(response["Location"]).content.decode()
    assert str(report.pk) in confirmation and "claude@example.org" in confirmation
    assert public_post.get_absolute_url() in confirmation
    [email] = mailoutbox
    assert email.to == ["claude@example.org"] and str(report.pk) in email.body
    assert "Claude Martin" in email.body


def test_a_visitor_notice_without_contact_explanation_or_good_faith_is_refused_field_by_field(client, public_post):
    response = client.post(_url(public_post), {"reason": "hate", "name": " ", "email": "pas-une-adresse"})
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("id_details", "id_name", "id_email", "id_good_faith"):
        assert f'href="#{field}"' in page  # the summary links to each field in error
    assert "bonne foi" in page
    assert not Report.objects.exists()


def test_a_visitor_cannot_notify_what_only_members_read(client, spaces, inhabitant):
    private = post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Entre nous")
    assert client.get(_url(private)).status_code == 404
    assert client.post(_url(private), NOTICE).status_code == 404
    assert not Report.objects.exists()


def test_visitors_notices_are_limited_per_address(rate_limits_on, settings, spaces, inhabitant):
    settings.PARVIS_RATE_LIMITS = False  # the posts themselves are not what is counted here
    posts = [post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body=f"Sujet {n}") for n in range(7)]
    settings.PARVIS_RATE_LIMITS = True
    same = Client(REMOTE_ADDR="198.51.100.9")
    for number, post in enumerate(posts[:5]):
        notice = {**NOTICE, "email": f"v{number}@example.org"}
        assert same.post(_url(post), notice).status_code == 302
    refused = same.post(_url(posts[5]), NOTICE)
    assert refused.status_code == 400
    assert "trop vite" in refused.content.decode() or "too fast" in refused.content.decode()
    assert Client(REMOTE_ADDR="198.51.100.10").post(_url(posts[5]), NOTICE).status_code == 302
    assert Report.objects.count() == 6


def test_a_trusted_flaggers_notice_comes_first_in_the_queue(client, spaces, inhabitant, neighbour, outsider):
    space = spaces[Visibility.PUBLIC]
    add_member(space, neighbour)
    first = post_create(author=neighbour, space=space, body="Signalé en premier par un habitant")
    second = post_create(author=neighbour, space=space, body="Signalé ensuite par une association reconnue")
    services.report_create(reporter=outsider, kind="post", target_id=first.pk, reason="spam")
    flagger = make_user("association@example.org", display_name="Association reconnue")
    flagger.user_permissions.add(Permission.objects.get(codename="trusted_flagger"))
    trusted = services.report_create(
        reporter=flagger, kind="post", target_id=second.pk, reason="hate", details="Propos haineux"
    )
    assert trusted.trusted
    client.force_login(inhabitant)  # the space's owner moderates it
    queue = client.get("/moderation/").content.decode()
    assert queue.index("par une association reconnue") < queue.index("par un habitant")


def _dismissed(reporter, post, *, moderator, days_ago: int = 1) -> Report:
    report = services.report_create(reporter=reporter, kind="post", target_id=post.pk, reason="spam")
    services.report_dismiss(moderator=moderator, report=report, reason="Rien d'anormal")
    Report.objects.filter(pk=report.pk).update(handled_at=timezone.now() - timedelta(days=days_ago))
    return report


def test_repeated_unfounded_notices_bring_a_warning_then_a_pause(client, spaces, inhabitant, neighbour, outsider):
    space = spaces[Visibility.PUBLIC]
    add_member(space, neighbour)
    posts = [post_create(author=neighbour, space=space, body=f"Annonce ordinaire {n}") for n in range(7)]
    for post in posts[:3]:
        _dismissed(outsider, post, moderator=inhabitant)
    client.force_login(outsider)
    sent = client.post(_url(posts[3]), {"reason": "spam", "good_faith": "on"}, follow=True)
    assert "trouvés infondés" in sent.content.decode() or "found unfounded" in sent.content.decode()
    services.report_dismiss(moderator=inhabitant, report=Report.objects.get(target_id=posts[3].pk), reason="Non")
    _dismissed(outsider, posts[4], moderator=inhabitant)
    # Five unfounded notices: no notice for thirty days after the last one, with the date to come back.
    refused = client.post(_url(posts[5]), {"reason": "spam", "good_faith": "on"})
    assert refused.status_code == 400
    assert not Report.objects.filter(target_id=posts[5].pk).exists()
    with pytest.raises(ValidationError):
        services.report_create(reporter=outsider, kind="post", target_id=posts[5].pk, reason="spam")
    Report.objects.filter(reporter=outsider).update(handled_at=timezone.now() - timedelta(days=31))
    assert client.post(_url(posts[5]), {"reason": "spam", "good_faith": "on"}).status_code == 302
    # Someone else is not concerned.
    assert services.report_create(
        reporter=make_user("autre@example.org"), kind="post", target_id=posts[6].pk, reason="spam"
    )


def test_the_api_refuses_a_notice_without_good_faith(client, public_post, outsider):
    client.force_login(outsider)
    payload = {"kind": "post", "target_id": public_post.pk, "reason": "spam", "good_faith": False}
    response = client.post("/api/v1/reports", payload, content_type="application/json")
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_transparency_report_counts_notices_outcomes_delays_and_appeals(
    client, spaces, inhabitant, neighbour, outsider, operator_moderator
):
    space = spaces[Visibility.PUBLIC]
    add_member(space, neighbour)
    hateful, spam, fine, pending = (
        post_create(author=neighbour, space=space, body=text) for text in ("Haine", "Pub", "Rien", "Attente")
    )
    flagger = make_user("association@example.org")
    flagger.user_permissions.add(Permission.objects.get(codename="trusted_flagger"))
    removed = services.report_create(reporter=flagger, kind="post", target_id=hateful.pk, reason="hate")
    decision = services.decision_take(moderator=inhabitant, report=removed, action="remove", reason="Haine")
    hidden = services.report_create(reporter=outsider, kind="post", target_id=spam.pk, reason="spam")
    services.decision_take(moderator=inhabitant, report=hidden, action="hide", reason="Publicité")
    dismissed = services.report_create(reporter=outsider, kind="post", target_id=fine.pk, reason="spam")
    services.report_dismiss(moderator=inhabitant, report=dismissed, reason="Rien d'anormal")
    services.report_create(
        reporter=None,
        kind="post",
        target_id=pending.pk,
        reason="illegal",
        details="Vol",
        name="Claude",
        email="claude@example.org",
        ip="192.0.2.1",
    )
    now = timezone.now()
    for report, hours in ((removed, 2), (hidden, 10), (dismissed, 30)):
        Report.objects.filter(pk=report.pk).update(created_at=now - timedelta(hours=hours), handled_at=now)
    services.decision_contest(author=neighbour, decision=decision, text="C'était de l'ironie")
    staff_client(client, operator_moderator)
    client.post(f"/moderation/decisions/{decision.pk}/examiner/", {"outcome": "reverse", "reason": "Ironie"})
    client.logout()

    year = timezone.localdate().year
    page = client.get("/moderation/transparence/")  # anyone reads it
    assert page.status_code == 200
    text = page.content.decode()
    assert "4 signalements reçus" in text or "4 notices received" in text
    rows = list(csv.reader(io.StringIO(client.get(f"/moderation/transparence/{year}/csv/").content.decode())))
    figures = {(section, item, outcome): value for _year, section, item, outcome, value in rows[1:]}
    assert figures[("notices", "hate", "remove")] == "1"
    assert figures[("notices", "spam", "hide")] == "1"
    assert figures[("notices", "spam", "dismissed")] == "1"
    assert figures[("notices", "illegal", "pending")] == "1"
    assert figures[("notices", "trusted_flaggers", "")] == "1"
    assert figures[("notices", "without_account", "")] == "1"
    assert figures[("delays", "median_hours", "")] == "10.0"
    assert figures[("delays", "median_hours_trusted_flaggers", "")] == "2.0"
    assert figures[("delays", "median_hours_others", "")] == "20.0"
    assert (figures[("appeals", "total", "")], figures[("appeals", "reversed", "")]) == ("1", "1")
    assert client.get("/moderation/transparence/1999/").status_code == 404
    assert client.get(f"/moderation/transparence/{year + 1}/csv/").status_code == 404
