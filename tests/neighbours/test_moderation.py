import pytest
from django.http import Http404

from parvis.moderation import services as moderation
from parvis.moderation.models import Report
from parvis.neighbours.models import Listing, ListingStatus
from tests.conftest import staff_client

from .test_listings import drill


def test_a_listing_is_reported_hidden_and_restored(client, residents, outsider, operator_moderator):
    lender, borrower = residents
    listing = drill(lender)
    with pytest.raises(Http404):
        moderation.report_create(reporter=outsider, kind="listing", target_id=listing.pk, reason="spam")
    client.force_login(borrower)
    response = client.post(
        f"/moderation/signaler/annonce/{listing.pk}/", {"reason": "spam", "details": "", "good_faith": "on"}
    )
    assert response.status_code == 302
    report = Report.objects.get(kind="listing", target_id=listing.pk)
    assert report.author == lender and report.space is None
    decision = moderation.decision_take(moderator=operator_moderator, report=report, action="hide", reason="Publicité")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.HIDDEN
    assert not Listing.objects.visible_to(borrower).filter(pk=listing.pk).exists()
    assert client.get(listing.get_absolute_url()).status_code == 404
    moderation.decision_contest(author=lender, decision=decision, text="Ce n'est pas une publicité.")
    from tests.conftest import give_operator_role
    from tests.factories import make_user

    second = give_operator_role(make_user("ops2@example.org", is_staff=True))
    moderation.decision_review(reviewer=second, decision=decision, reverse=True, reason="Prêt entre voisins")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.OPEN


def test_api_reports_a_listing(client, residents):
    lender, borrower = residents
    listing = drill(lender)
    client.force_login(borrower)
    response = client.post(
        "/api/v1/reports",
        {"kind": "listing", "target_id": listing.pk, "reason": "other", "details": "Objet volé ?"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["target_id"] == listing.pk


def test_the_operator_queue_shows_the_reported_listing_without_a_dead_link(client, residents, operator_moderator):
    lender, borrower = residents
    listing = drill(lender, description="Perceuse à vendre 500 €, paiement d'avance uniquement.")
    moderation.report_create(reporter=borrower, kind="listing", target_id=listing.pk, reason="spam")
    staff_client(client, operator_moderator)
    page = client.get("/moderation/").content.decode()
    assert "Je prête une perceuse" in page and "paiement d&#x27;avance" in page
    assert listing.get_absolute_url() not in page
