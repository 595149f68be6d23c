"""The Oise's network of élus and agents: a dozen élus of five communes (mayors, deputies, councillors, a
departmental councillor), agents of three directions of the Département, two experts; the themes of a
département's life; a past session on water with its questions, votes and answers, and one on roads to come.

Roles are verified by the operator and taken through the invitation link, as in production. The past session is
held as it happened (asked, voted, answered) and then dated back to last month: the services refuse a new session
in the past, and rightly."""

from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from parvis.accounts.models import User
from parvis.network import services
from parvis.network.models import Function, RoleKind, Session
from parvis.spaces.services.invitations import membership_invite
from parvis.spaces.services.memberships import space_join

from .people import DEMO_DOMAIN, DEMO_PASSWORD

THEMES = (
    "Eau et assainissement",
    "Routes et mobilités",
    "Écoles et collèges",
    "Action sociale",
    "Tourisme",
    "Numérique",
)
MANDATE_START = date(2026, 3, 23)
MANDATE_END = date(2032, 3, 31)

# key: first name, last name, commune, function
ELUS = {
    "beauvais_maire": ("Françoise", "Delmas", "60057", Function.MAIRE),
    "beauvais_adjoint": ("Hervé", "Lucas", "60057", Function.ADJOINT),
    "beauvais_conseil": ("Linda", "Benamar", "60057", Function.CONSEILLER_MUNICIPAL),
    "allonne_maire": ("Gilles", "Carpentier", "60009", Function.MAIRE),
    "tille_maire": ("Martine", "Dufour", "60639", Function.MAIRE),
    "tille_adjoint": ("Cédric", "Boulanger", "60639", Function.ADJOINT),
    "goincourt_maire": ("Jacques", "Vermeulen", "60277", Function.MAIRE),
    "auneuil_maire": ("Isabelle", "Roche", "60029", Function.MAIRE),
    "auneuil_conseil": ("Romain", "Lefort", "60029", Function.CONSEILLER_MUNICIPAL),
    "departement": ("Nathalie", "Pruvost", "60057", Function.CONSEILLER_DEPARTEMENTAL),
}
AGENTS = {
    "routes": ("Vincent", "Garnier", "Service des routes départementales", "Direction des routes et des mobilités"),
    "social": ("Sandrine", "Lemoine", "Service de l'action sociale territoriale", "Direction de la solidarité"),
}
EXPERTS = {
    "eau": ("Élise", "Marchand", "Eau et assainissement"),
    "routes_expert": ("Bernard", "Hautecœur", "Routes et mobilités"),
}


