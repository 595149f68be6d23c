import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.html import escape
from django.utils.translation import gettext as _

from parvis.moderation import services
from parvis.moderation.models import Report
from parvis.spaces.models import Visibility
from tests.conftest import staff_client


@pytest.mark.django_db
def test_reporting_an_invisible_private_post_is_a_404(client, private_post, outsider):
    client.force_login(outsider)
    assert client.get(f"/moderation/signaler/publication/{private_post.pk}/").status_code == 404
    response = client.post(
        f"/moderation/signaler/publication/{private_post.pk}/", {"reason": "spam", "good_faith": "on"}
    )
    assert response.status_code == 404
    with pytest.raises(Http404):
        services.report_create(reporter=outsider, kind="post", target_id=private_post.pk, reason="spam")
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_secret_space_and_a_hidden_profile_cannot_be_reported_by_outsiders(client, spaces, outsider, inhabitant):
    client.force_login(outsider)
    assert client.get(f"/moderation/signaler/espace/{spaces[Visibility.SECRET].pk}/").status_code == 404
    # The inhabitant's profile is visible to their commune only; the outsider lives elsewhere and shares no group.
    assert client.get(f"/moderation/signaler/personne/{inhabitant.pk}/").status_code == 404
    assert client.get("/moderation/signaler/nimportequoi/1/").status_code == 404


@pytest.mark.django_db
def test_a_person_reports_the_same_post_once_with_a_clear_message(client, public_post, outsider):
    client.force_login(outsider)
    url = f"/moderation/signaler/publication/{public_post.pk}/"
    assert client.post(url, {"reason": "spam", "good_faith": "on"}).status_code == 302
    response = client.post(url, {"reason": "hate", "good_faith": "on"})
    assert response.status_code == 400
    assert escape(_("You have already reported this. The moderators have your report.")) in response.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_bad_report_input_is_answered_with_a_message(client, public_post, outsider, neighbour):
    client.force_login(outsider)
    url = f"/moderation/signaler/publication/{public_post.pk}/"
    assert client.post(url, {"reason": "not-a-reason", "good_faith": "on"}).status_code == 400
    response = client.post(url, {"reason": "other", "details": "   ", "good_faith": "on"})
    assert response.status_code == 400
    assert not Report.objects.exists()
    with pytest.raises(ValidationError):
        services.report_create(reporter=neighbour, kind="post", target_id=public_post.pk, reason="spam")


@pytest.mark.django_db
def test_anonymous_visitors_may_not_report_what_they_cannot_read(client, private_post):
    assert client.get(f"/moderation/signaler/publication/{private_post.pk}/").status_code == 404


@pytest.mark.django_db
def test_operator_sees_the_reported_private_post_only_not_the_rest_of_the_space(
    client, private_post, inhabitant, neighbour, operator_moderator, spaces
):
    from parvis.posts.services import post_create

    post_create(author=inhabitant, space=spaces[Visibility.MEMBERS], body="Un autre sujet privé, non signalé.")
    services.report_create(reporter=inhabitant, kind="post", target_id=private_post.pk, reason="personal_data")
    staff_client(client, operator_moderator)
    page = client.get("/moderation/").content.decode()
    assert "Une affaire du groupe privé." in page  # the one exception: the reported item, to those handling it
    assert "non signalé" not in page
    assert f"/publications/{private_post.pk}/" not in page  # no link into a space the operator cannot read
    assert client.get(f"/publications/{private_post.pk}/").status_code == 404


@pytest.mark.django_db
def test_only_the_operator_suspends_a_person_and_a_reversal_reactivates_them(
    public_post, inhabitant, neighbour, outsider, operator_moderator, beauvais
):
    from tests.conftest import give_operator_role
    from tests.factories import make_user

    # The neighbour's profile is visible to people of Beauvais.
    reporter = make_user("gael@example.org", display_name="Gaël", home_commune=beauvais)
    report = services.report_create(reporter=reporter, kind="person", target_id=neighbour.pk, reason="harassment")
    assert not Report.objects.handled_by(inhabitant).exists()  # a person is the operator's matter
    with pytest.raises(PermissionDenied):
        services.decision_take(moderator=inhabitant, report=report, action="suspend", reason="Harcèlement.")
    decision = services.decision_take(
        moderator=operator_moderator, report=report, action="suspend", reason="Harcèlement."
    )
    neighbour.refresh_from_db()
    assert not neighbour.is_active
    services.decision_contest(author=neighbour, decision=decision, text="Malentendu.")
    second = give_operator_role(make_user("ops2@example.org", is_staff=True))
    services.decision_review(reviewer=second, decision=decision, reverse=True, reason="Malentendu avéré.")
    neighbour.refresh_from_db()
    assert neighbour.is_active


@pytest.mark.django_db
def test_a_space_suspension_is_recorded_and_owners_are_told(spaces, inhabitant, outsider, operator_moderator):
    from parvis.moderation.models import Decision

    space = spaces[Visibility.PUBLIC]
    report = services.report_create(reporter=outsider, kind="space", target_id=space.pk, reason="illegal")
    assert report.author == inhabitant
    services.decision_take(moderator=operator_moderator, report=report, action="suspend", reason="Vente illégale.")
    assert list(Decision.objects.suspending_spaces().values_list("target_id", flat=True)) == [space.pk]


@pytest.mark.django_db
def test_a_moderator_cannot_judge_their_own_post(public_post, spaces, inhabitant, outsider):
    from parvis.posts.services import post_create

    own = post_create(author=inhabitant, space=spaces[Visibility.PUBLIC], body="Mon propre message.")
    report = services.report_create(reporter=outsider, kind="post", target_id=own.pk, reason="spam")
    assert not Report.objects.handled_by(inhabitant).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        services.decision_take(moderator=inhabitant, report=report, action="hide", reason="Moi.")


@pytest.mark.django_db
def test_queue_page_for_someone_who_moderates_nothing(client, outsider):
    client.force_login(outsider)
    response = client.get("/moderation/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_charter_page_is_public(client):
    response = client.get("/charte/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Charte" in page and "contester" in page and "données personnelles" in page


@pytest.mark.django_db
def test_queue_page_costs_a_fixed_number_of_queries(
    client, spaces, inhabitant, neighbour, beauvais, django_assert_max_num_queries
):
    from parvis.posts.services import comment_create, post_create
    from tests.factories import add_member, make_user

    add_member(spaces[Visibility.PUBLIC], neighbour)
    for number in range(8):
        post = post_create(author=neighbour, space=spaces[Visibility.PUBLIC], body=f"Sujet {number}")
        comment = comment_create(author=neighbour, post=post, body=f"Commentaire {number}")
        reporter = make_user(f"r{number}@example.org", home_commune=beauvais)
        services.report_create(reporter=reporter, kind="post", target_id=post.pk, reason="spam")
        services.report_create(reporter=reporter, kind="comment", target_id=comment.pk, reason="spam")
    client.force_login(inhabitant)
    # 13: one of them is the menu's count of the queues (parvis/site/queues.py), the same on every page.
    with django_assert_max_num_queries(13):
        response = client.get("/moderation/")
    assert response.content.decode().count("<article") == 16
