"""Every write of the procedures catalogue: a procedure and its form (by the agents of the service's space), an
inhabitant's answer to the form, and the answer's follow-up (state with a message, assignment, internal notes).
Pages, API, demo and tests call these; each checks the permission table (`counter.report`, `counter.handle`) and
refuses bad input with a sentence naming the field.

An answer is checked whole before its first row: every field's error is gathered (a missing required field, a
choice not offered, a date out of its range, a file that is neither a PDF nor a photo), and nothing is saved then.
Files go through the media pipeline: a photo is re-encoded without its metadata, a PDF is checked by its content.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.files import atomic_with_files, file_save
from parvis.core.media import attach_image
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.counter.models import Service, State
from parvis.counter.queue import item_move
from parvis.spaces.models import Nature, Space
from parvis.territories.models import Territory

from .models import (
    AUDIENCE_LIMIT,
    CHOICES_LIMIT,
    DOCUMENTS_LIMIT,
    HELP_LIMIT,
    LABEL_LIMIT,
    MAX_CHOICES,
    MAX_FIELDS,
    MESSAGE_LIMIT,
    NOTE_LIMIT,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    VALUE_LIMIT,
    Answer,
    AnswerNote,
    AnswerUpdate,
    AnswerValue,
    FieldType,
    FormField,
    Procedure,
    ProcedureVerb,
)

FILE_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIDE = 2000
PDF_MAGIC = b"%PDF-"


def _text(value, *, field: str, limit: int, required: str = "") -> str:
    text = (value or "").replace("\x00", "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({field: _("This answer cannot be read: type it again.")})
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("This text is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(text), "limit": limit}
            }
        )
    return text


def _agent_of(actor: User, space: Space) -> None:
    if not can(actor, "counter.handle", space):
        raise PermissionDenied(_("Only the agents of this institution can manage its procedures."))


# The catalogue ------------------------------------------------------------------------------------------------


@transaction.atomic
def procedure_create(
    *,
    actor: User,
    space: Space,
    territory: Territory,
    title: str,
    summary: str = "",
    audience: str = "",
    documents: str = "",
    link: str = "",
    service: Service | None = None,
    position: int = 0,
) -> Procedure:
    """A procedure of the catalogue: a link to where it is done online, or (with `service` and no link) a form
    whose answers land in the service's queue. Offered in `territory`, which lies within the space's territory."""
    _agent_of(actor, space)
    if space.nature != Nature.INSTITUTIONNEL:
        raise ValidationError({"space": _("A procedure belongs to an institution's space.")})
    title = clean_name(_text(title, field="title", limit=TITLE_LIMIT, required=_("Give the procedure a title.")))
    summary = _text(summary, field="summary", limit=SUMMARY_LIMIT)
    audience = _text(audience, field="audience", limit=AUDIENCE_LIMIT)
    documents = _text(documents, field="documents", limit=DOCUMENTS_LIMIT)
    link = _text(link, field="link", limit=500)
    if link and not link.startswith("https://"):
        raise ValidationError({"link": _("Give the full address of the online service, starting with https://.")})
    if territory is None or not territory.path.startswith(space.territory.path):
        raise ValidationError({"territory": _("Choose a territory served by this institution.")})
    if service is not None and service.space_id != space.pk:
        raise ValidationError({"service": _("Choose one of this institution's services.")})
    if not link and service is None:
        raise ValidationError(
            {"link": _("Give the link to the online service, or choose the service that receives the form.")}
        )
    procedure = Procedure.objects.create(
        space=space,
        service=None if link else service,
        territory=territory,
        title=title,
        summary=summary,
        audience=audience,
        documents=documents,
        link=link,
        position=position,
    )
    audit(actor=actor, verb=ProcedureVerb.CREATED, target=procedure, space=space, label=title)
    return procedure


def _date(value, *, field: str) -> datetime.date:
    text = (value or "").strip() if isinstance(value, str) else value
    if isinstance(text, datetime.date):
        return text
    # A day, not an instant: no time zone to attach.
    try:
        if isinstance(text, str) and "/" in text:
            day, month, year = (int(part) for part in text.split("/"))
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        pass
    raise ValidationError({field: _("Write the date as day/month/year, for example 15/09/2027.")})


@transaction.atomic
def field_add(
    *,
    actor: User,
    procedure: Procedure,
    label: str,
    type: str,
    help_text: str = "",
    required: bool = True,
    choices: str = "",
    min_date=None,
    max_date=None,
) -> FormField:
    """A question at the end of the procedure's form."""
    _agent_of(actor, procedure.space)
    if not procedure.has_form:
        raise ValidationError({"type": _("This procedure is done on another site: it has no form here.")})
    if type not in FieldType.values:
        raise ValidationError({"type": _("Choose one of the types offered.")})
    label = _text(label, field="label", limit=LABEL_LIMIT, required=_("Write the question."))
    help_text = _text(help_text, field="help_text", limit=HELP_LIMIT)
    choices = _text(choices, field="choices", limit=CHOICES_LIMIT)
    options = [line.strip() for line in choices.splitlines() if line.strip()]
    if type == FieldType.CHOICE and not 2 <= len(options) <= MAX_CHOICES:
        raise ValidationError(
            {"choices": _("Write between 2 and %(count)s options, one a line.") % {"count": MAX_CHOICES}}
        )
    if type == FieldType.CHOICE and len(set(options)) != len(options):
        raise ValidationError({"choices": _("Each option once only.")})
    low = _date(min_date, field="min_date") if min_date not in (None, "") else None
    high = _date(max_date, field="max_date") if max_date not in (None, "") else None
    if type != FieldType.DATE:
        low = high = None
    if low and high and low > high:
        raise ValidationError({"max_date": _("The latest date comes before the earliest.")})
    count = FormField.objects.filter(procedure=procedure).count()
    if count >= MAX_FIELDS:
        raise ValidationError({"label": _("A form has at most %(count)s questions.") % {"count": MAX_FIELDS}})
    form_field = FormField.objects.create(
        procedure=procedure,
        label=label,
        help_text=help_text,
        type=type,
        required=bool(required),
        choices="\n".join(options) if type == FieldType.CHOICE else "",
        min_date=low,
        max_date=high,
        position=count,
    )
    audit(actor=actor, verb=ProcedureVerb.FIELD_ADDED, target=procedure, space=procedure.space, label=label)
    return form_field


