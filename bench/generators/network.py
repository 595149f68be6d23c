"""The élus–agents network (parvis.network): the councils of the largest communes (a mayor, deputies and
councillors, as many as the law gives a commune of that size), agents of three directions of the Département and two
experts per theme; the themes of a département's life as secret professional spaces; expert sessions over two years
with their questions, votes and answers; documents with their versions (rows only: no page reads a version's bytes).

Élus hold an inhabitant's account of their own commune, as a mayor lives where they are elected; a tenth of the
roles are verified but not yet accepted (no account), as the invitations of a new mandate are. A member élu opens
the network's pages: the directory (every role), the themes, a theme and the busiest past session.
"""

from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from bench.scales import DOMAIN
from bench.targets import target
from parvis.accounts.models import User
from parvis.network.models import (
    Answer,
    Document,
    DocumentVersion,
    Function,
    NetworkRole,
    Question,
    QuestionVote,
    RoleKind,
    Session,
    SessionStatus,
    Source,
    Theme,
)
from parvis.network.services import HUB_SLUG
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Nature, Role, Space, Visibility
from parvis.territories.models import Level, Territory

from .accounts import FIRST_NAMES, LAST_NAMES

PRODUCES = ("network_elus", "network_sessions", "network_documents")
# Who opens the network's pages in the load test (a session of their own, see bench.prepare).
ELU = "elu"
THEMES = (
    ("Eau et assainissement", "eau"),
    ("Routes et mobilités", "routes"),
    ("Écoles et collèges", "ecoles"),
    ("Action sociale", "social"),
    ("Tourisme", "tourisme"),
    ("Numérique", "numerique"),
)
DIRECTIONS = (
    ("Direction des routes et des mobilités", ("Service des routes départementales", "Service des transports")),
    ("Direction de la solidarité", ("Service de l'action sociale territoriale", "Service de l'autonomie")),
    ("Direction de l'éducation", ("Service des collèges", "Service de la restauration scolaire")),
)
AGENTS_PER_DIRECTION = 20
EXPERTS_PER_THEME = 2
# Seats of a municipal council by population (code général des collectivités territoriales, art. L2121-2).
COUNCIL_SEATS = (
    (100, 7),
    (500, 11),
    (1_500, 15),
    (2_500, 19),
    (3_500, 23),
    (5_000, 27),
    (10_000, 29),
    (20_000, 33),
    (30_000, 35),
    (40_000, 39),
    (50_000, 43),
    (60_000, 45),
)
MANDATE_START = date(2026, 3, 23)
MANDATE_END = date(2032, 3, 31)
TWO_YEARS = 2 * 365 * 86_400
SESSION_TITLES = (
    "Transfert de la compétence eau : ce qui change pour les communes",
    "Viabilité hivernale : qui sale quoi cet hiver ?",
    "Carte scolaire : les effectifs de la rentrée",
    "Le RSA et l'accompagnement vers l'emploi",
    "Taxe de séjour : la collecter et l'employer",
    "La fibre dans les hameaux : calendrier du déploiement",
)
QUESTIONS = (
    "Nos contrats en cours sont-ils repris tels quels ?",
    "Qui décide désormais du tarif pour nos habitants ?",
    "Quel calendrier pour les communes de moins de 500 habitants ?",
    "Existe-t-il une aide départementale pour les petites communes ?",
    "À qui s'adresser en cas d'urgence le week-end ?",
    "Les travaux d'entretien restent-ils à la charge de la commune ?",
)
ANSWERS = (
    "Oui, jusqu'à leur terme, sans renégociation.",
    "Le conseil communautaire, par délibération ; un tarif unique peut être lissé sur dix ans.",
    "Le service vous répond sous huit jours ; la permanence reste joignable le week-end.",
)
DOCUMENTS = (
    "Plan de viabilité hivernale",
    "Guide du transfert de compétence",
    "Modèle de délibération",
    "Compte rendu de la réunion",
    "Calendrier prévisionnel",
)
PDF_SIZE = 184_320


def _seats(population: int) -> int:
    for ceiling, seats in COUNCIL_SEATS:
        if population < ceiling:
            return seats
    return 49


