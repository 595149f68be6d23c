"""The Beauvais counter's online procedures: the school canteen's registration (a form Yasmine built for the town's
school service), a request to occupy the public space (a form too), the change of address (a link to the national
service); a few requests of inhabitants in different states. And some questions the town hall answered, for the
commune's questions and answers."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parvis.counter.models import State
from parvis.counter.services import question_answer, question_ask, service_create
from parvis.procedures.models import Answer, AnswerUpdate, FieldType
from parvis.procedures.services import (
    answer_assign,
    answer_note_add,
    answer_state_set,
    answer_submit,
    field_add,
    procedure_create,
)

from .pictures import picture

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

QUESTIONS = [
    (
        "gerard",
        "La déchetterie de Beauvais est-elle ouverte le dimanche matin ?",
        "Oui, de 9 h à 12 h toute l'année, sauf le 1er janvier et le 25 décembre. Pensez à votre badge.",
    ),
    (
        "maria",
        "Peut-on déposer des encombrants devant l'immeuble ?",
        "Non : prenez rendez-vous pour un enlèvement gratuit au 03 44 15 68 00, ou déposez-les à la déchetterie.",
    ),
    (
        "camille",
        "Les horaires de la piscine changent-ils pendant les vacances scolaires ?",
        "Oui : pendant les vacances, la piscine Bellier ouvre tous les jours de 10 h à 19 h.",
    ),
]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def procedures_create(*, people: dict, officials: dict, beauvais) -> None:
    town_agent = people["yasmine"]
    town_hall = officials["beauvais"]
    schools = service_create(actor=town_agent, space=town_hall, name="Vie scolaire")
    public_space = service_create(actor=town_agent, space=town_hall, name="Occupation du domaine public")
    today = timezone.localdate()

    canteen = procedure_create(
        actor=town_agent,
        space=town_hall,
        territory=beauvais,
        service=schools,
        title="Inscription à la cantine",
        summary="Inscrire votre enfant au restaurant scolaire de son école, pour l'année ou certains jours.",
        audience="Familles d'enfants scolarisés à Beauvais",
        documents="Justificatif de domicile de moins de 3 mois\nAttestation d'assurance scolaire\nDernier avis "
        "d'imposition (pour le tarif)",
        position=1,
    )
    child = field_add(actor=town_agent, procedure=canteen, label="Prénom et nom de l'enfant", type=FieldType.TEXT)
    school = field_add(
        actor=town_agent,
        procedure=canteen,
        label="École",
        type=FieldType.CHOICE,
        choices="Jean-Moulin\nPaul-Bert\nLa Grenouillère\nNotre-Dame-du-Thil",
    )
    start = field_add(
        actor=town_agent,
        procedure=canteen,
        label="Premier jour de cantine",
        help_text="Un jour de cette année scolaire.",
        type=FieldType.DATE,
        min_date=today,
        max_date=today + timedelta(days=300),
    )
    days = field_add(
        actor=town_agent,
        procedure=canteen,
        label="Jours de cantine",
        type=FieldType.CHOICE,
        choices="Tous les jours\nLundi, mardi, jeudi, vendredi\nCertains jours (précisez ci-dessous)",
    )
    diet = field_add(
        actor=town_agent,
        procedure=canteen,
        label="Régime ou allergie",
        help_text="Un projet d'accueil individualisé (PAI) se demande au médecin scolaire.",
        type=FieldType.TEXT,
        required=False,
    )
    proof = field_add(actor=town_agent, procedure=canteen, label="Justificatif de domicile", type=FieldType.FILE)

    occupation = procedure_create(
        actor=town_agent,
        space=town_hall,
        territory=beauvais,
        service=public_space,
        title="Demande d'occupation du domaine public",
        summary="Une terrasse, un échafaudage, une benne ou un camion de déménagement sur le trottoir ou la rue.",
        audience="Commerçants, artisans et particuliers",
        documents="Plan de situation\nAttestation d'assurance responsabilité civile",
        position=2,
    )
    kind = field_add(
        actor=town_agent,
        procedure=occupation,
        label="Type d'occupation",
        type=FieldType.CHOICE,
        choices="Terrasse\nÉchafaudage\nBenne\nDéménagement",
    )
    where = field_add(actor=town_agent, procedure=occupation, label="Adresse et emplacement", type=FieldType.TEXT)
    when = field_add(
        actor=town_agent,
        procedure=occupation,
        label="Premier jour",
        type=FieldType.DATE,
        min_date=today,
        max_date=today + timedelta(days=365),
    )
    plan = field_add(
        actor=town_agent, procedure=occupation, label="Plan de situation", type=FieldType.FILE, required=False
    )

    procedure_create(
        actor=town_agent,
        space=town_hall,
        territory=beauvais,
        title="Signalement d'un changement d'adresse",
        summary="Vous déménagez : prévenez en une fois plusieurs administrations (impôts, CAF, assurance maladie…).",
        audience="Toute personne qui déménage",
        documents="Votre ancienne et votre nouvelle adresse\nVos numéros d'allocataire ou de sécurité sociale",
        link="https://www.service-public.fr/particuliers/vosdroits/R11193",
        position=3,
    )

    soon = (today + timedelta(days=7)).isoformat()
    requests = [
        (
            "camille",
            canteen,
            {child.key: "Léo Martin", school.key: "Jean-Moulin", start.key: soon, days.key: "Tous les jours"},
            {proof.key: _pdf("justificatif-domicile.pdf")},
            [(State.ACKNOWLEDGED, "Dossier reçu, merci."), (State.IN_PROGRESS, "")],
            3,
        ),
        (
            "maria",
            canteen,
            {
                child.key: "Inès Da Silva",
                school.key: "Paul-Bert",
                start.key: today.isoformat(),
                days.key: "Lundi, mardi, jeudi, vendredi",
                diet.key: "Sans porc.",
            },
            {proof.key: _pdf("facture-electricite.pdf")},
            [(State.ACKNOWLEDGED, ""), (State.RESOLVED, "Inscription validée : Inès mange à la cantine dès lundi.")],
            9,
        ),
        (
            "olivier",
            occupation,
            {kind.key: "Benne", where.key: "Devant le 14 allée des Tilleuls, côté parking", when.key: soon},
            {plan.key: picture("street", "benne")},
            [],
            1,
        ),
        (
            "aicha",
            occupation,
            {kind.key: "Déménagement", where.key: "Rue de la Madeleine, devant le 3", when.key: soon},
            {},
            [(State.REFUSED, "La rue de la Madeleine est en travaux ce jour-là : choisissez une autre date.")],
            5,
        ),
    ]
    now = timezone.now()
    for who, procedure, values, files, steps, days_ago in requests:
        answer = answer_submit(applicant=people[who], procedure=procedure, commune=beauvais, values=values, files=files)
        if steps:
            answer_assign(agent=town_agent, answer=answer, assignee=town_agent)
        for state, message in steps:
            answer_state_set(agent=town_agent, answer=answer, state=state, message=message)
        if who == "camille":
            answer_note_add(agent=town_agent, answer=answer, text="Tarif à calculer avec l'avis d'imposition.")
        created = now - timedelta(days=days_ago, hours=3)
        Answer.objects.filter(pk=answer.pk).update(created_at=created)
        for step, update in enumerate(AnswerUpdate.objects.filter(answer=answer).order_by("pk")):
            AnswerUpdate.objects.filter(pk=update.pk).update(created_at=created + timedelta(hours=20 * step))

    technical = schools.space.services.get(name="Services techniques")
    for who, text, reply in QUESTIONS:
        question = question_ask(asker=people[who], service=technical, commune=beauvais, text=text, public=True)
        question_answer(agent=town_agent, question=question, answer=reply)
