"""The register's lines for the online procedures (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, Entry, NotPersonal

from .models import Answer, AnswerNote, AnswerUpdate, AnswerValue, FormField, Procedure


def register() -> None:
    personal_data.register(
        key="procedures",
        heading=_("Online procedures"),
        entries=[
            Entry(
                Answer,
                ("applicant", "created_at", "space", "service", "procedure", "commune"),
                data=_("the online requests you sent to the town hall or the département"),
                purpose=_("handling your request and telling you of each step"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you and the agents of the service in charge; never the public"),
            ),
            Entry(
                AnswerValue,
                ("answer", "field", "label", "type", "text", "date", "file"),
                data=_("your answers to a procedure's form and the files you attached"),
                purpose=_("handling your request"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you and the agents of the service in charge"),
            ),
            Entry(
                Answer,
                ("assignee",),
                data=_("the agent a request is assigned to"),
                purpose=_("sharing out the work of a service"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("the agents of the service"),
            ),
            Entry(
                AnswerUpdate,
                ("answer", "actor", "message", "created_at"),
                data=_("each step of a request and the service's message"),
                purpose=_("telling the sender how the request is handled"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you, signed by the service; the agent's name, the agents"),
            ),
            Entry(
                AnswerNote,
                ("answer", "author", "text", "created_at"),
                data=_("the agents' internal notes on a request"),
                purpose=_("handling the request within the service"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("the agents of the service only"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Answer, ("state", "status", "acknowledged_at", "closed_at", "updated_at"), "a request's state and dates"
            ),
            NotPersonal(AnswerValue, ("position",), "an answer's order"),
            NotPersonal(AnswerUpdate, ("state",), "a step's state"),
            NotPersonal(
                Procedure,
                (
                    "space",
                    "service",
                    "territory",
                    "title",
                    "summary",
                    "audience",
                    "documents",
                    "link",
                    "active",
                    "position",
                    "created_at",
                ),
                "an institution's procedure",
            ),
            NotPersonal(
                FormField,
                ("procedure", "label", "help_text", "type", "required", "choices", "min_date", "max_date", "position"),
                "a question of a procedure's form",
            ),
        ],
    )
