"""What people say: news of the commune and the département with link cards, organisations' posts with photos,
neighbours' questions, comments and reactions; an advert posted in the neighbours' group, reported by Camille and
hidden by the group's moderator with a statement of reasons. Camille is left with notifications to read."""

import hashlib

from django.utils import timezone

from parvis.moderation.models import Action, ReportReason
from parvis.moderation.services import decision_take, report_create
from parvis.posts.models import LinkPreview
from parvis.posts.services import comment_create, post_create, reaction_set

from .pictures import picture

# Link cards as the preview fetcher would have filled them: the demo is loaded without reaching the internet (and
# must give the same cards on every machine), so the cards are written ready and no fetch is queued for them.
LINK_CARDS = {
    "https://www.beauvais.fr/": (
        "Ville de Beauvais — site officiel",
        "Démarches, agenda, travaux et vie des quartiers.",
        "beauvais.fr",
    ),
    "https://www.oise.fr/": (
        "Département de l'Oise",
        "Collèges, routes, solidarités, transports scolaires : le Département à vos côtés.",
        "oise.fr",
    ),
    "https://www.service-public.fr/particuliers/vosdroits/F1342": (
        "Déchets encombrants : comment s'en débarrasser ?",
        "Collecte, déchetterie, reprise par le vendeur.",
        "Service-Public.fr",
    ),
}


def _link_cards_ready() -> None:
    now = timezone.now()
    for url, (title, description, site_name) in LINK_CARDS.items():
        LinkPreview.objects.get_or_create(
            url_hash=hashlib.sha256(url.encode()).hexdigest(),
            defaults={
                "url": url,
                "state": LinkPreview.State.READY,
                "title": title,
                "description": description,
                "site_name": site_name,
                "fetched_at": now,
            },
        )


