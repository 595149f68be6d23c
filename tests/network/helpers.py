"""The élus' network as the tests need it: an operator, the network's space, a theme, and people whose verified
roles were accepted through their invitation (as in production: verify, invite by e-mail, accept the link)."""

from datetime import date, timedelta

from django.utils import timezone

from parvis.network import services
from parvis.network.models import Function, RoleKind


def grant(operator, user, *, kind=RoleKind.ELU, commune=None, ends_on=None, theme=None, **fields):
    defaults = {
        RoleKind.ELU: {"function": Function.CONSEILLER_MUNICIPAL},
        RoleKind.AGENT: {"service": "Service de l'eau", "direction": "Direction de l'environnement"},
        RoleKind.EXPERT: {},
    }[kind]
    first, _space, last = (user.display_name or "Prénom Nom").partition(" ")
    role = services.role_verify(
        operator=operator,
        kind=kind,
        first_name=first or "Prénom",
        last_name=last or user.email.split("@")[0],
        commune=commune,
        theme=theme,
        starts_on=date(2026, 3, 23),
        ends_on=ends_on,
        **(defaults | fields),
    )
    token = services.role_invite(operator=operator, role=role, email=user.email)
    return services.role_accept(user=user, token=token)


def network(operator, territory, *, theme_name="Eau et assainissement"):
    hub = services.network_ensure(operator=operator, territory=territory)
    theme = services.theme_create(operator=operator, name=theme_name, territory=territory)
    return hub, theme


def coming(days=2, hours=2):
    start = timezone.now() + timedelta(days=days)
    return start, start + timedelta(hours=hours)
