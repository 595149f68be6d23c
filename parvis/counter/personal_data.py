"""The register's lines for the counter (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, Entry, NotPersonal, Retention

from .models import Category, Question, Report, ReportNote, ReportPhoto, ReportUpdate, Service, Supporter

# A report serves the public service after its reporter left: it stays, without them (see rights/erase.py).
WHILE_REPORT = Retention(life=_("as long as the report is kept by the service in charge"))


def register() -> None:
    personal_data.register(
        key="counter",
        heading=_("Reports to the town hall"),
        entries=[
            Entry(
                Report,
                ("reporter", "anonymous", "created_at"),
                data=_("that you reported a problem, and whether your name may be shown"),
                purpose=_("following your report up and telling you of each step"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you and the agents of the service in charge; never the public"),
            ),
            Entry(
                Report,
                ("description", "address", "latitude", "longitude", "space", "service", "category", "commune"),
                data=_("the problem you describe and its place"),
                purpose=_("handling the problem in public space"),
                basis=SERVICE,
                retention=WHILE_REPORT,
                seen_by=_("the public, the place rounded to about 100 m; the agents in full"),
            ),
            Entry(
                Report,
                ("assignee",),
                data=_("the agent a report is assigned to"),
                purpose=_("sharing out the work of a service"),
                basis=SERVICE,
                retention=WHILE_REPORT,
                seen_by=_("the agents of the service"),
            ),
            Entry(
                ReportPhoto,
                ("report", "alt_text", "image", "image_small"),
                data=_("the photos of your report, without their metadata"),
                purpose=_("showing the problem to the service in charge"),
                basis=SERVICE,
                retention=WHILE_REPORT,
                seen_by=_("you and the agents; the public once the service acknowledged the report"),
            ),
            Entry(
                ReportUpdate,
                ("report", "actor", "message", "created_at"),
                data=_("each step of a report and the service's message"),
                purpose=_("telling the reporter and the public how the problem is handled"),
                basis=SERVICE,
                retention=WHILE_REPORT,
                seen_by=_(
                    "the public reads the step and the message, signed by the service; the agent's name, the agents"
                ),
            ),
            Entry(
                ReportNote,
                ("report", "author", "text", "created_at"),
                data=_("the agents' internal notes on a report"),
                purpose=_("handling the problem within the service"),
                basis=SERVICE,
                retention=WHILE_REPORT,
                seen_by=_("the agents of the service only"),
            ),
            Entry(
                Supporter,
                ("report", "user", "created_at"),
                data=_('the reports you follow ("me too")'),
                purpose=_("telling you of each step of the report"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you; the public reads how many people follow it"),
            ),
            Entry(
                Question,
                ("asker", "public", "text", "created_at", "space", "service", "commune"),
                data=_("the questions you ask the town hall or the département, and whether they are public"),
                purpose=_("answering you, and the public in the commune's questions and answers when you chose so"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_(
                    "you and the agents of the service asked; a public question once answered, everyone, without "
                    "your name"
                ),
            ),
            Entry(
                Question,
                ("answer", "answerer", "answered_at"),
                data=_("the service's answer and the agent who wrote it"),
                purpose=_("answering the question as the institution"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("the answer: whoever reads the question, signed by the service; the agent, the agents"),
            ),
        ],
        not_personal=[
            NotPersonal(Question, ("status",), "a question's moderation status"),
            NotPersonal(
                Report,
                (
                    "at_commune_centre",
                    "state",
                    "status",
                    "acknowledged_at",
                    "closed_at",
                    "updated_at",
                    "supporter_count",
                ),
                "a report's state and dates",
            ),
            NotPersonal(ReportPhoto, ("position", "width", "height"), "a photo's size and order"),
            NotPersonal(ReportUpdate, ("state",), "a step's state"),
            NotPersonal(Service, ("space", "name", "created_at"), "an institution's service"),
            NotPersonal(
                Category, ("territory", "service", "name", "icon", "position", "active"), "a category of reports"
            ),
        ],
    )