def generate(ctx) -> None:
    rng = ctx.rng
    departement = Territory.objects.filter(level=Level.DEPARTEMENT).order_by("pk").first()
    if departement is None:
        return
    people: dict[int, list[int]] = {}
    for user_id, commune_id in User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", "home_commune_id"):
        people.setdefault(commune_id, []).append(user_id)
    now = timezone.now()

    # Agents and experts have accounts of their own (the Département's addresses), and live where inhabitants do
    # (later generators draw authors among every account of the bench); élus take inhabitants' accounts.
    homes = [commune_id for commune_id, ids in people.items() for _user in ids if commune_id]
    if not homes:
        return
    staff = []
    for number in range(len(DIRECTIONS) * AGENTS_PER_DIRECTION + len(THEMES) * EXPERTS_PER_THEME):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        staff.append(
            User(
                email=f"reseau{number}@{DOMAIN}",
                handle=f"reseau-{slugify(first)}-{slugify(last)}-{number}",
                password=ctx.password_hash,
                display_name=f"{first} {last}",
                home_commune_id=rng.choice(homes),
                date_joined=now - timedelta(days=800),
            )
        )
    staff = ctx.bulk(User, staff)
    agents, experts = staff[: len(DIRECTIONS) * AGENTS_PER_DIRECTION], staff[len(DIRECTIONS) * AGENTS_PER_DIRECTION :]

    spaces = ctx.bulk(
        Space,
        [
            Space(
                name="Réseau des élus et des agents",
                slug=HUB_SLUG,
                nature=Nature.PROFESSIONNEL,
                territory=departement,
                visibility=Visibility.SECRET,
                join_policy=JoinPolicy.INVITATION,
                description="Le réseau professionnel des élus des communes et des agents du Département.",
            ),
            *(
                Space(
                    name=f"Réseau : {name}",
                    slug=f"reseau-{slug}",
                    nature=Nature.PROFESSIONNEL,
                    territory=departement,
                    visibility=Visibility.SECRET,
                    join_policy=JoinPolicy.INVITATION,
                    description=f"Documents, discussions et sondages du réseau sur {name}.",
                )
                for name, slug in THEMES
            ),
        ],
    )
    themes = ctx.bulk(
        Theme,
        [
            Theme(name=name, slug=slugify(name)[:60], space=space)
            for (name, _s), space in zip(THEMES, spaces[1:], strict=True)
        ],
    )

    roles, taken = [], set()

    def role(**fields) -> None:
        roles.append(
            NetworkRole(
                starts_on=fields.pop("starts_on", MANDATE_START),
                verified_at=now - timedelta(days=200),
                accepted_at=now - timedelta(days=190) if fields.get("user_id") else None,
                email="" if fields.get("user_id") else f"invitation{len(roles)}@{DOMAIN}",
                invited_at=now - timedelta(days=rng.randint(1, 25)),
                **fields,
            )
        )

    for index, agent in enumerate(agents):
        direction, services = DIRECTIONS[index // AGENTS_PER_DIRECTION]
        first, _space, last = agent.display_name.partition(" ")
        role(
            kind=RoleKind.AGENT,
            user_id=agent.pk,
            first_name=first,
            last_name=f"{last} {index}",
            service=rng.choice(services),
            direction=direction,
            starts_on=MANDATE_START - timedelta(days=rng.randint(30, 2_000)),
        )
    for index, expert in enumerate(experts):
        first, _space, last = expert.display_name.partition(" ")
        role(
            kind=RoleKind.EXPERT,
            user_id=expert.pk,
            first_name=first,
            last_name=f"{last} {index}",
            theme=themes[index // EXPERTS_PER_THEME],
            starts_on=MANDATE_START,
        )

    # Councils of the largest communes, down the list until the figure is reached.
    wanted = ctx.sizes["network_elus"]
    elus = 0
    for commune_id, population in (
        Territory.objects.communes().order_by("-population", "code").values_list("pk", "population")
    ):
        if elus >= wanted:
            break
        seats = min(_seats(population), wanted - elus)
        locals_ = people.get(commune_id, [])
        holders = rng.sample(locals_, min(seats, len(locals_)))
        deputies = max(1, seats * 3 // 10)
        for seat in range(seats):
            function = (
                Function.MAIRE if seat == 0 else Function.ADJOINT if seat <= deputies else Function.CONSEILLER_MUNICIPAL
            )
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (commune_id, first, last, function) not in taken:
                    taken.add((commune_id, first, last, function))
                    break
            accepted = seat < len(holders) and rng.random() < 0.9
            role(
                kind=RoleKind.ELU,
                user_id=holders[seat] if accepted else None,
                first_name=first,
                last_name=last,
                commune_id=commune_id,
                function=function,
                ends_on=MANDATE_END,
                source=Source.RNE,
            )
        elus += seats
    ctx.bulk(NetworkRole, roles)
    ctx.produced("network_elus", elus)

    # Every holder of a role is a member of the network's spaces; the first agent runs them.
    holders = list(dict.fromkeys(r.user_id for r in roles if r.user_id))
    ctx.bulk(
        Membership,
        [
            Membership(
                space=space,
                user_id=user_id,
                role=Role.OWNER if user_id == agents[0].pk else Role.MEMBER,
                status=MembershipStatus.ACTIVE,
            )
            for space in spaces
            for user_id in holders
        ],
    )
    askers = [r.user_id for r in roles if r.user_id and r.kind != RoleKind.EXPERT]

    _sessions(ctx, themes, agents, experts, askers, now)
    _documents(ctx, themes, holders, now)


def _sessions(ctx, themes, agents, experts, askers, now) -> None:
    rng = ctx.rng
    total = ctx.sizes["network_sessions"]
    plans = []
    for index in range(total):
        theme_index = rng.randrange(len(themes))
        # A twentieth are to come, the rest held over the two years.
        if index % 20 == 0:
            starts = now + timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 8))
        else:
            starts = now - timedelta(seconds=rng.randrange(TWO_YEARS))
        plans.append((theme_index, starts.replace(minute=0, second=0, microsecond=0)))
    with ctx.own_dates(Session, Question, QuestionVote, Answer):
        sessions = ctx.bulk(
            Session,
            [
                Session(
                    theme=themes[theme_index],
                    space_id=themes[theme_index].space_id,
                    title=SESSION_TITLES[theme_index],
                    description="Posez vos questions avant la séance ; l'expert y répond par écrit.",
                    expert=experts[theme_index * EXPERTS_PER_THEME + rng.randrange(EXPERTS_PER_THEME)],
                    created_by=rng.choice(agents),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    status=SessionStatus.CLOSED if starts < now else SessionStatus.SCHEDULED,
                    created_at=starts - timedelta(days=14),
                )
                for theme_index, starts in plans
            ],
        )
        ctx.produced("network_sessions", len(sessions))
        questions, voters_of = [], []
        for session in sessions:
            for _ in range(min(int(rng.paretovariate(1.3) * 4), 80)):
                voters = rng.sample(askers, min(len(askers), min(int(rng.paretovariate(1.2) * 3), 300)))
                voters_of.append(voters)
                questions.append(
                    Question(
                        session=session,
                        space_id=session.space_id,
                        author_id=rng.choice(askers),
                        text=rng.choice(QUESTIONS),
                        vote_count=len(voters),
                        created_at=session.starts_at - timedelta(hours=rng.randint(1, 300)),
                    )
                )
        questions = ctx.bulk(Question, questions)
        votes, answers = [], []
        for question, voters in zip(questions, voters_of, strict=True):
            votes.extend(
                QuestionVote(question=question, voter_id=voter, created_at=question.created_at) for voter in voters
            )
            if question.session.starts_at < now and rng.random() < 0.85:
                answers.append(
                    Answer(
                        question=question,
                        space_id=question.space_id,
                        author_id=question.session.expert_id,
                        text=rng.choice(ANSWERS),
                        created_at=question.session.ends_at,
                    )
                )
            if len(votes) >= 20_000:
                ctx.bulk(QuestionVote, votes)
                votes = []
        ctx.bulk(QuestionVote, votes)
        ctx.bulk(Answer, answers)


def _documents(ctx, themes, holders, now) -> None:
    rng = ctx.rng
    total = ctx.sizes["network_documents"]
    with ctx.own_dates(Document, DocumentVersion):
        plans = []
        for _ in range(total):
            created = now - timedelta(seconds=rng.randrange(TWO_YEARS))
            revisions = [created]
            while rng.random() < 0.4 and len(revisions) < 6:
                revisions.append(revisions[-1] + timedelta(days=rng.randint(1, 60)))
            plans.append((rng.choice(themes), rng.choice(holders), rng.choice(DOCUMENTS), revisions))
        documents = ctx.bulk(
            Document,
            [
                Document(
                    space_id=theme.space_id,
                    author_id=author,
                    title=f"{title} ({created:%m/%Y})",
                    created_at=created,
                    updated_at=revisions[-1],
                )
                for theme, author, title, revisions in plans
                for created in revisions[:1]
            ],
        )
        versions = ctx.bulk(
            DocumentVersion,
            [
                DocumentVersion(
                    document=document,
                    number=number,
                    # A row only: the file is never read by the pages the bench loads.
                    file=f"network/{at:%Y/%m}/document-{document.pk}-v{number}.pdf",
                    filename=f"{slugify(document.title)[:80]}.pdf",
                    content_type="application/pdf",
                    size=PDF_SIZE + number * 1_024,
                    uploaded_by_id=document.author_id,
                    created_at=at,
                )
                for document, (_t, _a, _title, revisions) in zip(documents, plans, strict=True)
                for number, at in enumerate(revisions, start=1)
            ],
        )
        last = {}
        for version in versions:
            last[version.document_id] = version.pk
        for document in documents:
            document.current_id = last[document.pk]
        Document.objects.bulk_update(documents, ["current"], batch_size=ctx.batch_size)
        ctx.produced("network_documents", len(documents))


def targets(inhabitant) -> list[dict]:
    """For an élu of the largest commune who holds their role: the directory of every role, the themes, the theme
    with the most sessions and the past session with the most questions."""
    elu = (
        User.objects.filter(pk__in=NetworkRole.objects.active().filter(kind=RoleKind.ELU).values("user_id"))
        .order_by("pk")
        .first()
    )
    busiest = (
        Question.objects.filter(session__ends_at__lt=timezone.now())
        .values("session_id")
        .order_by()
        .annotate(questions=Count("pk"))
        .order_by("-questions", "session_id")
        .first()
    )
    theme = Theme.objects.order_by("pk").first()
    if elu is None or busiest is None or theme is None:
        return []
    session_id = busiest["session_id"]
    return [
        target("network directory", "/reseau/annuaire/", ELU, as_user=elu),
        target("network themes", "/reseau/", ELU, as_user=elu),
        target("network theme", theme.get_absolute_url(), ELU, as_user=elu),
        target("network session", f"/reseau/sessions/{session_id}/", ELU, as_user=elu),
    ]
