"""The authorities' news: a few inhabitants chose themes (two said yes to e-mails), the Oise tells the whole
département of roadworks and of its youth pass, and Beauvais tells Saint-Jean of a water cut."""

from parvis.bulletins.services import bulletin_send, themes_set

THEMES = {
    "camille": (["culture", "environnement"], True),
    "maria": (["culture", "social"], True),
    "gerard": (["travaux", "transports"], False),
    "ines": (["jeunesse", "sport"], False),
    "zoe": (["jeunesse", "culture"], False),
    "olivier": (["travaux"], False),
}


def bulletins_create(*, people: dict, officials: dict, quartiers: dict) -> None:
    for key, (themes, email) in THEMES.items():
        themes_set(person=people[key], themes=themes, email=email)
    oise, beauvais = officials["oise"], officials["beauvais"]
    bulletin_send(
        actor=people["agent"],
        space=oise,
        title="RD 1001 : travaux de nuit entre Beauvais et Noailles",
        text="Du 2 au 13 décembre, la route départementale 1001 est fermée de 21 h à 6 h entre Beauvais et "
        "Noailles pour la réfection de la chaussée. Une déviation est indiquée par Villers-Saint-Sépulcre.",
        link="https://www.oise.fr/",
        territory_id=oise.territory_id,
        themes=["travaux", "transports"],
    )
    bulletin_send(
        actor=people["agent"],
        space=oise,
        title="Pass Jeunes Oise : les inscriptions sont ouvertes",
        text="Vous avez entre 11 et 18 ans ? Le Pass Jeunes vous aide à payer une licence sportive ou une "
        "activité culturelle. Inscription en ligne jusqu'au 31 janvier.",
        territory_id=oise.territory_id,
        themes=["jeunesse", "sport", "culture"],
    )
    bulletin_send(
        actor=people["yasmine"],
        space=beauvais,
        title="Saint-Jean : coupure d'eau mardi matin",
        text="Mardi de 8 h à 12 h, l'eau sera coupée rue des Tilleuls et rue de Gascogne pour le remplacement "
        "d'une canalisation. Pensez à faire des réserves.",
        public=False,
        territory_id=quartiers["Saint-Jean"].pk,
    )
