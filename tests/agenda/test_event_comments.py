"""The discussion under an event: comments with one level of replies, read by exactly those who may read the event,
told to the organiser and to the person answered, edited and deleted by their author, hidden by moderators, and the
same through the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext, override

from parvis.agenda.discussion import EventComment
from parvis.agenda.services.comments import event_comment_create, event_comment_delete, event_comment_edit
from parvis.core import kinds
from parvis.moderation.services import decision_take, report_create
from parvis.notifications.models import Notification
from parvis.posts.models import Status
from parvis.spaces.models import Visibility
from parvis.spaces.services.memberships import space_leave
from tests.factories import add_member, api_client, make_event


@pytest.fixture
def group(spaces, neighbour):
    add_member(spaces["members"], neighbour)
    return spaces["members"]


@pytest.fixture
def outing(inhabitant, group):
    """A members-only outing the inhabitant organises in a group the neighbour belongs to."""
    return make_event(inhabitant, group, "Sortie au marais de Saint-Just")


@pytest.fixture
def talk(django_capture_on_commit_callbacks):
    """Comment with the after-commit side effects run (the notifications), as in production."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return event_comment_create(**kwargs)

    return run


@pytest.fixture(autouse=True)
def handles(inhabitant, neighbour, outsider):
    for user, handle in ((inhabitant, "camille"), (neighbour, "dominique"), (outsider, "sacha")):
        user.handle = handle
        user.save(update_fields=["handle"])


