"""`manage.py check --deploy` warns while the legal pages still lack what the law asks them to say."""

from django.conf import settings
from django.core import checks

from .statement import FALLBACKS, operator

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
    missing = [name for name in REQUIRED if not getattr(settings, name, "")]
    if not missing:
        return []  # nothing to look for in the database
    # A detail the operator wrote in the administration ("Publisher and host") stands for its setting.
    written = {FALLBACKS[key] for key, value in operator().items() if key in FALLBACKS and value}
    return [
        checks.Warning(
            f"{name} is empty: the legal pages say it is still to be completed.",
            hint="Set it in the environment (see the README's configuration table), or in the administration's "
            '"Publisher and host".',
            id="parvis.legal.W001",
        )
        for name in missing
        if name not in written
    ]


def register() -> None:
    checks.register(legal_settings_given, checks.Tags.security, deploy=True)
