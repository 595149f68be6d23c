"""Neighbourhood life: the quartiers of Beauvais, the Tilleuls residence of a social landlord (its codes, the
residents who entered theirs, a pinned announcement), listings between neighbours (some done and thanked), and the
conversations Camille finds in her messages."""

from parvis.messaging.models import Conversation
from parvis.messaging.services import conversation_mark_read, conversation_start, message_send
from parvis.neighbours.models import AnnouncementCategory, Direction, ListingKind, Scope
from parvis.neighbours.services.listings import exchange_thank, listing_answer, listing_create, listing_mark_done
from parvis.neighbours.services.residences import (
    announcement_publish,
    quartier_create,
    residence_code_create,
    residence_code_redeem,
    residence_create,
)

from .pictures import picture

QUARTIERS = ("Saint-Jean", "Centre-ville", "Argentine", "Voisinlieu", "Notre-Dame-du-Thil")
# Residents of the Tilleuls who entered the code from their landlord's letter.
TILLEULS_RESIDENTS = ("camille", "maria", "olivier", "nicolas", "gerard", "paul")


def quartiers_create(*, people: dict, beauvais) -> dict:
    return {name: quartier_create(operator=people["operator"], commune=beauvais, name=name) for name in QUARTIERS}


def residences_create(*, people: dict, pages: dict, quartiers: dict, allonne):
    """The landlord's residence with a code per home (each resident redeemed theirs) and one for the hall notice,
    and the condo manager's copropriété in Allonne."""
    helene = people["helene"]
    tilleuls = residence_create(
        actor=helene,
        manager=pages["bailleur"],
        parent=quartiers["Saint-Jean"],
        name="Résidence Les Tilleuls",
        address="12 rue des Tilleuls, 60000 Beauvais",
        buildings=3,
        homes=84,
    )
    residence_code_create(actor=helene, residence=tilleuls, max_uses=84, valid_days=90)  # the notice in the hall
    for key in TILLEULS_RESIDENTS:
        code = residence_code_create(actor=helene, residence=tilleuls)  # the letter to one home
        residence_code_redeem(user=people[key], code=code.code)
        people[key].refresh_from_db()
    residence_code_create(actor=helene, residence=tilleuls)  # a letter still in a letterbox
    announcement_publish(
        actor=helene,
        residence=tilleuls,
        category=AnnouncementCategory.WORKS,
        body=(
            "**Remplacement de l'ascenseur du bâtiment B** du lundi 3 au vendredi 14 : l'ascenseur sera à l'arrêt. "
            "Les personnes qui ont du mal à monter les escaliers peuvent appeler l'agence au 03 44 00 77 00 : "
            "nous organisons le portage des courses avec l'association Coup de pouce."
        ),
    )
    clos = residence_create(
        actor=people["bruno"],
        manager=pages["syndic"],
        parent=allonne,
        name="Le Clos des Vignes",
        address="4 allée des Vignes, 60000 Allonne",
        buildings=2,
        homes=36,
    )
    residence_code_create(actor=people["bruno"], residence=clos, max_uses=36)
    return tilleuls


