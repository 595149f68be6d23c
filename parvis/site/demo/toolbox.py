"""The groups' toolboxes and the directory's recommendations: the Tilleuls' kitchen garden has its rules, a question
for whoever asks to join (Nicolas answered it), and its watering rota in two versions; the Saint-Jean neighbours pin
their useful posts on top; Camille keeps one for later; neighbours recommend the baker, the bookshop and the bike
repairer."""

from django.core.files.uploadedfile import SimpleUploadedFile

from parvis.directory.services import recommendation_create
from parvis.posts.models import Post
from parvis.posts.services import post_create
from parvis.spaces.services.memberships import space_join, space_rules_set
from parvis.toolbox.services import file_upload, file_version_add, post_pin, post_save_for_later


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines of text (Helvetica, Latin-1): small, valid, readable in any viewer."""
    text = "BT /F1 14 Tf 60 780 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines
    )
    stream = text.encode("latin-1") + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def rules_create(*, people: dict, groups: dict) -> None:
    """The kitchen garden's rules and question, then Nicolas's request to join, answered (waiting for Camille)."""
    space_rules_set(
        actor=people["camille"],
        space=groups["potager"],
        rules=(
            "On arrose à tour de rôle, selon le planning des fichiers du groupe.\n"
            "Pas de produits chimiques dans les bacs.\n"
            "Ce qui pousse dans les bacs communs se partage entre toutes et tous."
        ),
        questions=["Dans quel bâtiment des Tilleuls habitez-vous ?"],
    )
    space_rules_set(
        actor=people["olivier"],
        space=groups["saintjean"],
        rules="Bienveillance entre voisins. Pas de publicité ni de démarchage. Les objets trouvés sont rendus.",
        questions=[],
    )
    space_join(
        space=groups["potager"],
        user=people["nicolas"],
        answers=["Bâtiment B, au 3e : je vois les bacs de ma fenêtre !"],
        accept_rules=True,
    )


def toolbox_create(*, people: dict, spaces: dict) -> None:
    camille = people["camille"]
    # The garden's first post, pinned on top: what every newcomer to the bacs should read.
    welcome = post_create(
        author=camille,
        space=spaces["potager"],
        body=(
            "Bienvenue au potager ! Les outils sont dans le local vélos (code chez Maria). Le planning d'arrosage est "
            "dans les fichiers du groupe : inscrivez-vous sur un jour libre."
        ),
    )
    post_pin(actor=camille, post=welcome)
    rota = file_upload(
        actor=camille,
        space=spaces["potager"],
        upload=SimpleUploadedFile(
            "planning-arrosage.pdf",
            _pdf(
                [
                    "Planning d'arrosage - Potager des Tilleuls",
                    "Lundi : Maria",
                    "Mercredi : Monique",
                    "Samedi : Camille",
                ]
            ),
        ),
        title="Planning d'arrosage",
    )
    file_version_add(
        actor=camille,
        group_file=rota,
        upload=SimpleUploadedFile(
            "planning-arrosage-juin.pdf",
            _pdf(
                [
                    "Planning d'arrosage - Potager des Tilleuls (juin)",
                    "Lundi : Maria",
                    "Mercredi : Monique",
                    "Vendredi : Nicolas",
                    "Samedi : Camille",
                ]
            ),
        ),
    )
    file_upload(
        actor=people["maria"],
        space=spaces["potager"],
        upload=SimpleUploadedFile(
            "semis.pdf", _pdf(["Calendrier des semis", "Mars : radis, salades", "Mai : tomates, courgettes"])
        ),
        title="Calendrier des semis",
    )
    # The Saint-Jean group pins the bulky waste collection and the lost cat on top of its posts.
    for post in Post.objects.published().filter(space=spaces["saintjean"]).order_by("created_at")[:2]:
        post_pin(actor=people["olivier"], post=post)
    kept = Post.objects.published().filter(space=spaces["saintjean"], author=people["olivier"]).first()
    if kept is not None:
        post_save_for_later(user=camille, post=kept)


RECOMMENDATIONS = {
    "boulangerie": [
        ("camille", "Le pain au levain tient trois jours et Jeanne met toujours une baguette de côté si on appelle."),
        ("maria", "Les galettes de janvier sont les meilleures du quartier. Accueil adorable."),
        ("gerard", "Ouvert tôt le dimanche, pratique avant le marché."),
    ],
    "librairie": [
        ("ines", "Élodie conseille très bien pour les enfants, et commande en 48 h comme promis."),
        ("paul", "Les rencontres d'auteurs du samedi valent le détour."),
    ],
    "cycles": [
        ("rachid", "Karim a remis en état le vélo de ma fille pour un prix honnête, en expliquant tout."),
    ],
}


def recommendations_create(*, people: dict, pages: dict) -> None:
    for page, items in RECOMMENDATIONS.items():
        for name, text in items:
            recommendation_create(author=people[name], space=pages[page], text=text)