def posts_create(*, people: dict, spaces: dict) -> None:
    _link_cards_ready()
    p = people
    post_create(
        author=p["agent"],
        space=spaces["oise"],
        body=(
            "🚌 **Transports scolaires** : la carte de bus de votre enfant se renouvelle en ligne avant la fin du "
            "mois. Pensez à sa photo d'identité. Tout est sur https://www.oise.fr/"
        ),
    )
    works = post_create(
        author=p["agent"],
        space=spaces["beauvais"],
        body=(
            "🚧 Travaux rue de la République : circulation alternée pendant deux semaines à partir de lundi. "
            "Les bus des lignes 2 et 6 sont déviés par le boulevard Saint-Jean. Plus d'informations sur "
            "https://www.beauvais.fr/"
        ),
    )
    comment_create(author=p["gerard"], post=works, body="Enfin ! Les trous devant le n° 40 étaient dangereux.")
    reaction_set(user=p["camille"], post=works, kind="thanks")
    post_create(
        author=p["yasmine"],
        space=spaces["beauvais"],
        body=(
            "Le marché du samedi s'agrandit : six nouveaux producteurs rejoignent la place Jeanne-Hachette, dont "
            "un maraîcher bio d'Auneuil."
        ),
        photos=[(picture("market", "jeanne-hachette"), "Les étals colorés du marché sous le soleil")],
    )
    garden = post_create(
        author=p["nadia"],
        space=spaces["jardins"],
        as_organisation=spaces["jardins"],
        body=(
            "Belle journée de chantier au jardin : les parcelles sont paillées et le composteur réparé. "
            "Merci aux bénévoles du samedi 🌱"
        ),
        photos=[
            (picture("garden", "recolte-1"), "Les parcelles du jardin partagé et leurs rangs de légumes"),
            (picture("garden", "recolte-2"), "Les bacs de légumes devant la cabane du jardin"),
            (picture("lake", "therain"), "Le Thérain au coucher du soleil, au bout du jardin"),
        ],
    )
    for key, kind in (("camille", "like"), ("monique", "like"), ("maria", "support")):
        reaction_set(user=p[key], post=garden, kind=kind)
    comment = comment_create(
        author=p["camille"], post=garden, body="Bravo à toutes et à tous ! Je viens samedi prochain avec Léo."
    )
    comment_create(
        author=p["nadia"], post=garden, body="Avec plaisir, on lui garde un coin de parcelle.", parent=comment
    )
    match = post_create(
        author=p["thomas"],
        space=spaces["foot"],
        as_organisation=spaces["foot"],
        body="Victoire 3-1 de nos U11 contre Allonne ce week-end ! Bravo à toute l'équipe ⚽",
        photos=[(picture("pitch", "saint-jean"), "Le terrain du stade Saint-Jean, tribunes pleines")],
    )
    reaction_set(user=p["theo"], post=match, kind="like")
    comment_create(author=p["mehdi"], post=match, body="Beau match, très fair-play des deux côtés.")
    post_create(
        author=p["marc"],
        space=spaces["boulangerie"],
        as_organisation=spaces["boulangerie"],
        body="Nouveau : le pain aux noix du Beauvaisis, tous les vendredis. Pensez à le réserver !",
        photos=[(picture("bakery", "noix"), "Des miches dorées alignées sur les étagères de la boulangerie")],
    )
    post_create(
        author=p["sophie"],
        space=spaces["theatre"],
        as_organisation=spaces["theatre"],
        body="Dernières répétitions du *Malade imaginaire* : la troupe a hâte de vous retrouver vendredi !",
        photos=[(picture("stage", "malade"), "La scène du théâtre, rideaux rouges et trois comédiens")],
    )
    post_create(
        author=p["chantal"],
        space=spaces["bibliotheque"],
        as_organisation=spaces["bibliotheque"],
        body="300 nouveaux livres jeunesse sont arrivés grâce à vos dons. Venez les découvrir mercredi !",
        photos=[(picture("books", "jeunesse"), "Des rayonnages de livres aux couvertures de toutes les couleurs")],
    )
    # Neighbours, in their group: a question by Camille, answered; a mention of her; the encombrants.
    cat = post_create(
        author=p["camille"],
        space=spaces["saintjean"],
        body="Quelqu'un a perdu un chat tigré ? Il attend devant le bâtiment A des Tilleuls depuis ce matin.",
    )
    comment_create(author=p["ines"], post=cat, body="C'est peut-être celui des voisins du 14, je leur demande !")
    comment_create(author=p["gerard"], post=cat, body="Il vient souvent chez moi aussi, il s'appelle Caramel.")
    reaction_set(user=p["maria"], post=cat, kind="support")
    post_create(
        author=p["olivier"],
        space=spaces["saintjean"],
        body=(
            f"Collecte des encombrants mardi prochain dans le quartier. @{p['camille'].handle}, tu voulais te "
            "débarrasser de ton vieux canapé : c'est le moment ! https://www.service-public.fr/particuliers/vosdroits/F1342"
        ),
    )
    post_create(
        author=p["emma"],
        space=spaces["allonne"],
        body="Bonjour ! Arrivée à Allonne le mois dernier avec mes deux enfants. Des conseils pour la cantine ?",
    )
    post_create(
        author=p["laura"],
        space=spaces["cm2"],
        body="Rappel : sortie au plan d'eau du Canada jeudi, prévoir casquette et pique-nique.",
        photos=[(picture("lake", "canada"), "Le plan d'eau du Canada bordé d'arbres")],
    )


def report_handled(*, people: dict, spaces: dict) -> None:
    """An advert in the neighbours' group: Camille reports it, the group's owner hides it and says why. The
    author receives the statement of reasons (and may contest it)."""
    advert = post_create(
        author=people["jordan"],
        space=spaces["saintjean"],
        body="Crédit rapide sans justificatif, réponse en 24 h ! Contactez-moi en privé pour un taux imbattable.",
    )
    report = report_create(
        reporter=people["camille"],
        kind="post",
        target_id=advert.pk,
        reason=ReportReason.SPAM,
        details="Publicité pour un crédit, sans rapport avec le quartier.",
    )
    decision_take(
        moderator=people["olivier"],
        report=report,
        action=Action.HIDE,
        reason=(
            "Publicité commerciale sans rapport avec la vie du quartier : la charte du groupe réserve ses messages "
            "à l'entraide entre voisins. Le message est masqué ; vous pouvez contester cette décision."
        ),
    )