def listings_create(*, people: dict):
    """Open listings of every scope, and exchanges done with their thanks (the neighbours' figures count them).
    Returns Maria's answer to Camille's drill, whose conversation goes on in Camille's messages."""
    camille, maria, olivier = people["camille"], people["maria"], people["olivier"]
    drill = listing_create(
        author=camille,
        direction=Direction.OFFER,
        kind=ListingKind.LOAN,
        scope=Scope.RESIDENCE,
        title="Je prête ma perceuse-visseuse",
        description="Avec les forets béton et bois. À rendre dans la semaine, c'est tout !",
        availability="Le soir après 18 h, bâtiment A, 2e étage",
    )
    answer = listing_answer(
        user=maria, listing=drill, message="Bonjour Camille, je peux passer la prendre ce soir vers 19 h ?"
    )
    exchange = listing_mark_done(user=camille, listing=drill, partner_id=maria.pk)
    exchange_thank(user=maria, exchange=exchange, message="Merci Camille, les étagères tiennent enfin au mur !")
    exchange_thank(user=camille, exchange=exchange, message="Avec plaisir, rendue impeccable.")

    plants = listing_create(
        author=maria,
        direction=Direction.REQUEST,
        kind=ListingKind.SERVICE,
        scope=Scope.RESIDENCE,
        title="Arroser mes plantes pendant mes vacances",
        description=(
            "Deux semaines le mois prochain, deux fois par semaine. Je laisse la clé et un pot de confiture en échange."
        ),
        availability="Le mois prochain",
    )
    listing_answer(user=camille, listing=plants, message="Je ne pars pas le mois prochain, je peux m'en occuper.")

    shopping = listing_create(
        author=people["gerard"],
        direction=Direction.REQUEST,
        kind=ListingKind.ELDERLY_HELP,
        scope=Scope.QUARTIER,
        title="Courses pendant les travaux de l'ascenseur",
        description="J'habite au 4e et l'ascenseur est en travaux deux semaines : qui peut me monter mes courses ?",
        availability="Le mardi et le vendredi matin",
    )
    listing_answer(user=olivier, listing=shopping, message="Bonjour Gérard, je fais les miennes le mardi : je monte.")
    exchange = listing_mark_done(user=people["gerard"], listing=shopping, partner_id=olivier.pk)
    exchange_thank(user=people["gerard"], exchange=exchange, message="Merci Olivier, un voisin en or.")

    stroller = listing_create(
        author=people["paul"],
        direction=Direction.OFFER,
        kind=ListingKind.GIFT,
        scope=Scope.COMMUNE,
        title="Donne poussette en bon état",
        description="Poussette pliable, habillage pluie inclus. Notre fille marche : elle doit servir à d'autres.",
        photos=[(picture("street", "poussette"), "La rue des Tilleuls où récupérer la poussette")],
    )
    listing_answer(user=people["claire"], listing=stroller, message="Bonjour, elle m'intéresse beaucoup !")
    exchange = listing_mark_done(user=people["paul"], listing=stroller, partner_id=people["claire"].pk)
    exchange_thank(user=people["claire"], exchange=exchange, message="Merci Paul, mon fils l'adore déjà.")

    listing_create(
        author=people["aicha"],
        direction=Direction.OFFER,
        kind=ListingKind.CARPOOLING,
        scope=Scope.COMMUNE,
        title="Covoiturage Beauvais → Amiens en semaine",
        description="Départ 7 h 15 de la gare routière, retour vers 17 h 30. Participation aux frais : 4 €.",
        availability="Du lundi au vendredi",
    )
    listing_create(
        author=people["ines"],
        direction=Direction.OFFER,
        kind=ListingKind.SALE,
        scope=Scope.COMMUNE,
        title="Vélo enfant 16 pouces",
        description="Rouge, petites roues fournies, révisé chez Cycles du Thérain. Pour 4 à 6 ans.",
        price="25",
    )
    listing_create(
        author=people["claire"],
        direction=Direction.REQUEST,
        kind=ListingKind.CHILDCARE,
        scope=Scope.COMMUNE,
        title="Garde de mon fils le mercredi après-midi",
        description="Il a 7 ans, calme, adore les jeux de société. De 13 h 30 à 18 h, rémunéré.",
        availability="Les mercredis, dès la rentrée",
    )
    return answer
    listing_create(
        author=olivier,
        direction=Direction.OFFER,
        kind=ListingKind.SERVICE,
        scope=Scope.QUARTIER,
        title="Petits travaux : étagères, tringles, joints",
        description="Retraité bricoleur, je rends service gratuitement aux voisins du quartier.",
    )


def conversations_create(*, people: dict, drill_answer) -> None:
    """Camille's messages: answers to her listings (opened by the listings above), a neighbour, a group of parents
    with new messages she has not read yet."""
    camille, maria = people["camille"], people["maria"]
    # The conversation opened by Maria's answer about the drill goes on, and Camille has read it.
    drill = Conversation.objects.get(pk=drill_answer.conversation_id)
    message_send(sender=camille, conversation=drill, body="Bien sûr, je suis là à partir de 18 h 30.")
    message_send(sender=maria, conversation=drill, body="Je te la rapporte demain matin, merci encore !")
    message_send(sender=camille, conversation=drill, body="Pas de souci, laisse-la devant ma porte si je suis sortie.")
    conversation_start(
        initiator=people["nicolas"],
        participants=[camille],
        subject="Colis",
        first_message="Bonsoir, j'ai récupéré un colis à votre nom chez le gardien. Je vous le dépose quand ?",
    )
    parents = conversation_start(
        initiator=people["laura"],
        participants=[camille, people["rachid"], people["ines"]],
        subject="Sortie au plan d'eau du Canada",
        first_message="Bonjour à toutes et à tous ! Mme Roussel cherche deux parents pour accompagner jeudi.",
    )
    message_send(sender=people["rachid"], conversation=parents, body="Je peux le matin, pas l'après-midi.")
    conversation_mark_read(user=camille, conversation=drill)
    message_send(sender=people["ines"], conversation=parents, body="Moi toute la journée. Camille, tu viens aussi ?")
