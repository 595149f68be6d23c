"""The legal pages: reachable from every page's footer, answered in French and English, filled from the operator's
settings, and replaced by the operator's own text written in the administration."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import checks as django_checks
from django.utils import translation
from django.utils.html import escape

from parvis.core import personal_data
from parvis.legal.checks import REQUIRED, legal_settings_given
from parvis.legal.models import LegalPage, LegalText
from tests.conftest import staff_client

PAGES = {
    "notice": "/mentions-legales/",
    "privacy": "/confidentialite/",
    "accessibility": "/accessibilite/",
    "terms": "/conditions-d-utilisation/",
    "contact": "/contact/",
    "source": "/code-source/",
}
TITLES = {
    "fr": ["Mentions légales", "Politique de confidentialité", "Déclaration d'accessibilité",
           "Conditions d'utilisation", "Contact", "Code source"],
    "en": ["Legal notice", "Privacy notice", "Accessibility statement", "Terms of use", "Contact", "Source code"],
}  # fmt: skip

OPERATOR = {
    "PARVIS_OPERATOR_NAME": "Département de l'Oise",
    "PARVIS_OPERATOR_ADDRESS": "1 rue Cambry, 60000 Beauvais",
    "PARVIS_OPERATOR_EMAIL": "parvis@oise.example",
    "PARVIS_OPERATOR_PHONE": "03 44 06 60 60",
    "PARVIS_PUBLICATION_DIRECTOR": "Nadège Lefebvre, présidente",
    "PARVIS_HOST_NAME": "Hébergeur Exemple SAS",
    "PARVIS_HOST_ADDRESS": "2 rue Kellermann, 59100 Roubaix",
    "PARVIS_HOST_PHONE": "09 72 10 10 07",
    "PARVIS_DPO_CONTACT": "dpo@oise.example",
}


@pytest.fixture
def operator_settings(settings, db):
    for name, value in OPERATOR.items():
        setattr(settings, name, value)
    return settings


def _page(client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, (path, language)
    return response.content.decode()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_legal_page_answers_in_french_and_english(client, db, language):
    for path, title in zip(PAGES.values(), TITLES[language], strict=True):
        page = _page(client, path, language)
        assert f'<html lang="{language}"' in page
        assert f'<h1 id="legal-title">{title}</h1>' in page, (path, language)


def test_the_legal_notice_names_the_publisher_the_director_and_the_host(client, operator_settings):
    page = _page(client, PAGES["notice"], "fr")
    for name in ("PARVIS_OPERATOR_NAME", "PARVIS_PUBLICATION_DIRECTOR", "PARVIS_HOST_NAME", "PARVIS_HOST_PHONE"):
        assert OPERATOR[name].replace("'", "&#x27;") in page, name
    assert "2 rue Kellermann, 59100 Roubaix" in page
    assert "à compléter" not in page


def test_a_missing_setting_says_it_is_to_be_completed(client, db, settings):
    settings.PARVIS_HOST_NAME = ""
    assert "Hébergeur" in (page := _page(client, PAGES["notice"], "fr")) and "à compléter par l" in page
    assert "to be completed by the operator" in _page(client, PAGES["notice"], "en")


def test_the_privacy_notice_is_written_from_the_register(client, operator_settings):
    page = _page(client, PAGES["privacy"], "fr")
    with translation.override("fr"):
        for entry in personal_data.entries():
            assert str(entry.data)[1:].replace("'", "&#x27;") in page, entry.data
        assert all(escape(str(section.heading)) in page for section in personal_data.sections() if section.entries)
    assert "dpo@oise.example" in page
    assert "CNIL" in page and "www.cnil.fr/fr/plaintes" in page
    # A département acts under its public-interest task, not under terms of use.
    assert "mission d&#x27;intérêt public" in page


def test_the_privacy_notice_follows_the_retention_the_operator_sets(client, db, settings):
    settings.PARVIS_RETENTION_NOTIFICATIONS_DAYS = 45
    assert "45 jours" in _page(client, PAGES["privacy"], "fr")


def test_a_private_operator_relies_on_the_terms_of_use(client, db, settings):
    settings.PARVIS_OPERATOR_PUBLIC_BODY = False
    page = _page(client, PAGES["privacy"], "fr")
    assert "conditions d&#x27;utilisation que vous acceptez" in page
    assert "mission d&#x27;intérêt public" not in page


@pytest.mark.parametrize(
    ("status", "french", "english"),
    [
        ("non", "non conforme", "not compliant"),
        ("partial", "partiellement conforme", "partially compliant"),
        ("full", "totalement conforme", "fully compliant"),
        ("nonsense", "non conforme", "not compliant"),  # the only safe claim for a value the RGAA does not know
    ],
)
def test_the_accessibility_statement_gives_the_status_in_the_rgaa_words(client, db, settings, status, french, english):
    settings.PARVIS_ACCESSIBILITY_STATUS = status
    assert f"<strong>{french}</strong>" in _page(client, PAGES["accessibility"], "fr")
    assert f"<strong>{english}</strong>" in _page(client, PAGES["accessibility"], "en")
    # Every page says it in its footer, as the RGAA asks.
    assert f"Accessibilité : {french}" in _page(client, "/", "fr")


def test_the_accessibility_statement_gives_the_audit_the_tests_and_the_recourse(client, operator_settings):
    operator_settings.PARVIS_ACCESSIBILITY_AUDIT_DATE = "2026-10-12"
    operator_settings.PARVIS_ACCESSIBILITY_RATE = "84"
    page = _page(client, PAGES["accessibility"], "fr")
    assert "12 octobre 2026" in page and "84 %" in page
    assert "axe-core" in page
    assert "Défenseur des droits" in page and "Libre réponse 71120" in page
    assert "parvis@oise.example" in page


def test_a_mistyped_audit_date_reads_as_not_given(client, db, settings):
    settings.PARVIS_ACCESSIBILITY_AUDIT_DATE = "12/10/2026"
    page = _page(client, PAGES["accessibility"], "fr")
    assert "Date du dernier audit" in page and "à compléter" in page


def test_the_operators_text_replaces_the_default(client, operator_settings):
    body = "# Article premier\n\nLe service est gratuit.\n\n## Accès\n\nOuvert à toutes et tous."
    LegalText.objects.create(page=LegalPage.TERMS, language="fr", body=body)
    page = _page(client, PAGES["terms"], "fr")
    # The page keeps one level-1 title: the operator's "#" is a section under it.
    assert "<h2>Article premier</h2>" in page and "<h2>Accès</h2>" in page and "Le service est gratuit." in page
    assert "1. Objet" not in page
    # No English text written: the French one stands, marked as French for screen readers.
    english = _page(client, PAGES["terms"], "en")
    assert 'lang="fr"' in english and "Le service est gratuit." in english and "1. Purpose" not in english


def test_the_operators_text_keeps_the_register_and_the_rights_on_the_privacy_notice(client, db):
    LegalText.objects.create(page=LegalPage.PRIVACY, language="fr", body="Notre engagement pour vos données.")
    page = _page(client, PAGES["privacy"], "fr")
    assert "Notre engagement pour vos données." in page
    assert "Ce que nous conservons" in page and "Vos droits" in page and "CNIL" in page


def test_the_operators_text_cannot_run_scripts(client, db):
    LegalText.objects.create(
        page=LegalPage.CONTACT, language="fr", body="<script>alert(1)</script>\n\n[x](javascript:alert(1)) Écrivez-nous"
    )
    page = _page(client, PAGES["contact"], "fr")
    assert "Écrivez-nous" in page
    assert "<script>alert" not in page and 'href="javascript:' not in page


def test_the_operator_edits_a_legal_text_in_the_administration(client, operator):
    # The administration asks for the model's permissions, as for every model the operator's staff edit.
    operator.user_permissions.add(*Permission.objects.filter(content_type__app_label="legal"))
    staff = staff_client(client, operator)
    response = staff.post(
        "/admin/legal/legaltext/add/", {"page": LegalPage.CONTACT, "language": "fr", "body": "Mairie ouverte le lundi."}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Mairie ouverte le lundi." in _page(client, PAGES["contact"], "fr")


FOOTER_LINKS = ["/mentions-legales/", "/confidentialite/", "/accessibilite/", "/conditions-d-utilisation/", "/charte/",
                "/contact/", "/code-source/"]  # fmt: skip


def _footer(page: str) -> str:
    match = re.search(r'<footer class="site-footer">(.*?)</footer>', page, re.S)
    assert match, "no footer"
    return match.group(1)


@pytest.mark.parametrize("path", ["/", "/agenda/", "/charte/", "/accounts/login/", "/recherche/", "/page-absente/"])
def test_the_footer_links_every_legal_page(client, db, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    footer = _footer(response.content.decode())
    for link in FOOTER_LINKS:
        assert f'href="{link}"' in footer, (path, link)
    assert "Parvis fonctionne avec Parvis" not in footer
    assert "Réalisé avec Parvis, logiciel libre sous licence AGPL." in footer


def test_signed_in_pages_have_the_footer_too(signed_in):
    footer = _footer(signed_in.get("/profil/", HTTP_ACCEPT_LANGUAGE="fr").content.decode())
    assert 'href="/mentions-legales/"' in footer


def test_the_source_code_link_goes_to_the_operators_repository(client, db, settings):
    settings.PARVIS_SOURCE_URL = "https://forge.example.fr/oise/parvis"
    assert 'href="https://forge.example.fr/oise/parvis"' in _footer(_page(client, "/", "fr"))
    assert 'href="https://forge.example.fr/oise/parvis"' in _page(client, PAGES["source"], "fr")


def test_without_a_repository_the_source_page_gives_the_licence_and_asks_for_it(client, db, settings):
    settings.PARVIS_SOURCE_URL = ""
    page = _page(client, PAGES["source"], "fr")
    assert "AGPL-3.0-or-later" in page and "page de contact" in page


def test_the_deploy_check_warns_while_a_legal_detail_is_missing(operator_settings):
    operator_settings.PARVIS_SOURCE_URL = "https://forge.example.fr/oise/parvis"
    assert legal_settings_given() == []
    operator_settings.PARVIS_HOST_PHONE = ""
    warnings = legal_settings_given()
    assert [warning.id for warning in warnings] == ["parvis.legal.W001"]
    assert "PARVIS_HOST_PHONE" in warnings[0].msg and warnings[0].level == django_checks.WARNING
    assert "PARVIS_HOST_PHONE" in REQUIRED


def test_the_operators_record_stands_over_the_settings_and_an_empty_field_falls_back(client, operator_settings):
    from parvis.legal.services import operator_details_update

    operator_details_update(name="Commune de Tillé", host_phone="")
    page = _page(client, PAGES["notice"], "fr")
    assert "Commune de Tillé" in page and "Département de l&#x27;Oise" not in page
    assert OPERATOR["PARVIS_HOST_PHONE"] in page  # left empty in the record: the setting's
    operator_settings.PARVIS_HOST_NAME = ""
    operator_details_update(host_name="Nuage Exemple SAS")
    assert "Nuage Exemple SAS" in _page(client, PAGES["notice"], "fr")
    # The check reads the record too: a detail written in the administration is not reported missing.
    operator_settings.PARVIS_SOURCE_URL = "https://forge.example.fr/oise/parvis"
    assert legal_settings_given() == []


def test_a_bad_detail_is_refused_with_a_sentence_and_nothing_saved(db):
    from django.core.exceptions import ValidationError

    from parvis.legal.models import OperatorDetails
    from parvis.legal.services import operator_details_update

    operator_details_update(name="Département de l'Oise")
    with pytest.raises(ValidationError) as refused:
        operator_details_update(name="Autre", email="pas une adresse", accessibility_rate="deux cents")
    assert set(refused.value.message_dict) == {"email", "accessibility_rate"}
    assert OperatorDetails.objects.get().name == "Département de l'Oise"


def test_the_operator_edits_the_publisher_and_host_in_the_administration(client, operator, settings):
    settings.PARVIS_OPERATOR_NAME = ""
    operator.user_permissions.add(*Permission.objects.filter(content_type__app_label="legal"))
    staff = staff_client(client, operator)
    listing = staff.get("/admin/legal/operatordetails/")
    assert listing.status_code == 302 and listing["Location"].endswith("/admin/legal/operatordetails/add/")
    response = staff.post(
        "/admin/legal/operatordetails/add/",
        {"name": "Commune d'Allonne", "address": "", "email": "mairie@allonne.example.org", "phone": "",
         "identifier": "", "director": "Le maire d'Allonne", "host_name": "", "host_address": "", "host_phone": "",
         "dpo": "", "accessibility_audit_date": "", "accessibility_rate": ""},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert staff.get("/admin/legal/operatordetails/")["Location"].endswith("/admin/legal/operatordetails/1/change/")
    assert staff.get("/admin/legal/operatordetails/add/").status_code == 403  # one record, never a second
    page = _page(client, PAGES["notice"], "fr")
    assert "Commune d&#x27;Allonne" in page and "Le maire d&#x27;Allonne" in page


def test_the_privacy_notice_opens_with_a_table_of_contents_whose_links_all_land(client, db):
    page = _page(client, PAGES["privacy"], "fr")
    toc = re.search(r'<nav class="legal-toc".*?</nav>', page, re.S).group(0)
    targets = re.findall(r'href="#([\w-]+)"', toc)
    assert "Sur cette page" in toc and {"about", "register", "rights"} <= set(targets)
    for target in targets:
        assert f'id="{target}"' in page, target
    # It comes before the notice itself.
    assert page.index("legal-toc") < page.index('id="register"')


def test_the_register_is_grouped_by_purpose_and_each_apps_list_is_folded(client, db):
    from parvis.legal.statement import PURPOSES

    page = _page(client, PAGES["privacy"], "fr")
    for key, _heading, _members in PURPOSES:
        assert re.search(rf'<h3 id="purpose-{key}">[^<]+</h3>', page), key
    assert "Vous et votre compte" in page and "Sécurité, modération et obligations légales" in page
    sections = [section for section in personal_data.sections() if section.entries]
    folded = re.findall(r'<details class="legal-register" id="register-([\w-]+)">\s*<summary>', page)
    assert sorted(folded) == sorted(section.key for section in sections)
    # Folded, never open at first: the page reads as its headings; a person opens what they look for.
    assert "<details open" not in page
    # Every line stays on the page (inside its fold), and the page says how to open them.
    assert page.count('class="legal-register__line"') == len(personal_data.entries())
    assert "Ouvrez une partie" in page and "legal-notice.js" in page


def test_a_section_of_an_app_named_in_no_purpose_still_shows_under_everything_else(client, db):
    from parvis.legal import statement

    purposes = statement.privacy_purposes()
    shown = {section.key for purpose in purposes for section in purpose.sections}
    assert shown == {section.key for section in personal_data.sections() if section.entries}
    original = statement.PURPOSES
    try:
        statement.PURPOSES = tuple(p for p in original if p[0] != "neighbours")
        regrouped = statement.privacy_purposes()
        assert regrouped[-1].key == "other"
        assert {section.key for section in regrouped[-1].sections} >= {"neighbours", "messaging"}
    finally:
        statement.PURPOSES = original
