from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BODY_MAX_LENGTH = 30_000


class LegalPage(models.TextChoices):
    NOTICE = "notice", _("Legal notice")
    PRIVACY = "privacy", _("Privacy notice")
    ACCESSIBILITY = "accessibility", _("Accessibility statement")
    TERMS = "terms", _("Terms of use")
    CONTACT = "contact", _("Contact")


class LegalTextQuerySet(models.QuerySet):
    def for_page(self, page: str, language: str) -> "LegalText | None":
        """The operator's text in the reader's language, else in the instance's (French): a legal text the operator
        wrote in French stands over a default that could say otherwise."""
        languages = {language, settings.LANGUAGE_CODE}
        found = {text.language: text for text in self.filter(page=page, language__in=languages)}
        return found.get(language) or found.get(settings.LANGUAGE_CODE)


class LegalText(models.Model):
    """The operator's own text of a legal page in one language, written in the administration (Markdown). It takes
    the place of the page's default text, which is filled from the settings; the privacy notice keeps the table of
    the register of personal data under it, and the accessibility statement its status and recourse."""

    page = models.CharField(_("page"), max_length=20, choices=LegalPage.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(
        _("text"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Markdown: ## for a heading, a blank line between paragraphs, - for a list."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="legal_text_one_per_page_language")]

    def __str__(self) -> str:
        return f"{self.get_page_display()} ({self.language})"
