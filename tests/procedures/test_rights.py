"""A person's online requests are in their data download (with their files), and go with their account."""

from parvis.procedures.models import Answer, AnswerValue
from parvis.procedures.services import answer_submit
from parvis.rights.collect import personal_data, personal_files
from parvis.rights.services import account_delete
from tests.factories import PASSWORD

from .conftest import good_values, pdf


def _answer(canteen, inhabitant, beauvais):
    procedure, fields = canteen
    return answer_submit(
        applicant=inhabitant,
        procedure=procedure,
        commune=beauvais,
        values=good_values(fields),
        files={fields["proof"].key: pdf()},
    )


def test_the_download_holds_the_requests_their_answers_and_files(canteen, inhabitant, beauvais):
    answer = _answer(canteen, inhabitant, beauvais)
    data = personal_data(inhabitant)
    assert [row["procedure__title"] for row in data["online_requests"]] == ["Inscription à la cantine"]
    assert "Léa Martin" in {row["text"] for row in data["online_request_answers"]}
    files = [folder for folder, _file in personal_files(inhabitant)]
    assert "online-requests" in files
    assert answer.pk in {row["answer_id"] for row in data["online_request_steps"]}


def test_deleting_the_account_deletes_the_requests_and_their_files(
    canteen, inhabitant, beauvais, django_capture_on_commit_callbacks
):
    answer = _answer(canteen, inhabitant, beauvais)
    stored = answer.values.get(type="file").file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=inhabitant, password=PASSWORD, keep_contributions=True)
    assert not Answer.objects.exists() and not AnswerValue.objects.exists()
    assert not storage.exists(name)
