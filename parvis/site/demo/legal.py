"""The legal pages of the demo read as those of a real instance of the Oise: the Département publishes it, a
hosting company keeps it, a data protection officer answers. Every detail is fictional (addresses on example.org,
phone numbers from the range ARCEP keeps for fiction, the director named by office, not by a person's name)."""

from datetime import timedelta

from django.utils import timezone

from parvis.legal.models import LegalPage, LegalText
from parvis.legal.services import operator_details_update

ACCESSIBILITY_DEROGATIONS = """\
### Non-conformités

- Certaines vidéos publiées par les personnes inscrites n'ont pas encore de sous-titres (critère 4.3).
- La carte des événements ne donne pas d'alternative textuelle à chaque repère ; la liste des événements, juste \
en dessous, en donne le même contenu (critère 1.3).

### Dérogations pour charge disproportionnée

Aucune.

### Contenus non soumis à l'obligation d'accessibilité

- Les documents publiés avant le 23 septembre 2018 par les services du Département.
- Les contenus de tiers que le Département ne finance ni ne contrôle : cartes de fond OpenStreetMap, vidéos \
intégrées depuis d'autres sites.
"""


def legal_details_fill() -> None:
    operator_details_update(
        name="Département de l'Oise",
        address="1 rue Cambry, CS 80941, 60024 Beauvais Cedex",
        email="parvis@oise.example.org",
        phone="03 53 73 00 60",
        director="Le président ou la présidente du conseil départemental de l'Oise",
        host_name="Hébergement Public Exemple SAS",
        host_address="12 avenue de l'Europe, 59000 Lille",
        host_phone="03 53 73 00 99",
        dpo="Délégué à la protection des données du Département de l'Oise, dpo@oise.example.org, "
        "1 rue Cambry, 60024 Beauvais Cedex",
        accessibility_audit_date=timezone.localdate() - timedelta(days=45),
        accessibility_rate="76",
    )
    LegalText.objects.update_or_create(
        page=LegalPage.ACCESSIBILITY, language="fr", defaults={"body": ACCESSIBILITY_DEROGATIONS}
    )
