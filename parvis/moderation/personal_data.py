"""The register's lines for reports and moderation decisions (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import LEGAL_OBLIGATION, Entry, Retention

from .models import Decision, Report

# The DSA (art. 16, 17 and 20) asks a platform to account for each notice and decision and to let the person
# contest it: the record outlives the content it speaks of.
MODERATION_RECORD = Retention(life=_("as long as the moderation record, which accounts for each decision"))


def register() -> None:
    personal_data.register(
        key="moderation",
        heading=_("Reports and moderation"),
        entries=[
            Entry(
                Report,
                (
                    "kind",
                    "target_id",
                    "space",
                    "author",
                    "reporter",
                    "reason",
                    "details",
                    "status",
                    "decision",
                    "created_at",
                    "handled_at",
                    "handled_by",
                    "trusted",
                    "appeal_text",
                    "appealed_at",
                    "appeal_outcome",
                    "appeal_reviewer",
                    "appeal_reason",
                    "appeal_reviewed_at",
                ),
                data=_("reports: who reported what, why, and about whom"),
                purpose=_("handling reports of content that breaks the law or the charter"),
                basis=LEGAL_OBLIGATION,
                retention=MODERATION_RECORD,
                seen_by=_("the moderators who handle it; the reported person never learns who reported"),
            ),
            Entry(
                Report,
                ("reporter_name", "reporter_email"),
                data=_("the name and e-mail address of a visitor who reports content without an account"),
                purpose=_("confirming the notice, asking for details and telling them what was decided"),
                basis=LEGAL_OBLIGATION,
                retention=MODERATION_RECORD,
                seen_by=_("the moderators who handle it; never the reported person"),
            ),
            Entry(
                Decision,
                (
                    "kind",
                    "target_id",
                    "space",
                    "author",
                    "action",
                    "category",
                    "reason",
                    "moderator",
                    "moderator_role",
                    "status",
                    "previous_state",
                    "contest_text",
                    "contested_at",
                    "reviewer",
                    "reviewer_role",
                    "review_reason",
                    "reviewed_at",
                    "statement_sent_at",
                    "created_at",
                ),
                data=_("moderation decisions, their statement of reasons, your contest and its review"),
                purpose=_("deciding on reports, telling the person why, and hearing their contest"),
                basis=LEGAL_OBLIGATION,
                retention=MODERATION_RECORD,
                seen_by=_("the person concerned, the moderators and the operator"),
            ),
        ],
    )
