import pytest

from parvis.network.models import RoleKind
from tests.factories import make_user

from .helpers import coming, grant, network


@pytest.fixture
def net(operator, beauvais, compiegne):
    """The Oise's network: two élus (Beauvais, Compiègne), an agent, an expert of water, and a session to come."""
    from parvis.network.services import session_schedule

    departement = beauvais.parent
    hub, theme = network(operator, departement)
    elu = make_user("maire@beauvais.example.org", display_name="Claire Dupont", home_commune=beauvais)
    other = make_user("elu@compiegne.example.org", display_name="Sophie Leroy", home_commune=compiegne)
    agent = make_user("agent@oise.example.org", display_name="Nadia Agent")
    expert = make_user("expert@eau.example.org", display_name="Paul Expert")
    grant(operator, elu, commune=beauvais, function="maire")
    grant(operator, other, commune=compiegne)
    grant(operator, agent, kind=RoleKind.AGENT)
    grant(operator, expert, kind=RoleKind.EXPERT, theme=theme)
    starts, ends = coming()
    session = session_schedule(
        actor=agent,
        theme=theme,
        title="Les réseaux d'eau après 2026",
        description="Transfert de compétence",
        expert=expert,
        starts_at=starts,
        ends_at=ends,
    )
    return {
        "hub": hub,
        "theme": theme,
        "elu": elu,
        "other": other,
        "agent": agent,
        "expert": expert,
        "session": session,
        "beauvais": beauvais,
    }
