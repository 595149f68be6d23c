"""Online procedures (parvis.procedures): the département's catalogue and the largest communes' own, some of them
links to the State's services, most of them forms their agents built (text, choice, date and file fields); the
requests sent through the forms over two years land in the counter services' queues and go through the counter's
states, most of them closed, a tenth still new. The largest commune receives a third of them: its catalogue, one of
its procedures and its agents' queue are the pages the bench loads."""

from datetime import timedelta

from django.utils import timezone

from bench.scales import DOMAIN, INHABITANT_EMAIL
from bench.targets import SESSION, target
from parvis.accounts.models import User
from parvis.counter.models import Service, State
from parvis.procedures.models import Answer, AnswerNote, AnswerUpdate, AnswerValue, FieldType, FormField, Procedure
from parvis.spaces.models import Membership, MembershipStatus, Role, Space
from parvis.territories.models import Level, Territory

PRODUCES = ("procedure_requests",)
CHUNK = 5_000
TWO_YEARS = 2 * 365 * 86_400
COMMUNES = 30
# Who handles the largest commune's queue in the load test (a session of their own, see bench.prepare).
AGENT = "agent"
AGENT_EMAIL = f"agent-demarches@{DOMAIN}"
T, C, D, F = FieldType.TEXT, FieldType.CHOICE, FieldType.DATE, FieldType.FILE
# Title, who it is for, and its form (label, type, options); no form: a link to the State's service.
TOWN_PROCEDURES = (
    (
        "Inscription à la cantine",
        "Parents d'enfants scolarisés dans la commune",
        (
            ("Nom et prénom de l'enfant", T, ""),
            ("École", C, "École Jules-Ferry\nÉcole Jean-Macé\nÉcole Pasteur"),
            ("Date de naissance de l'enfant", D, ""),
            ("Régime alimentaire", C, "Aucun\nSans porc\nVégétarien"),
            ("Justificatif de domicile", F, ""),
        ),
    ),
    (
        "Réservation de la salle des fêtes",
        "Habitants et associations de la commune",
        (
            ("Date souhaitée", D, ""),
            ("Nombre de personnes", T, ""),
            ("Occasion", C, "Mariage\nAnniversaire\nRéunion"),
        ),
    ),
    (
        "Demande de permis de stationnement (déménagement)",
        "Habitants",
        (
            ("Adresse", T, ""),
            ("Date du déménagement", D, ""),
            ("Longueur à réserver (mètres)", T, ""),
        ),
    ),
    (
        "Inscription sur la liste des jeunes pour le job d'été",
        "Jeunes de 16 à 25 ans",
        (
            ("Nom et prénom", T, ""),
            ("Date de naissance", D, ""),
            ("CV", F, ""),
        ),
    ),
    ("Signalement d'un arbre dangereux", "Habitants", (("Adresse", T, ""), ("Photo", F, ""))),
    (
        "Inscription au centre de loisirs",
        "Parents d'enfants de 3 à 12 ans",
        (
            ("Nom et prénom de l'enfant", T, ""),
            ("Période", C, "Vacances d'hiver\nVacances de printemps\nÉté"),
            ("Allergies connues", T, ""),
        ),
    ),
    ("Demande d'acte de naissance", "Personnes nées dans la commune", ()),
    ("Inscription sur les listes électorales", "Habitants majeurs", ()),
    ("Recensement citoyen à 16 ans", "Jeunes de 16 ans", ()),
    ("Demande de carte d'identité", "Tous", ()),
)
DEPARTEMENT_PROCEDURES = (
    (
        "Aide aux transports scolaires",
        "Collégiens et lycéens de l'Oise",
        (
            ("Nom et prénom de l'élève", T, ""),
            ("Établissement", T, ""),
            ("Classe", C, "6e\n5e\n4e\n3e\n2de\n1re\nTle"),
            ("Certificat de scolarité", F, ""),
        ),
    ),
    (
        "Demande d'aide à domicile",
        "Personnes âgées de plus de 60 ans",
        (
            ("Nom et prénom", T, ""),
            ("Date de naissance", D, ""),
            ("Besoin", C, "Ménage\nRepas\nToilette"),
        ),
    ),
    ("Pass permis citoyen", "Jeunes de 18 et 19 ans", (("Nom et prénom", T, ""), ("Date de naissance", D, ""))),
    ("Réservation d'une visite au château", "Tous", (("Date souhaitée", D, ""), ("Nombre de visiteurs", T, ""))),
    ("Allocation personnalisée d'autonomie", "Personnes âgées dépendantes", ()),
    ("Revenu de solidarité active", "Personnes sans ressources suffisantes", ()),
)
MESSAGES = ("Votre demande est enregistrée.", "Nous traitons votre demande.", "Votre demande est acceptée.")
STATES = [State.RESOLVED] * 6 + [State.REFUSED] + [State.IN_PROGRESS] + [State.ACKNOWLEDGED] + [State.NEW]


