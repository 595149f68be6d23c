"""The people of the demo: invented, with names as diverse as the Beauvaisis's, each with a commune and a part in
the story. Every address ends in @demo.parvis.test, a domain that cannot receive mail."""

from django.contrib.auth.hashers import make_password

from parvis.accounts.models import ProfileVisibility, User
from parvis.accounts.services import user_handle_assign

DEMO_DOMAIN = "demo.parvis.test"
DEMO_PASSWORD = "parvis-demo-2026"  # noqa: S105 - documented demo password
INHABITANT_EMAIL = f"habitant@{DEMO_DOMAIN}"
AGENT_EMAIL = f"agent@{DEMO_DOMAIN}"
OPERATOR_EMAIL = f"operateur@{DEMO_DOMAIN}"
# The operator's TOTP secret, so that a demo operator can sign in with a code (never do this outside a demo).
OPERATOR_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - documented demo secret

# key: (first name, last name, INSEE code of the home commune, presentation). The key names the person in the story.
PEOPLE = {
    "camille": ("Camille", "Martin", "60057", "Maman de Léo (CM2), au jardin partagé le samedi matin."),
    "agent": ("Dominique", "Lefèvre", "60057", "Chargée de communication, Département de l'Oise."),
    "operator": ("Alex", "Moreau", "60057", "Équipe Parvis du Département."),
    "yasmine": ("Yasmine", "Haddou", "60057", "Chargée de communication, Ville de Beauvais."),
    "nadia": ("Nadia", "Benali", "60057", "Présidente des Jardins partagés de Voisinlieu."),
    "thomas": ("Thomas", "Durand", "60057", "Éducateur U11 à l'AS Saint-Jean."),
    "fatoumata": ("Fatoumata", "Diallo", "60057", "Bénévole à l'aide aux devoirs depuis 2019."),
    "jeanpierre": ("Jean-Pierre", "Lemaire", "60639", "Retraité, randonneur, toujours partant pour baliser."),
    "sophie": ("Sophie", "Nguyen", "60057", "Programmatrice du Théâtre du Franc-Marché."),
    "marc": ("Marc", "Dubois", "60057", "Boulanger, rue de la Madeleine."),
    "elodie": ("Élodie", "Caron", "60057", "Libraire, lectrice de polars et de BD."),
    "karim": ("Karim", "Haddad", "60057", "Réparateur de vélos, ancien coursier."),
    "ahmed": ("Ahmed", "Mansouri", "60057", "Directeur de l'école élémentaire Jean-Moulin."),
    "sylvie": ("Sylvie", "Roussel", "60057", "Professeure des écoles, CM2 B."),
    "laura": ("Laura", "Petit", "60057", "Parent d'élève, déléguée de la classe de CM2 B."),
    "helene": ("Hélène", "Fournier", "60057", "Chargée de clientèle chez Habitat du Beauvaisis."),
    "bruno": ("Bruno", "Leroy", "60009", "Gestionnaire de copropriétés."),
    "julien": ("Julien", "Morel", "60009", "Trésorier du comité des fêtes d'Allonne."),
    "chantal": ("Chantal", "Vasseur", "60639", "Responsable bénévole de la bibliothèque de Tillé."),
    "maria": ("Maria", "Da Silva", "60057", "Voisine du bâtiment B, aux Tilleuls."),
    "olivier": ("Olivier", "Bertrand", "60057", "Aux Tilleuls depuis vingt ans, bricoleur."),
    "aicha": ("Aïcha", "Traoré", "60057", "Infirmière à Amiens, je fais la route tous les jours."),
    "gerard": ("Gérard", "Poulain", "60057", "Ancien cheminot, 84 ans, né à Saint-Jean."),
    "paul": ("Paul", "Lambert", "60057", "Jeune papa, quartier Saint-Jean."),
    "ines": ("Inès", "Boucher", "60057", "Deux enfants, un chat, beaucoup de vélos."),
    "claire": ("Claire", "Mercier", "60057", "Maman solo, cherche des solutions de garde."),
    "mehdi": ("Mehdi", "Cherif", "60057", "Arbitre le dimanche, développeur en semaine."),
    "annesophie": ("Anne-Sophie", "Legrand", "60277", "Conseillère municipale de Goincourt."),
    "patrick": ("Patrick", "Delattre", "60009", "Maire adjoint d'Allonne, chargé des associations."),
    "mathilde": ("Mathilde", "Coulon", "60057", "Étudiante à l'IUT, bénévole au théâtre."),
    "samuel": ("Samuel", "Kowalski", "60029", "Maraîcher bio à Auneuil, au marché le samedi."),
    "nicolas": ("Nicolas", "Hamel", "60057", "Voisin du bâtiment A, aux Tilleuls."),
    "zoe": ("Zoé", "Lenglet", "60639", "Lectrice assidue, maman de jumeaux."),
    "rachid": ("Rachid", "Amrani", "60057", "Parent d'élève à Jean-Moulin."),
    "monique": ("Monique", "Deneux", "60057", "Chorale, tricot et jardin."),
    "theo": ("Théo", "Bourgeois", "60057", "Lycéen, gardien de but en U17."),
    "emma": ("Emma", "Vidal", "60009", "Nouvelle à Allonne, je découvre le coin."),
    "yannick": ("Yannick", "Le Goff", "60057", "Breton exilé dans l'Oise, amateur de randonnée."),
    "jordan": ("Jordan", "Leclerc", "60057", ""),
}
PRIVATE_PROFILES = ("gerard", "jordan", "claire")
# Open to everyone: people mentioned in public groups (a mention links to the profile, which visitors then open).
PUBLIC_PROFILES = ("camille", "agent", "yasmine", "nadia", "sophie", "marc", "elodie")
ACCOUNT_EMAILS = {"camille": INHABITANT_EMAIL, "agent": AGENT_EMAIL, "operator": OPERATOR_EMAIL}


def email_of(key: str) -> str:
    if key in ACCOUNT_EMAILS:
        return ACCOUNT_EMAILS[key]
    first, last, _commune, _bio = PEOPLE[key]
    return f"{key}.{last.lower().replace(' ', '')}@{DEMO_DOMAIN}"


def people_create(communes: dict) -> dict[str, User]:
    """The accounts, as signing up and confirming the address would leave them (allauth's sign-up is a view, not a
    service to call): one password hash for all, checked addresses, a handle each. The operator gets a second
    factor, as the operator's pages require."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    password = make_password(DEMO_PASSWORD)
    rows = []
    for key, (first, last, commune_code, bio) in PEOPLE.items():
        rows.append(
            User(
                email=email_of(key),
                password=password,
                display_name=f"{first} {last}",
                bio=bio,
                home_commune=communes[commune_code],
                language="fr",
                # Most people show their profile to their commune; a few to the people they share a group with.
                profile_visibility=(
                    ProfileVisibility.CONTACTS
                    if key in PRIVATE_PROFILES
                    else ProfileVisibility.EVERYONE
                    if key in PUBLIC_PROFILES
                    else ProfileVisibility.COMMUNE
                ),
                is_staff=key == "operator",
                is_superuser=key == "operator",
            )
        )
    User.objects.bulk_create(rows)
    by_email = {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    people = {key: by_email[email_of(key)] for key in PEOPLE}
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in people.values()]
    )
    for user in people.values():
        user_handle_assign(user=user)
    Authenticator.objects.create(
        user=people["operator"], type=Authenticator.Type.TOTP, data={"secret": encrypt(OPERATOR_TOTP_SECRET)}
    )
    return people
