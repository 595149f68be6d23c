"""The design system seen from a page: generated avatars and covers, the style guide, the installable app's
manifest, and the shared frame (one-line header, places, menu without JavaScript)."""

import json
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from parvis.core.templatetags.parvis_ui import hue, initials

COMPONENTS = (
    "card",
    "post_card",
    "event_card",
    "space_card",
    "person_chip",
    "nature_badge",
    "space_chip",
    "button",
    "field",
    "error_summary",
    "tabs",
    "empty_state",
    "pagination",
    "messages",
    "dialog",
    "breadcrumb",
    "where",
)


def render(source: str, **context) -> str:
    return Template("{% load parvis_ui %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Camille Martin", "CM"),
        ("élise de la Tour", "ÉT"),
        ("Les Amis du Lavoir", "AL"),
        ("Inhabitant #304", "I"),
        ("", "?"),
        ("🙂 ⚽", "?"),
    ],
)
def test_initials_take_the_letters_of_the_meaningful_words(name, expected):
    assert initials(name) == expected


def test_a_person_without_a_photo_gets_initials_on_the_colour_of_their_id():
    camille = SimpleNamespace(pk=304, public_name="Camille Martin", avatar=None)
    html = render("{% avatar person size=48 %}", person=camille)
    assert f"avatar--{hue(304)}" in html and "avatar--s48" in html and ">CM<" in html
    # Decorative beside the written name: screen readers do not spell "C M".
    assert 'aria-hidden="true"' in html
    assert render("{% avatar person %}", person=camille) == render("{% avatar person %}", person=camille)
    assert len({hue(pk) for pk in range(1, 40)}) == 8, "ids should spread over the eight colours"


def test_an_avatar_standing_alone_is_named_and_a_hostile_name_is_escaped():
    person = SimpleNamespace(pk=1, public_name='<script>alert("x")</script>', avatar=None)
    html = render("{% avatar person label=person.public_name %}", person=person)
    assert "<script>" not in html and 'role="img"' in html and "&lt;script&gt;" in html


def test_a_person_with_a_photo_shows_it():
    photo = SimpleNamespace(url="/media/avatars/camille.jpg")
    html = render("{% avatar person size=40 %}", person=SimpleNamespace(pk=1, public_name="Camille", avatar=photo))
    assert '<img class="avatar avatar--s40" src="/media/avatars/camille.jpg" alt=""' in html


def test_a_generated_cover_carries_the_nature_and_initials_and_a_real_one_its_alternative():
    html = render('{% cover name="Les Amis du Lavoir" nature="associatif" seed=7 %}')
    assert "cover--associatif" in html and ">AL</text>" in html and "<svg" in html and "<img" not in html
    html = render('{% cover name="x" nature="<b>" seed=1 src="/f/1/" alt="La fête" %}')
    assert "cover--professionnel" in html and 'src="/f/1/"' in html and 'alt="La fête"' in html


def test_every_component_has_a_comment_saying_its_parameters():
    from django.template.loader import get_template

    for name in COMPONENTS:
        source = get_template(f"components/{name}.html").template.source
        assert "{% comment %}" in source and "Parameters" in source, name


def test_the_style_guide_shows_every_component_in_development(client, settings, db):
    settings.PARVIS_STYLE_GUIDE = True
    response = client.get("/style/")
    assert response.status_code == 200
    used = {template.name for template in response.templates}
    missing = [name for name in COMPONENTS if f"components/{name}.html" not in used]
    assert not missing, f"not shown in the style guide: {missing}"


def test_the_style_guide_is_not_served_in_production(client, settings, db):
    settings.PARVIS_STYLE_GUIDE = False
    assert client.get("/style/").status_code == 404


def test_the_manifest_lets_a_phone_install_the_site(client, settings, db):
    settings.PARVIS_SITE_NAME = "Oise en commun"
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Oise en commun" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone" and manifest["theme_color"].startswith("#")
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    home = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in home and 'rel="icon"' in home


def test_the_header_keeps_the_places_and_the_rest_in_a_menu_that_needs_no_javascript(client, inhabitant, db):
    anonymous = client.get("/").content.decode()
    assert '<ul class="places">' in anonymous and '<details class="more">' in anonymous
    assert "Se connecter" in anonymous.split('<ul class="places">')[1].split("</ul>")[0]
    client.force_login(inhabitant)
    page = client.get("/agenda/").content.decode()
    places = page.split('<ul class="places">')[1].split("</ul>")[0]
    for word in ("Accueil", "Agenda", "Voisins", "Messages", "Moi"):
        assert f"<span>{word}</span>" in places, word
    assert re.search(r'<a href="/agenda/" aria-current="page">', places)
    menu = page.split('<details class="more">')[1].split("</details>")[0]
    assert "Se déconnecter" in menu and "Mon fil" in menu


def test_a_button_that_reads_as_a_link_is_never_white_on_white():
    """The post's "Supprimer" was a <button class="link-button">: the buttons' white text on no background."""
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "parvis/static/parvis/parvis.css").read_text()
    rule = re.search(r"\.link-button, button\.link-button \{([^}]*)\}", css)
    assert rule and "color: var(--c-link)" in rule.group(1) and "background: none" in rule.group(1)