def _catalogue(ctx):
    """The procedures of the département and of the largest communes, with their forms and the services that receive
    their requests; returns the procedures that have a form, by the territory offering them."""
    officials = {
        space.territory_id: space
        for space in Space.objects.filter(is_official=True).select_related("territory")
        if space.territory.level in (Level.COMMUNE, Level.DEPARTEMENT)
    }
    departement = next((s for s in officials.values() if s.territory.level == Level.DEPARTEMENT), None)
    communes = [
        commune
        for commune in Territory.objects.communes().order_by("-population", "pk")[: COMMUNES * 2]
        if commune.pk in officials
    ][:COMMUNES]
    offers = [(departement, DEPARTEMENT_PROCEDURES, "Guichet du Département")] if departement else []
    offers += [(officials[commune.pk], TOWN_PROCEDURES, "Accueil de la mairie") for commune in communes]
    procedures, forms = [], []
    for space, catalogue, service_name in offers:
        service, _created = Service.objects.get_or_create(space=space, name=service_name)
        for position, (title, audience, fields) in enumerate(catalogue):
            procedures.append(
                Procedure(
                    space=space,
                    service=service if fields else None,
                    territory_id=space.territory_id,
                    title=title,
                    summary=f"{title} : la démarche en ligne, sans vous déplacer.",
                    audience=audience,
                    documents="- Une pièce d'identité\n- Un justificatif de domicile de moins de trois mois",
                    link="" if fields else "https://www.service-public.fr/particuliers/vosdroits/N19810",
                    position=position,
                )
            )
            forms.append(fields)
    procedures = ctx.bulk(Procedure, procedures)
    today = timezone.localdate()
    fields = [
        FormField(
            procedure=procedure,
            label=label,
            type=kind,
            choices=choices,
            required=kind != FieldType.FILE,
            min_date=today - timedelta(days=365 * 90) if kind == FieldType.DATE else None,
            max_date=today + timedelta(days=365) if kind == FieldType.DATE else None,
            position=position,
        )
        for procedure, form in zip(procedures, forms, strict=True)
        for position, (label, kind, choices) in enumerate(form)
    ]
    fields = ctx.bulk(FormField, fields)
    by_procedure: dict[int, list[FormField]] = {}
    for field in fields:
        by_procedure.setdefault(field.procedure_id, []).append(field)
    with_form: dict[int, list[tuple[Procedure, list[FormField]]]] = {}
    for procedure in procedures:
        if procedure.service_id:
            with_form.setdefault(procedure.territory_id, []).append((procedure, by_procedure[procedure.pk]))
    return communes, departement, with_form


def _value(rng, field: FormField, created) -> AnswerValue:
    value = AnswerValue(field=field, label=field.label, type=field.type, position=field.position)
    if field.type == FieldType.CHOICE:
        value.text = rng.choice(field.options)
    elif field.type == FieldType.DATE:
        value.date = (created + timedelta(days=rng.randint(-30, 60))).date()
    elif field.type == FieldType.FILE:
        # A row only: the pages the bench loads name the file, none opens it.
        value.file = f"procedures/{created:%Y/%m}/piece-{rng.randrange(10**9)}.pdf" if rng.random() < 0.7 else ""
    else:
        value.text = rng.choice(("Camille Martin", "12 rue de la République", "4", "Aucune"))
    return value


