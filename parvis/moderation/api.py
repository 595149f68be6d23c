from ninja import Field, Router, Schema, Status

from parvis.core.api_auth import SIGNED_IN
from parvis.core.schemas import ErrorOut, Id, Text

from . import services
from .models import Report, ReportReason

router = Router(tags=["moderation"])


class ReportIn(Schema):
    # Plain strings checked by the service, so that a wrong value is a 400 with a sentence, not a 422 dump.
    kind: Text(32) = Field(description="A kind of content: post, comment, space, person, message, listing…")
    target_id: Id
    reason: Text(32) = Field(description=f"One of: {', '.join(ReportReason.values)}.")
    details: Text() = Field("", description="Free text, required when the reason is `other`; 2,000 characters at most.")
    good_faith: bool = Field(
        True, description="The notifier declares the notice accurate and made in good faith (false is refused)."
    )


class ReportOut(Schema):
    id: int
    kind: str
    target_id: int
    reason: str
    status: str

    @staticmethod
    def resolve_target_id(report: Report) -> int:
        return report.target_id


@router.post(
    "",
    response={201: ReportOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Report a post, a comment, a space, a person or a private message",
    description=(
        "Sends a report to the moderators. 404 when the caller cannot see the target (a private message: when the "
        "caller is not in its conversation); 400 for a bad reason, "
        "missing details (reason `other`), a second report of the same target, or a notifier suspended after too many "
        "unfounded notices; 429 past 10 reports an hour."
    ),
)
def report_create(request, payload: ReportIn):
    report = services.report_create(
        reporter=request.auth,
        kind=payload.kind,
        target_id=payload.target_id,
        reason=payload.reason,
        details=payload.details,
        good_faith=payload.good_faith,
    )
    return Status(201, report)
