"""Alerts: Maria has lost her cat at the Tilleuls (with a photo of the street where he was last seen), the town of
Beauvais warns the whole commune of a water cut, and Camille's found keys of last week have ended."""

from datetime import timedelta

from django.utils import timezone

from parvis.alerts.models import Alert
from parvis.alerts.services import alert_send

from .pictures import picture


def alerts_create(*, people: dict, officials: dict, tilleuls) -> None:
    alert_send(
        sender=people["maria"],
        area=tilleuls.territory,
        kind="lost_animal",
        title="Chat gris perdu, bâtiment B",
        text="Minou, chat gris tigré au collier rouge, n'est pas rentré depuis hier soir. Il a été vu pour la "
        "dernière fois près des garages. Écrivez-moi si vous le voyez, merci !",
        hours=72,
        photo=picture("street", "minou"),
        photo_alt="La rue des Tilleuls, côté garages, où Minou a été vu pour la dernière fois",
    )
    beauvais = officials["beauvais"]
    alert_send(
        sender=people["yasmine"],
        area=beauvais.territory,
        official_space=beauvais,
        kind="water_cut",
        title="Coupure d'eau demain de 8 h à 12 h, centre-ville",
        text="Remplacement d'une vanne rue de la Madeleine : l'eau sera coupée demain matin dans le centre-ville. "
        "Pensez à faire des réserves. Des bouteilles sont distribuées à l'hôtel de ville.",
        hours=36,
    )
    keys = alert_send(
        sender=people["camille"],
        area=tilleuls.territory.parent,
        kind="found_object",
        title="Clés trouvées au square Saint-Jean",
        text="Un trousseau de trois clés avec un porte-clés bleu, trouvé sur un banc du square.",
    )
    # Sent last week: ended, off the feeds, its page still telling the neighbours it was.
    sent = timezone.now() - timedelta(days=8)
    Alert.objects.filter(pk=keys.pk).update(created_at=sent, expires_at=sent + timedelta(days=3))
