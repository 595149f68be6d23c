import base64
import logging
import secrets
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from parvis.core import encryption
from parvis.core.links import absolute_url
from parvis.core.mail import compose, new_key
from parvis.core.network import client_ip
from parvis.core.text import clean_name

from .services import user_handle_assign, user_language_remember
from .sessions import session_length_apply
from .tasks import send_email

logger = logging.getLogger(__name__)

# allauth's e-mails and the pipeline's kinds (`templates/emails/<kind>.txt` and `.html`).
ACCOUNT_KINDS = {
    "account/email/email_confirmation": "account_email_confirmation",
    "account/email/email_confirmation_signup": "account_email_confirmation",
    "account/email/password_reset_key": "account_password_reset",
    "account/email/unknown_account": "account_unknown",
    "account/email/account_already_exists": "account_already_exists",
}


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) are composed by the one pipeline (`core.mail.compose`) in the
    language the person is using, and leave through the task queue, after the transaction that created the
    confirmation commits, so that a slow mail server never holds a sign-up request. Their links start with
    PARVIS_BASE_URL, not with the host the request named."""

    def get_client_ip(self, request) -> str:
        """allauth's limits count per address: the same address as every other limit of Parvis."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() if translation.get_language() in dict(settings.LANGUAGES) else ""
        # The name asked at sign-up, set before the first save so that the @handle is made from it.
        user.display_name = clean_name(getattr(form, "cleaned_data", {}).get("display_name") or "")
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_handle_assign(user=user)
        return user

    def login(self, request, user) -> None:
        super().login(request, user)
        user_language_remember(user=user, language=translation.get_language())
        session_length_apply(request, user)  # staff: the response's cookie already carries the short session

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        kind = ACCOUNT_KINDS.get(template_prefix)
        if kind is not None:
            user = context.get("user")
            context = {
                "signup_url": absolute_url(reverse("account_signup")),
                "password_reset_url": absolute_url(reverse("account_reset_password")),
                **{
                    name: value
                    for name, value in context.items()
                    if name in ("activate_url", "code", "password_reset_url")
                },
            }
            # The person's own language when the account knows it, else the one of the page they are on.
            language = getattr(user, "language", "") or translation.get_language()
            message = compose(kind=kind, to=email, context=context, language=language, name=_name(user))
        else:  # an allauth e-mail Parvis does not send today: allauth's own templates, the same way out
            request = context.get("request") or getattr(self, "request", None)
            message = self.render_mail(template_prefix, email, {"request": request, "email": email, **context})
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        payload = {
            "subject": message.subject,
            "body": message.body,
            "html": html,
            "from_email": message.from_email,
            "to": list(message.to),
            "key": new_key(),
        }
        transaction.on_commit(lambda: send_email.enqueue(**payload))


def _name(user) -> str:
    return " ".join((getattr(user, "display_name", "") or "").split())


class MFAAdapter(DefaultMFAAdapter):
    """allauth keeps the TOTP secret and the recovery codes' seed through these two: encrypted with PARVIS_FIELD_KEY,
    a copy of the database alone does not give anyone's second factor away."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        try:
            return encryption.decrypt(encrypted_text)
        except encryption.InvalidToken:
            # A key removed from PARVIS_FIELD_KEY before `field_keys_rotate` ran: no code can match (the person is
            # told the code is wrong, never shown an error page), and the operator reads why here.
            logger.error("A second-factor secret cannot be decrypted with the keys of PARVIS_FIELD_KEY.")
            return base64.b32encode(secrets.token_bytes(20)).decode()
