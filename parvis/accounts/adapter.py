from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.db import transaction

from parvis.core.network import client_ip

from .tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    """Account e-mails (verification, password reset) leave through the task queue, after the transaction that
    created the confirmation commits, so that a slow mail server never holds a sign-up request."""

    def get_client_ip(self, request) -> str:
        """allauth's limits count per address: the same address as every other limit of Parvis."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .services import user_handle_assign

            user_handle_assign(user=user)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = context.get("request") or getattr(self, "request", None)
        context = {"request": request, "email": email, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next((body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        payload = {
            "subject": message.subject,
            "body": message.body,
            "html": html,
            "from_email": message.from_email,
            "to": list(message.to),
        }
        transaction.on_commit(lambda: send_email.enqueue(**payload))