# Answering a form ---------------------------------------------------------------------------------------------


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _checked_value(form_field: FormField, raw, upload):
    """(text, date, upload) for one field, or a ValidationError with the sentence for this field."""
    key = form_field.key
    if form_field.type == FieldType.FILE:
        if upload is None:
            if form_field.required:
                raise ValidationError({key: _("Attach the file asked for (a PDF or a photo).")})
            return "", None, None
        if upload.size > FILE_MAX_BYTES:
            raise ValidationError(
                {
                    key: _("The file is too large (%(size)s); the limit is %(limit)s.")
                    % {"size": filesizeformat(upload.size), "limit": filesizeformat(FILE_MAX_BYTES)}
                }
            )
        return "", None, upload
    if raw is not None and not isinstance(raw, str):
        raise ValidationError({key: _("This answer cannot be read: type it again.")})
    text = (raw or "").replace("\x00", "").strip()
    if not text:
        if form_field.required:
            raise ValidationError({key: _("Answer this question: it is required.")})
        return "", None, None
    if form_field.type == FieldType.CHOICE:
        if text not in form_field.options:
            raise ValidationError({key: _("Choose one of the options offered.")})
        return text, None, None
    if form_field.type == FieldType.DATE:
        day = _date(text, field=key)
        if form_field.min_date and day < form_field.min_date:
            raise ValidationError({key: _("Give a date on or after %(day)s.") % {"day": _day(form_field.min_date)}})
        if form_field.max_date and day > form_field.max_date:
            raise ValidationError({key: _("Give a date on or before %(day)s.") % {"day": _day(form_field.max_date)}})
        return "", day, None
    return _text(text, field=key, limit=VALUE_LIMIT), None, None