def told(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", "target_kind"))


def test_a_member_comments_and_a_reply_to_a_reply_joins_its_thread(outing, inhabitant, neighbour, talk):
    question = talk(author=neighbour, event=outing, body="Faut-il des bottes ?")
    answer = talk(author=inhabitant, event=outing, body="Oui, **bottes** conseillées", parent=question)
    again = talk(author=neighbour, event=outing, body="Merci !", parent=answer)
    assert answer.parent == question and again.parent == question  # one level of replies
    assert "<strong>bottes</strong>" in answer.body_html


def test_the_organiser_and_the_person_answered_are_told_once(outing, inhabitant, neighbour, outsider, talk):
    question = talk(author=neighbour, event=outing, body="Rendez-vous où ?")
    assert told(inhabitant) == [("comment_on_my_event", "event_comment")]
    talk(author=inhabitant, event=outing, body="Au parking de la gare", parent=question)
    assert told(neighbour) == [("reply", "event_comment")]
    assert told(inhabitant) == [("comment_on_my_event", "event_comment")]  # never for one's own act
    # Mentioning someone who may not read the event tells them nothing, and links nowhere.
    mention = talk(author=neighbour, event=outing, body="@sacha tu viens ?")
    assert told(outsider) == []
    assert "href" not in mention.body_html


def test_a_mentioned_member_is_told(outing, inhabitant, neighbour, talk):
    talk(author=inhabitant, event=outing, body="@dominique tu prends les jumelles ?")
    assert told(neighbour) == [("mention", "event_comment")]


def test_the_discussion_is_read_exactly_by_those_who_read_the_event(
    client, outing, inhabitant, neighbour, outsider, group, talk
):
    comment = talk(author=neighbour, event=outing, body="Je covoiture depuis Voisinlieu")
    kind = kinds.get("event_comment")
    assert kind.visible_to(neighbour).filter(pk=comment.pk).exists()
    for reader in (outsider, None):
        assert not kind.visible_to(reader).filter(pk=comment.pk).exists()
    client.force_login(outsider)
    assert client.get(outing.get_absolute_url()).status_code == 404
    assert client.get(reverse("api:event_comment_list", args=[outing.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        event_comment_create(author=outsider, event=outing, body="Je m'invite")
    response = client.post(reverse("agenda:comment", args=[outing.pk]), {"body": "Je m'invite"})
    assert response.status_code == 404 and EventComment.objects.count() == 1
    # A member who leaves the group leaves its discussion too, their own comment included.
    space_leave(user=neighbour, space=group)
    assert not kind.visible_to(neighbour).exists()
    with pytest.raises(PermissionDenied):
        event_comment_edit(editor=neighbour, comment=comment, body="Modifié")


def test_the_event_page_shows_threads_and_a_public_event_invites_visitors_to_sign_in(
    client, inhabitant, neighbour, spaces, talk
):
    fete = make_event(inhabitant, spaces[Visibility.PUBLIC], "Fête de la Saint-Jean")
    page = client.get(fete.get_absolute_url()).content.decode()
    assert 'id="commentaires"' in page and reverse("account_login") in page
    question = talk(author=neighbour, event=fete, body="Y aura-t-il une buvette ?")
    talk(author=inhabitant, event=fete, body="Oui, tenue par le comité", parent=question)
    page = client.get(fete.get_absolute_url()).content.decode()
    assert "Y aura-t-il une buvette ?" in page and "Oui, tenue par le comité" in page
    assert "comments--replies" in page and question.report_url in page
    assert page.index("Y aura-t-il") < page.index("Oui, tenue par le comité")


def test_the_page_form_publishes_and_bad_input_says_why(client, outing, neighbour, inhabitant):
    client.force_login(neighbour)
    response = client.post(reverse("agenda:comment", args=[outing.pk]), {"body": "  "}, follow=True)
    assert response.status_code == 200 and not EventComment.objects.exists()
    with override("fr"):
        assert gettext("Write something before publishing.") in response.content.decode()
    response = client.post(reverse("agenda:comment", args=[outing.pk]), {"body": "x" * 5001}, follow=True)
    assert response.status_code == 200 and not EventComment.objects.exists()
    assert "5001" in response.content.decode()
    response = client.post(reverse("agenda:comment", args=[outing.pk]), {"body": "Je viens !"})
    comment = EventComment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#commentaire-{comment.pk}")
    other = make_event(inhabitant, outing.space, "Autre sortie")
    response = client.post(reverse("agenda:comment", args=[other.pk]), {"body": "Réponse", "parent": comment.pk})
    assert response.status_code == 404
    response = client.post(reverse("agenda:comment", args=[outing.pk]), {"body": "Réponse", "parent": "abc"})
    assert response.status_code == 302 and EventComment.objects.count() == 1
    with pytest.raises(ValidationError):
        event_comment_create(author=inhabitant, event=other, body="Mauvais fil", parent=comment)


def test_its_author_edits_and_deletes_others_cannot(client, outing, inhabitant, neighbour, talk):
    comment = talk(author=neighbour, event=outing, body="Départ 9 h")
    client.force_login(inhabitant)
    assert client.get(comment.edit_url).status_code == 403
    assert client.post(comment.delete_url).status_code == 403
    with pytest.raises(PermissionDenied):
        event_comment_delete(user=inhabitant, comment=comment)
    client.force_login(neighbour)
    assert client.get(comment.edit_url).status_code == 200
    response = client.post(comment.edit_url, {"body": ""})
    assert response.status_code == 200 and EventComment.objects.get().body == "Départ 9 h"
    response = client.post(comment.edit_url, {"body": "Départ 9 h 30"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Départ 9 h 30" and comment.edited_at is not None
    assert "Départ 9 h 30" in client.get(outing.get_absolute_url()).content.decode()
    assert client.get(comment.delete_url).status_code == 200
    assert client.post(comment.delete_url).status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.DELETED and comment.body == ""
    assert "Départ 9 h" not in client.get(outing.get_absolute_url()).content.decode()


def test_a_moderator_hides_a_comment_and_a_reversal_puts_it_back(
    outing, inhabitant, neighbour, operator_moderator, talk
):
    comment = talk(author=neighbour, event=outing, body="Propos injurieux")
    report = report_create(reporter=inhabitant, kind="event_comment", target_id=comment.pk, reason="illegal")
    decision = decision_take(moderator=operator_moderator, report=report, action="hide", reason="Injure")
    assert not EventComment.objects.visible_to(inhabitant).exists()
    assert EventComment.objects.get().status == Status.HIDDEN
    kinds.get("event_comment").restore(comment.pk, "hide", decision.previous_state)
    assert EventComment.objects.visible_to(inhabitant).exists()


def test_the_report_page_opens_for_a_comment(client, outing, neighbour, inhabitant, talk):
    comment = talk(author=neighbour, event=outing, body="À signaler")
    client.force_login(inhabitant)
    assert client.get(comment.report_url).status_code == 200


def test_the_event_page_costs_the_same_with_two_comments_or_sixty(client, outing, inhabitant, neighbour):
    def measure() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(outing.get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(neighbour)
    first = event_comment_create(author=inhabitant, event=outing, body="Premier")
    event_comment_create(author=neighbour, event=outing, body="Réponse", parent=first)
    client.get(outing.get_absolute_url())
    few = measure()
    for number in range(30):
        thread = event_comment_create(author=inhabitant, event=outing, body=f"Fil {number}")
        event_comment_create(author=neighbour, event=outing, body=f"Réponse {number}", parent=thread)
    assert measure() == few


def test_more_threads_come_page_by_page(client, outing, inhabitant, neighbour):
    from parvis.agenda.comments import THREADS_PER_PAGE

    for number in range(THREADS_PER_PAGE + 2):
        event_comment_create(author=inhabitant, event=outing, body=f"Message numéro {number}")
    client.force_login(neighbour)
    page = client.get(outing.get_absolute_url()).content.decode()
    assert "Message numéro 0<" in page and f"Message numéro {THREADS_PER_PAGE + 1}<" not in page
    more = client.get(outing.get_absolute_url() + "?page=2", headers={"HX-Request": "true"}).content.decode()
    assert f"Message numéro {THREADS_PER_PAGE + 1}<" in more and "<html" not in more
    last = EventComment.objects.order_by("-pk").first()
    client.force_login(inhabitant)
    response = client.post(last.edit_url, {"body": "Message modifié"})
    assert response["Location"].startswith(outing.get_absolute_url() + "?page=2#")


def test_the_api_lists_posts_edits_and_deletes(outing, inhabitant, neighbour, outsider):
    member, organiser, stranger = api_client(neighbour), api_client(inhabitant), api_client(outsider)
    url = reverse("api:event_comment_post", args=[outing.pk])
    response = member.post(url, {"body": "On se retrouve où ?"}, content_type="application/json")
    assert response.status_code == 201
    question = response.json()
    response = organiser.post(
        url, {"body": "Devant la mairie", "parent_id": question["id"]}, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["parent_id"] == question["id"]
    listed = member.get(reverse("api:event_comment_list", args=[outing.pk])).json()
    assert [item["body"] for item in listed] == ["On se retrouve où ?", "Devant la mairie"]
    assert stranger.get(reverse("api:event_comment_list", args=[outing.pk])).status_code == 404
    assert stranger.post(url, {"body": "Moi aussi"}, content_type="application/json").status_code == 404
    assert member.post(url, {"body": ""}, content_type="application/json").status_code == 400
    assert member.post(url, {"body": "x", "parent_id": 10**6}, content_type="application/json").status_code == 404
    edit = reverse("api:event_comment_patch", args=[question["id"]])
    assert organiser.patch(edit, {"body": "Non"}, content_type="application/json").status_code == 403
    response = member.patch(edit, {"body": "On se retrouve où, finalement ?"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["edited_at"]
    assert stranger.delete(edit).status_code == 404
    assert member.delete(edit).status_code == 204
    assert [item["body"] for item in member.get(reverse("api:event_comment_list", args=[outing.pk])).json()] == [
        "Devant la mairie"
    ]
