from django.conf import settings
from django.core.validators import RegexValidator
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


class OperatorDetailsQuerySet(models.QuerySet):
    def current(self) -> "OperatorDetails | None":
        return self.filter(pk=OperatorDetails.SINGLETON).first()


class OperatorDetails(models.Model):
    """Who publishes and hosts the instance, as the operator writes it in the administration: one row
    (`SINGLETON`). A field left empty reads as its setting (`PARVIS_OPERATOR_*`, `PARVIS_HOST_*`…), so an instance
    configured through its environment keeps working and the administration overrides it detail by detail."""

    SINGLETON = 1

    name = models.CharField(_("publisher"), max_length=200, blank=True, help_text=_("The commune, the département…"))
    address = models.CharField(_("publisher's postal address"), max_length=300, blank=True)
    email = models.EmailField(_("publisher's e-mail address"), blank=True)
    phone = models.CharField(_("publisher's phone number"), max_length=40, blank=True)
    identifier = models.CharField(
        _("registration number"), max_length=40, blank=True, help_text=_("SIREN or SIRET, or RNA for an association.")
    )
    director = models.CharField(
        _("director of publication"),
        max_length=200,
        blank=True,
        help_text=_("The person legally answerable for what the site publishes, by name or title."),
    )
    host_name = models.CharField(_("host"), max_length=200, blank=True)
    host_address = models.CharField(_("host's postal address"), max_length=300, blank=True)
    host_phone = models.CharField(_("host's phone number"), max_length=40, blank=True)
    dpo = models.CharField(
        _("data protection officer"),
        max_length=300,
        blank=True,
        help_text=_("An e-mail or postal address where people write about their personal data."),
    )
    accessibility_audit_date = models.DateField(_("date of the latest accessibility audit"), null=True, blank=True)
    accessibility_rate = models.CharField(
        _("compliance rate found by that audit, in percent"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^(100|[0-9]{1,2}([.,][0-9])?)$", _("Write a percentage, like 84 or 72,5."))],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OperatorDetailsQuerySet.as_manager()

    class Meta:
        verbose_name = _("publisher and host")
        verbose_name_plural = _("publisher and host")

    def __str__(self) -> str:
        return str(_("Publisher and host"))
