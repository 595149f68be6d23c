"""The register's lines for the élus–agents network (see `core/personal_data.py`). From the State's register of
élus the import keeps names, commune, function and dates only: never the birth date, sex nor profession."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import LEGAL_OBLIGATION, SERVICE, WHILE_ACCOUNT, WHILE_CONTENT, Entry, NotPersonal

from .models import Answer, Document, DocumentVersion, NetworkRole, Question, QuestionVote, Session, Theme


def register() -> None:
    personal_data.register(
        key="network",
        heading=_("Network of élus and agents"),
        entries=[
            Entry(
                NetworkRole,
                (
                    "kind",
                    "user",
                    "first_name",
                    "last_name",
                    "email",
                    "commune",
                    "function",
                    "service",
                    "direction",
                    "theme",
                    "starts_on",
                    "ends_on",
                    "verified_by",
                    "verified_at",
                    "invited_at",
                    "accepted_at",
                ),
                data=_("your verified role in the network: mandate, commune, function, service or theme, and dates"),
                purpose=_("opening the professional network to élus, agents and experts only"),
                basis=LEGAL_OBLIGATION,
                retention=WHILE_ACCOUNT,
                seen_by=_("the members of the network; the operator"),
            ),
            Entry(
                Session,
                ("expert", "created_by", "title", "description", "created_at"),
                data=_("the expert sessions you open or lead"),
                purpose=_("exchanges with experts"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the members of the network"),
            ),
            Entry(
                Question,
                ("author", "text", "created_at"),
                data=_("your questions to experts"),
                purpose=_("exchanges with experts"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the members of the network"),
            ),
            Entry(
                QuestionVote,
                ("question", "voter", "created_at"),
                data=_("your votes for questions"),
                purpose=_("ranking the questions"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you; the counts to the members"),
            ),
            Entry(
                Answer,
                ("question", "author", "text", "created_at"),
                data=_("your answers as an expert"),
                purpose=_("exchanges with experts"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the members of the network"),
            ),
            Entry(
                Document,
                ("author", "title", "created_at", "updated_at"),
                data=_("the documents you share"),
                purpose=_("sharing documents in the network"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the members of the network"),
            ),
            Entry(
                DocumentVersion,
                ("uploaded_by", "file", "filename", "created_at"),
                data=_("the versions of documents you upload"),
                purpose=_("sharing documents in the network"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the members of the network"),
            ),
        ],
        not_personal=[
            NotPersonal(Theme, ("name", "slug", "space"), "a theme of the network"),
            NotPersonal(NetworkRole, ("source",), "where a role was verified"),
            NotPersonal(
                Session,
                ("theme", "space", "starts_at", "ends_at", "status", "replay"),
                "a session's settings",
            ),
            NotPersonal(Question, ("session", "space", "vote_count", "hidden"), "a question's place and count"),
            NotPersonal(Answer, ("space", "hidden"), "an answer's place"),
            NotPersonal(Document, ("space", "current", "hidden"), "a document's place"),
            NotPersonal(DocumentVersion, ("document", "number", "content_type", "size"), "a version's details"),
        ],
    )
