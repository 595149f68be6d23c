"""`manage.py check --deploy` warns while the legal pages still lack what the law asks them to say."""

from django.conf import settings
from django.core import checks

# Settings without which a legal page says "to be completed by the operator": the publisher and its director of
# publication, the host (LCEN art. 6), who answers about personal data (GDPR art. 13), where the source is (AGPL).
REQUIRED = (
    "PARVIS_OPERATOR_NAME",
    "PARVIS_OPERATOR_ADDRESS",
    "PARVIS_OPERATOR_EMAIL",
    "PARVIS_PUBLICATION_DIRECTOR",
    "PARVIS_HOST_NAME",
    "PARVIS_HOST_ADDRESS",
    "PARVIS_HOST_PHONE",
    "PARVIS_DPO_CONTACT",
    "PARVIS_SOURCE_URL",
)


def legal_settings_given(app_configs=None, **kwargs) -> list[checks.Warning]:
    return [
        checks.Warning(
            f"{name} is empty: the legal pages say it is still to be completed.",
            hint="Set it in the environment (see the README's configuration table).",
            id="parvis.legal.W001",
        )
        for name in REQUIRED
        if not getattr(settings, name, "")
    ]


def register() -> None:
    checks.register(legal_settings_given, checks.Tags.security, deploy=True)
