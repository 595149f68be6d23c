"""Expert sessions: members ask and vote once, the expert answers, the page keeps it all once questions close."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from parvis.network import services
from parvis.network.models import Question, QuestionVote, Session
from parvis.notifications.models import Notification

# The tests read the messages in English (the msgids); the French ones are checked by the translation tools.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.django_db
def test_two_elus_ask_and_vote_the_expert_answers_and_the_page_keeps_it(
    net, client, django_capture_on_commit_callbacks
):
    session = net["session"]
    client.force_login(net["elu"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert "badge--professionnel" in page and "Les réseaux d&#x27;eau après 2026" in page
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(f"/reseau/sessions/{session.pk}/questions/", {"text": "Qui paie les branchements ?"})
    assert asked.status_code == 302
    question = Question.objects.get()
    assert Notification.objects.filter(recipient=net["expert"]).exists()  # the expert is told
    client.force_login(net["other"])
    assert client.post(f"/reseau/questions/{question.pk}/voter/").status_code == 302
    again = client.post(f"/reseau/questions/{question.pk}/voter/", follow=True).content.decode()
    assert "You voted for this question already: one vote per person." in again
    question.refresh_from_db()
    assert question.vote_count == 1
    client.force_login(net["expert"])
    client.post(f"/reseau/questions/{question.pk}/repondre/", {"text": "La commune, puis le syndicat."})
    client.post(f"/reseau/sessions/{session.pk}/clore/")
    client.force_login(net["other"])
    kept = client.get(session.get_absolute_url()).content.decode()
    assert "Qui paie les branchements ?" in kept and "La commune, puis le syndicat." in kept
    assert "questions are closed" in kept and "1 vote" in kept


@pytest.mark.django_db
def test_a_question_after_the_session_closed_is_refused_with_a_sentence(net, client):
    session = net["session"]
    services.session_close(actor=net["agent"], session=session)
    client.force_login(net["elu"])
    answer = client.post(f"/reseau/sessions/{session.pk}/questions/", {"text": "Trop tard ?"})
    assert answer.status_code == 400
    assert "The session is over: questions are closed." in answer.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_a_question_after_the_end_date_is_refused(net):
    session = net["session"]
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at.replace(year=2025), ends_at=session.ends_at.replace(year=2025)
    )
    session.refresh_from_db()
    with pytest.raises(ValidationError, match="questions are closed"):
        services.question_ask(author=net["elu"], session=session, text="Encore une ?")


@pytest.mark.django_db
def test_an_empty_or_too_long_question_says_why(net):
    with pytest.raises(ValidationError, match="Write your question"):
        services.question_ask(author=net["elu"], session=net["session"], text="   ")
    with pytest.raises(ValidationError, match="too long"):
        services.question_ask(author=net["elu"], session=net["session"], text="x" * 1001)


@pytest.mark.django_db
def test_only_the_sessions_expert_answers_and_only_agents_open_sessions(net):
    question = services.question_ask(author=net["elu"], session=net["session"], text="Et les fuites ?")
    with pytest.raises(PermissionDenied):
        services.question_answer(expert=net["other"], question=question, text="Moi je sais")
    start, end = net["session"].starts_at, net["session"].ends_at
    with pytest.raises(PermissionDenied):
        services.session_schedule(
            actor=net["elu"],
            theme=net["theme"],
            title="X",
            description="",
            expert=net["expert"],
            starts_at=start,
            ends_at=end,
        )
    with pytest.raises(ValidationError, match="ends after it starts"):
        services.session_schedule(
            actor=net["agent"],
            theme=net["theme"],
            title="X",
            description="",
            expert=net["expert"],
            starts_at=end,
            ends_at=start,
        )


@pytest.mark.django_db
def test_an_outsider_reads_nothing_of_a_session_and_cannot_act(net, client, inhabitant):
    question = services.question_ask(author=net["elu"], session=net["session"], text="Question privée")
    client.force_login(inhabitant)
    assert client.get(net["session"].get_absolute_url()).status_code == 404
    assert client.post(f"/reseau/questions/{question.pk}/voter/").status_code == 404
    assert client.post(f"/reseau/sessions/{net['session'].pk}/questions/", {"text": "x"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.question_vote(voter=inhabitant, question=question)
    assert not QuestionVote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_votes_at_once_count_once(net):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race is a PostgreSQL one")
    question = services.question_ask(author=net["elu"], session=net["session"], text="En même temps ?")
    errors = []

    def vote():
        try:
            services.question_vote(voter=net["other"], question=question)
        except ValidationError as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    question.refresh_from_db()
    assert question.vote_count == 1 and len(errors) == 3


@pytest.mark.django_db
def test_a_members_dashboard_leads_to_the_coming_session_and_an_outsiders_does_not(net, client, inhabitant):
    client.force_login(net["elu"])
    assert net["session"].get_absolute_url() in client.get("/mon-espace/").content.decode()
    client.force_login(inhabitant)
    assert net["session"].get_absolute_url() not in client.get("/mon-espace/").content.decode()


@pytest.mark.django_db
def test_an_agent_opens_a_session_from_the_themes_page(net, client):
    client.force_login(net["agent"])
    page = client.get(net["theme"].get_absolute_url()).content.decode()
    assert f"/reseau/themes/{net['theme'].slug}/nouvelle-session/" in page
    form = client.get(f"/reseau/themes/{net['theme'].slug}/nouvelle-session/")
    assert form.status_code == 200 and "Paul Expert" in form.content.decode()
    start, end = net["session"].starts_at, net["session"].ends_at
    made = client.post(
        f"/reseau/themes/{net['theme'].slug}/nouvelle-session/",
        {
            "title": "Les captages prioritaires",
            "expert": net["expert"].pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert made.status_code == 302
    client.force_login(net["elu"])
    assert "nouvelle-session" not in client.get(net["theme"].get_absolute_url()).content.decode()