def generate(ctx) -> None:
    rng = ctx.rng
    communes, departement, with_form = _catalogue(ctx)
    if not communes:
        return
    people: dict[int, list[int]] = {}
    for user_id, commune_id in User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", "home_commune_id"):
        people.setdefault(commune_id, []).append(user_id)
    everyone = [user_id for ids in people.values() for user_id in ids]
    if not everyone:
        return
    largest = communes[0]
    agent = User.objects.create(
        email=AGENT_EMAIL, password=ctx.password_hash, display_name="Agent d'accueil", home_commune=largest
    )
    official = Space.objects.get(is_official=True, territory=largest)
    Membership.objects.create(space=official, user=agent, role=Role.MODERATOR, status=MembershipStatus.ACTIVE)
    inhabitant = User.objects.filter(email=INHABITANT_EMAIL).values_list("pk", flat=True).first()
    # The largest commune gets a third of the requests, the others share the rest by population, a fifth goes to
    # the département's procedures.
    weights = [max(1, c.population) for c in communes]
    weights[0] = sum(weights[1:]) // 2 or 1
    departement_forms = with_form.get(departement.pk, []) if departement else []
    total = ctx.sizes["procedure_requests"]
    now = timezone.now()
    with ctx.own_dates(Answer, AnswerUpdate, AnswerNote):
        for start in range(0, total, CHUNK):
            count = min(CHUNK, total - start)
            answers, plans = [], []
            for index in range(start, start + count):
                commune = rng.choices(communes, weights)[0]
                offered = with_form.get(commune.pk) or departement_forms
                if departement_forms and rng.random() < 0.2:
                    offered = departement_forms
                procedure, fields = rng.choice(offered)
                state = rng.choice(STATES)
                created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
                acknowledged = created + timedelta(hours=rng.randint(1, 96)) if state != State.NEW else None
                closed = (
                    acknowledged + timedelta(hours=rng.randint(2, 400))
                    if state in (State.RESOLVED, State.REFUSED)
                    else None
                )
                # The signed-in inhabitant has sent a few requests of their own (their list on the catalogue).
                applicant = inhabitant if index < 5 and inhabitant else rng.choice(people.get(commune.pk) or everyone)
                answers.append(
                    Answer(
                        space_id=procedure.space_id,
                        service_id=procedure.service_id,
                        procedure=procedure,
                        commune=commune,
                        applicant_id=applicant,
                        state=state,
                        assignee=agent if commune.pk == largest.pk and state == State.IN_PROGRESS else None,
                        created_at=created,
                        acknowledged_at=acknowledged,
                        closed_at=closed,
                        updated_at=closed or acknowledged or created,
                    )
                )
                plans.append((fields, state, created, acknowledged, closed))
            answers = ctx.bulk(Answer, answers)
            values, updates, notes = [], [], []
            for answer, (fields, state, created, acknowledged, closed) in zip(answers, plans, strict=True):
                for field in fields:
                    value = _value(rng, field, created)
                    value.answer = answer
                    values.append(value)
                updates.append(AnswerUpdate(answer=answer, state=State.NEW, created_at=created))
                if acknowledged:
                    updates.append(
                        AnswerUpdate(
                            answer=answer, state=State.ACKNOWLEDGED, message=MESSAGES[0], created_at=acknowledged
                        )
                    )
                    if rng.random() < 0.3:
                        notes.append(AnswerNote(answer=answer, text="Pièce à vérifier.", created_at=acknowledged))
                if closed:
                    message = MESSAGES[2] if state == State.RESOLVED else "Votre demande ne remplit pas les conditions."
                    updates.append(AnswerUpdate(answer=answer, state=state, message=message, created_at=closed))
            ctx.bulk(AnswerValue, values)
            ctx.bulk(AnswerUpdate, updates)
            ctx.bulk(AnswerNote, notes)
            ctx.produced("procedure_requests", len(answers))


def targets(inhabitant) -> list[dict]:
    """The largest commune's catalogue (its procedures and the département's), for a visitor and for the inhabitant
    (who sees their own requests on it), its first procedure (the canteen's form), and the agents' queue of its open
    requests for one of its agents."""
    agent = User.objects.filter(email=AGENT_EMAIL).first()
    if agent is None:
        return []
    commune = agent.home_commune
    procedure = Procedure.objects.filter(territory=commune).order_by("position", "pk").first()
    if procedure is None:
        return []
    path = f"/guichet/communes/{commune.slug}/demarches/"
    return [
        target("procedures catalogue", path),
        target("procedures catalogue", path, SESSION),
        target("procedure", procedure.get_absolute_url()),
        target("procedure", procedure.get_absolute_url(), SESSION),
        target("procedures queue", "/guichet/agents/demandes/", AGENT, as_user=agent),
    ]
