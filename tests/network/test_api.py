"""The network's API: members read its directory and sessions, ask and vote once; everyone else gets 404s."""

import pytest

from tests.factories import api_client

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.django_db
def test_members_read_the_directory_ask_and_vote_once(net):
    elu, other = api_client(net["elu"]), api_client(net["other"])
    directory = elu.get("/api/v1/network/directory").json()
    assert {"Dupont", "Leroy"} <= {row["name"].split()[-1] for row in directory}
    assert elu.get("/api/v1/network/directory?role=agent").json()[0]["service"] == "Service de l'eau"
    sessions = elu.get("/api/v1/network/sessions").json()
    assert sessions[0]["space_nature"] == "professionnel" and sessions[0]["questions_open"]
    session_id = sessions[0]["id"]
    asked = elu.post(
        f"/api/v1/network/sessions/{session_id}/questions",
        {"text": "Quel calendrier ?"},
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    question_id = asked.json()["id"]
    voted = other.post(f"/api/v1/network/questions/{question_id}/vote")
    assert voted.status_code == 200 and voted.json()["votes"] == 1 and voted.json()["voted"]
    twice = other.post(f"/api/v1/network/questions/{question_id}/vote")
    assert twice.status_code == 400 and "one vote per person" in twice.content.decode()
    listed = elu.get(f"/api/v1/network/sessions/{session_id}/questions").json()
    assert listed[0]["text"] == "Quel calendrier ?" and listed[0]["votes"] == 1


@pytest.mark.django_db
def test_outsiders_get_404_everywhere(net, inhabitant):
    outsider = api_client(inhabitant)
    session_id = net["session"].pk
    for path in ("/api/v1/network/directory", "/api/v1/network/sessions", f"/api/v1/network/sessions/{session_id}"):
        assert outsider.get(path).status_code == 404
    assert outsider.get(f"/api/v1/network/sessions/{session_id}/questions").status_code == 404
    asked = outsider.post(
        f"/api/v1/network/sessions/{session_id}/questions", {"text": "Moi aussi"}, content_type="application/json"
    )
    assert asked.status_code == 404
