import datetime

import pytest

from parvis.procedures.models import FieldType
from parvis.procedures.services import field_add, procedure_create
from tests.counter.conftest import counter  # noqa: F401  (Beauvais's services and agents)


@pytest.fixture
def canteen(counter, beauvais):  # noqa: F811
    """Beauvais's canteen registration: a form built by the town's agent, with a text, a choice, a date (this school
    year only) and a file."""
    agent = counter["agent"]
    procedure = procedure_create(
        actor=agent,
        space=counter["town_hall"],
        territory=beauvais,
        service=counter["technical"],
        title="Inscription à la cantine",
        summary="Inscrire un enfant au restaurant scolaire.",
        audience="Familles",
        documents="Justificatif de domicile\nAttestation d'assurance",
    )
    fields = {
        "child": field_add(actor=agent, procedure=procedure, label="Prénom et nom de l'enfant", type=FieldType.TEXT),
        "school": field_add(
            actor=agent,
            procedure=procedure,
            label="École",
            type=FieldType.CHOICE,
            choices="Jean-Moulin\nPaul-Bert\nLa Grenouillère",
        ),
        "start": field_add(
            actor=agent,
            procedure=procedure,
            label="Premier jour",
            type=FieldType.DATE,
            min_date=datetime.date(2026, 9, 1),
            max_date=datetime.date(2027, 7, 4),
        ),
        "proof": field_add(actor=agent, procedure=procedure, label="Justificatif de domicile", type=FieldType.FILE),
        "diet": field_add(
            actor=agent, procedure=procedure, label="Régime alimentaire", type=FieldType.TEXT, required=False
        ),
    }
    return procedure, fields


def pdf(name: str = "justificatif.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def good_values(fields) -> dict:
    return {
        fields["child"].key: "Léa Martin",
        fields["school"].key: "Paul-Bert",
        fields["start"].key: "2026-09-01",
    }