def _person(key: str, first: str, last: str, commune=None) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.create(
        email=f"{key.replace('_', '.')}@{DEMO_DOMAIN}",
        password=make_password(DEMO_PASSWORD),
        display_name=f"{first} {last}",
        home_commune=commune,
        language="fr",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _take(operator, user, **role) -> None:
    verified = services.role_verify(operator=operator, starts_on=role.pop("starts_on", MANDATE_START), **role)
    token = services.role_invite(operator=operator, role=verified, email=user.email)
    services.role_accept(user=user, token=token)


def network_create(*, people: dict, root, communes: dict) -> dict:
    operator = people["operator"]
    hub = services.network_ensure(operator=operator, territory=root)
    themes = {name: services.theme_create(operator=operator, name=name, territory=root) for name in THEMES}
    # The département's agent (Dominique, communication) runs the network's space with the operator.
    membership_invite(actor=operator, space=hub, handle=people["agent"].handle, role="admin")
    space_join(space=hub, user=people["agent"])
    _take(
        operator,
        people["agent"],
        kind=RoleKind.AGENT,
        first_name="Dominique",
        last_name="Lefèvre",
        service="Service de la communication",
        direction="Direction de la communication",
    )
    network = {"agent": people["agent"]}
    for key, (first, last, service, direction) in AGENTS.items():
        user = network[key] = _person(key, first, last)
        _take(
            operator, user, kind=RoleKind.AGENT, first_name=first, last_name=last, service=service, direction=direction
        )
    for key, (first, last, code, function) in ELUS.items():
        user = network[key] = _person(key, first, last, communes[code])
        _take(
            operator,
            user,
            kind=RoleKind.ELU,
            first_name=first,
            last_name=last,
            commune=None if function == Function.CONSEILLER_DEPARTEMENTAL else communes[code],
            function=function,
            ends_on=MANDATE_END,
        )
    # Two élus of the story already: Anne-Sophie (Goincourt) and Patrick (Allonne).
    for key, code, function in (
        ("annesophie", "60277", Function.CONSEILLER_MUNICIPAL),
        ("patrick", "60009", Function.ADJOINT),
    ):
        first, _space, last = people[key].display_name.partition(" ")
        _take(
            operator,
            people[key],
            kind=RoleKind.ELU,
            first_name=first,
            last_name=last,
            commune=communes[code],
            function=function,
            ends_on=MANDATE_END,
        )
        network[key] = people[key]
    for key, (first, last, theme) in EXPERTS.items():
        user = network[key] = _person(key, first, last)
        _take(operator, user, kind=RoleKind.EXPERT, first_name=first, last_name=last, theme=themes[theme])
    _sessions(network, themes)
    _documents(network, themes)
    return network


def _sessions(network: dict, themes: dict) -> None:
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    water = services.session_schedule(
        actor=network["agent"],
        theme=themes["Eau et assainissement"],
        title="Transfert de la compétence eau : ce qui change pour les communes",
        description="Calendrier, budgets annexes, contrats en cours : Élise Marchand, de l'agence de l'eau, répond.",
        expert=network["eau"],
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=3),
    )
    asked = [
        ("tille_maire", "Nos contrats d'affermage courent jusqu'en 2029 : sont-ils repris tels quels ?"),
        ("allonne_maire", "Qui décide désormais du prix de l'eau pour nos habitants ?"),
        ("auneuil_conseil", "Les petits travaux de branchement restent-ils à la commune ?"),
    ]
    questions = [services.question_ask(author=network[key], session=water, text=text) for key, text in asked]
    for voter in ("beauvais_maire", "goincourt_maire", "patrick", "annesophie", "routes"):
        services.question_vote(voter=network[voter], question=questions[0])
    for voter in ("beauvais_adjoint", "tille_adjoint", "auneuil_maire"):
        services.question_vote(voter=network[voter], question=questions[1])
    answers = [
        "Oui : la collectivité qui reprend la compétence reprend les contrats jusqu'à leur terme, sans les renégocier.",
        "L'intercommunalité, par délibération de son conseil ; un tarif unique peut être lissé sur dix ans.",
        "Non : ils suivent la compétence. La commune garde l'entretien des bouches d'incendie.",
    ]
    for question, text in zip(questions, answers, strict=True):
        services.question_answer(expert=network["eau"], question=question, text=text)
    services.session_close(actor=network["agent"], session=water)
    # Held last month.
    held = (now - timedelta(days=26)).replace(hour=14)
    Session.objects.filter(pk=water.pk).update(starts_at=held, ends_at=held + timedelta(hours=2))
    roads = services.session_schedule(
        actor=network["routes"],
        theme=themes["Routes et mobilités"],
        title="Viabilité hivernale : qui sale quoi cet hiver ?",
        description="Le plan de salage du Département et les routes communales : posez vos questions avant la séance.",
        expert=network["routes_expert"],
        starts_at=(now + timedelta(days=9)).replace(hour=14),
        ends_at=(now + timedelta(days=9)).replace(hour=16),
    )
    services.question_ask(
        author=network["goincourt_maire"],
        session=roads,
        text="La côte de Goincourt est-elle dans le circuit prioritaire cette année ?",
    )


def _documents(network: dict, themes: dict) -> None:
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n"
    services.document_share(
        author=network["routes"],
        space=themes["Routes et mobilités"].space,
        title="Plan de viabilité hivernale 2026-2027",
        upload=SimpleUploadedFile("viabilite-hivernale.pdf", pdf, "application/pdf"),
    )
    services.document_share(
        author=network["eau"],
        space=themes["Eau et assainissement"].space,
        title="Guide du transfert de la compétence eau",
        upload=SimpleUploadedFile("guide-transfert-eau.pdf", pdf, "application/pdf"),
    )
