"""Reporting a problem: by address or by pin, with photos, and the bad input refused with a sentence each, nothing
saved half-way."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parvis.counter.models import Report, ReportPhoto, State, Supporter
from parvis.counter.services import report_create, report_duplicates, report_support
from parvis.territories.models import Territory
from tests.factories import jpeg_bytes, png

from .conftest import BESIDE_IT, NEAR_CATHEDRAL

pytestmark = pytest.mark.django_db


def _report(counter, inhabitant, **fields):
    values = {
        "reporter": inhabitant,
        "category": counter["light"],
        "description": "Lampadaire éteint",
    }
    return report_create(**(values | fields))


def test_a_report_by_address_alone_is_placed_at_the_communes_centre(counter, inhabitant, beauvais):
    report = _report(counter, inhabitant, commune=beauvais, address="3 rue de la Taillerie")
    assert report.at_commune_centre
    assert (report.latitude, report.longitude) == (
        Decimal(beauvais.centre_latitude),
        Decimal(beauvais.centre_longitude),
    )
    assert report.space == counter["town_hall"] and report.state == State.NEW
    assert list(report.updates.values_list("state", flat=True)) == [State.NEW]


def test_a_pin_alone_finds_its_commune(counter, inhabitant, beauvais):
    report = _report(counter, inhabitant, latitude=NEAR_CATHEDRAL[0], longitude=NEAR_CATHEDRAL[1])
    assert report.commune == beauvais and not report.at_commune_centre


def test_a_departemental_category_is_routed_to_the_departements_service(counter, inhabitant, beauvais):
    report = _report(counter, inhabitant, category=counter["pothole"], commune=beauvais, address="RD 1001")
    assert report.service == counter["roads"] and report.space == counter["oise"]


def test_photos_are_re_encoded_without_their_metadata(counter, inhabitant, beauvais):
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    buffer_bytes = jpeg_bytes()
    image = Image.open(__import__("io").BytesIO(buffer_bytes))
    out = __import__("io").BytesIO()
    image.save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("lampadaire.jpg", out.getvalue(), content_type="image/jpeg")
    report = _report(counter, inhabitant, commune=beauvais, address="rue Saint-Pierre", photos=[upload, png()])
    photos = list(report.photos.all())
    assert len(photos) == 2
    with photos[0].image.open("rb") as handle:
        data = handle.read()
    assert b"SecretCameraMaker" not in data
    assert not Image.open(__import__("io").BytesIO(data)).getexif()


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"address": ""}, "place", "Dites où est le problème"),
        ({"commune": "compiegne", "address": "1 rue"}, "category", "celles de Compiègne"),
        ({"commune": "rennes", "address": "1 rue"}, "commune", "en dehors du territoire de ce site"),
        ({"latitude": "48.1173", "longitude": "-1.6778"}, "place", "en dehors du territoire de ce site"),
        ({"latitude": "abc", "longitude": "2.08"}, "place", "illisible"),
        ({"commune": "beauvais", "address": "1 rue", "description": "  "}, "description", "Décrivez le problème"),
        (
            {"commune": "beauvais", "address": "1 rue", "category": "compiegne_litter"},
            "category",
            "celles de Beauvais",
        ),
    ],
)
def test_bad_input_gets_a_sentence_and_saves_nothing(counter, inhabitant, fields, field, words):
    communes = {
        "beauvais": Territory.objects.get(level="commune", code="60057"),
        "compiegne": Territory.objects.get(level="commune", code="60159"),
        "rennes": Territory.objects.get(level="commune", code="35238"),
    }
    fields = dict(fields)
    if "commune" in fields:
        fields["commune"] = communes[fields["commune"]]
    if "category" in fields:
        fields["category"] = counter[fields["category"]]
    with pytest.raises(ValidationError) as error:
        _report(counter, inhabitant, **fields)
    assert words in " ".join(error.value.message_dict[field])
    assert not Report.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_kept(counter, inhabitant, beauvais):
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        _report(counter, inhabitant, commune=beauvais, address="rue Saint-Pierre", photos=[png(), fake])
    assert "photos" in error.value.message_dict
    assert not Report.objects.exists() and not ReportPhoto.objects.exists()


def test_at_most_five_photos(counter, inhabitant, beauvais):
    with pytest.raises(ValidationError) as error:
        _report(counter, inhabitant, commune=beauvais, address="rue", photos=[png() for _ in range(6)])
    assert "Au plus 5 photos" in error.value.message_dict["photos"][0]


def test_an_anonymous_visitor_cannot_report(counter, beauvais):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _report(counter, AnonymousUser(), commune=beauvais, address="rue")


def test_the_same_problem_nearby_is_proposed_and_me_too_follows_it(report, counter, neighbour):
    near = report_duplicates(category=counter["light"], latitude=Decimal(BESIDE_IT[0]), longitude=Decimal(BESIDE_IT[1]))
    assert near == [report]
    assert (
        report_duplicates(category=counter["dumping"], latitude=Decimal(BESIDE_IT[0]), longitude=Decimal(BESIDE_IT[1]))
        == []
    )
    far = report_duplicates(category=counter["light"], latitude=Decimal("49.4400"), longitude=Decimal("2.0900"))
    assert far == []
    assert report_support(user=neighbour, report=report) is True
    assert report_support(user=neighbour, report=report) is False
    report.refresh_from_db()
    assert report.supporter_count == 1 and Supporter.objects.filter(report=report, user=neighbour).exists()