def _store_file(value: AnswerValue, upload) -> None:
    """A PDF is kept as sent once its first bytes say it is one; anything else must be a photo, re-encoded without
    its metadata. Any other file is refused."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        file_save(value.file, "document.pdf", upload)
        return
    try:
        attach_image(value, upload, sizes={"file": PHOTO_SIDE}, max_bytes=FILE_MAX_BYTES, field=value.field.key)
    except ValidationError:
        raise ValidationError(
            {value.field.key: _("This file is neither a PDF nor a photo: send a PDF, or a JPEG or PNG photo.")}
        ) from None


@atomic_with_files()
def answer_submit(
    *, applicant: User, procedure: Procedure, commune: Territory | None, values: dict, files: dict | None = None
) -> Answer:
    """Send an answer to the procedure's form. `values` and `files` are keyed by each field's `key`
    ("field_<pk>"). Every field is checked before the first row, and the errors come together; the files are
    removed again if anything fails after them."""
    if not can(applicant, "counter.report"):
        raise PermissionDenied(_("Sign in to send this form."))
    procedure = Procedure.objects.select_related("service__space", "space", "territory").get(pk=procedure.pk)
    if not procedure.active or not procedure.has_form:
        raise ValidationError({"procedure": _("This procedure has no form to fill here.")})
    if commune is None or not Procedure.objects.offered_in(commune).filter(pk=procedure.pk).exists():
        raise ValidationError({"commune": _("This procedure is not offered in your commune: choose it in the list.")})
    if not Territory.objects.of_instance().communes().filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("Choose a commune of this site.")})
    files = files or {}
    fields = list(procedure.fields.all())
    errors: dict[str, list] = {}
    checked = []
    for form_field in fields:
        try:
            checked.append(
                (form_field, *_checked_value(form_field, values.get(form_field.key), files.get(form_field.key)))
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    known = {form_field.key for form_field in fields}
    if any(key not in known for key in [*values, *files]):
        errors.setdefault("procedure", []).append(_("The form has changed since you opened it: open it again."))
    if errors:
        raise ValidationError(errors)
    check_rate(f"procedure-answer:{applicant.pk}", 30, 24 * 60 * 60)
    answer = Answer.objects.create(
        space=procedure.service.space,
        service=procedure.service,
        procedure=procedure,
        commune=commune,
        applicant=applicant,
    )
    for position, (form_field, text, day, upload) in enumerate(checked):
        value = AnswerValue(
            answer=answer,
            field=form_field,
            label=form_field.label,
            type=form_field.type,
            text=text,
            date=day,
            position=position,
        )
        if upload is not None:
            _store_file(value, upload)
        value.save()
    AnswerUpdate.objects.create(answer=answer, state=State.NEW, actor=applicant)
    # Notifications asks the kind's `audience` after commit: the service's agents are told of a new request.
    hooks.activity.send(kind="procedure_answer", target_id=answer.pk)
    return answer


# The back office ----------------------------------------------------------------------------------------------


def _handler_check(agent: User, answer: Answer) -> None:
    if not can(agent, "counter.handle", answer):
        raise PermissionDenied(_("Only the agents of the service in charge can handle this request."))


@transaction.atomic
def answer_state_set(*, agent: User, answer: Answer, state: str, message: str = "") -> AnswerUpdate:
    """One of the counter's `MOVES`, with a message to the sender (told in the app and by e-mail after their
    choice), written in the audit log."""
    _handler_check(agent, answer)
    message = _text(message, field="message", limit=MESSAGE_LIMIT)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    item_move(
        answer,
        state,
        message,
        cannot_become=_("A request that is %(current)s cannot become %(new)s."),
        refused_without_reason=_("Say to the sender why the request is refused."),
    )
    update = AnswerUpdate.objects.create(answer=answer, state=state, message=message, actor=agent)
    # The request's contents stay between its sender and the service: the journal names the procedure only.
    audit(
        actor=agent,
        verb=ProcedureVerb.STATE_CHANGED,
        target=answer,
        space=answer.space,
        label=answer.procedure.title,
        reason=message,
        details={"state": state},
    )
    hooks.activity.send(kind="procedure_update", target_id=update.pk)
    return update


@transaction.atomic
def answer_assign(*, agent: User, answer: Answer, assignee: User | None) -> Answer:
    _handler_check(agent, answer)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if assignee is not None and not can(assignee, "counter.handle", answer):
        raise ValidationError({"assignee": _("This person is not an agent of the service in charge.")})
    answer.assignee = assignee
    answer.save(update_fields=["assignee", "updated_at"])
    audit(
        actor=agent,
        verb=ProcedureVerb.ASSIGNED,
        target=answer,
        space=answer.space,
        label=answer.procedure.title,
        details={"assignee": assignee.pk if assignee else None},
    )
    return answer


@transaction.atomic
def answer_note_add(*, agent: User, answer: Answer, text: str) -> AnswerNote:
    _handler_check(agent, answer)
    text = _text(text, field="text", limit=NOTE_LIMIT, required=_("Write the note."))
    note = AnswerNote.objects.create(answer=answer, author=agent, text=text)
    audit(actor=agent, verb=ProcedureVerb.NOTE_ADDED, target=answer, space=answer.space, label=answer.procedure.title)
    return note
