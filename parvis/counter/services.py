"""Every write of the counter: services and categories, reporting a problem (or joining a report with "me too"),
the follow-up by the agents (state with a message, assignment, internal notes, several at once). The pages, the
API, Open311, the demo and the tests call these, which check the permission table (`counter.report`,
`counter.handle`, `space.administer`) and refuse bad input with a sentence naming the field.

Rules: a report is placed in a commune of the instance, by a pin (checked to lie near that commune) or by its
address alone (then at the commune's centre, and it says so); its category must be offered in that commune; at
most 5 photos, each re-encoded without its metadata. A state change is one of `MOVES`, carries the service's
message to the reporter (told in the app and by e-mail after their choice) and is written in the audit log.
"""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.accounts.verifications import level_require
from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.files import atomic_with_files
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.permissions import can
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces.models import Membership, Nature, Space
from parvis.territories.models import Level, Territory

from .models import (
    ADDRESS_LIMIT,
    ANSWER_LIMIT,
    DESCRIPTION_LIMIT,
    MAX_PHOTOS,
    MESSAGE_LIMIT,
    NOTE_LIMIT,
    QUESTION_LIMIT,
    Category,
    CounterVerb,
    Question,
    Report,
    ReportNote,
    ReportPhoto,
    ReportUpdate,
    Service,
    State,
    Supporter,
    distance_m,
)
from .queue import item_move

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_SIZES = {"image": 1600, "image_small": 400}
# "The same problem": same category, open, reported within 30 days, within 50 m.
DUPLICATE_METRES = 50
DUPLICATE_DAYS = 30
# A pin further than this from its commune's centre lies in another commune (or none of the instance's).
COMMUNE_RADIUS_M = 12_000
BULK_LIMIT = 100


def _text(value: str, *, field: str, limit: int, required: str = "") -> str:
    text = (value or "").replace("\x00", "").strip()
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


def _coordinate(value, *, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"place": _("The pin's position cannot be read: place it again on the map.")}) from None
    if not number.is_finite() or not low <= number <= high:
        raise ValidationError({"place": _("The pin's position cannot be read: place it again on the map.")})
    return number.quantize(Decimal("0.000001"))


def _instance_communes():
    return Territory.objects.of_instance().communes()


def _commune_of_pin(latitude: Decimal, longitude: Decimal) -> Territory | None:
    """The instance's commune whose centre is nearest the pin, if it lies within a commune's reach (the shipped data
    has centres, not outlines)."""
    box = Decimal("0.15")
    candidates = _instance_communes().filter(
        centre_latitude__range=(latitude - box, latitude + box),
        centre_longitude__range=(longitude - box, longitude + box),
    )
    best, best_distance = None, None
    for commune in candidates:
        distance = distance_m(latitude, longitude, commune.centre_latitude, commune.centre_longitude)
        if best_distance is None or distance < best_distance:
            best, best_distance = commune, distance
    return best if best_distance is not None and best_distance <= COMMUNE_RADIUS_M else None


def report_place(*, commune: Territory | None, address: str = "", latitude=None, longitude=None) -> dict:
    """Where the report is: {commune, address, latitude, longitude, at_commune_centre}, or a sentence under
    "place" (or "address", "commune")."""
    address = _text(address, field="address", limit=ADDRESS_LIMIT)
    latitude = _coordinate(latitude, low=-90, high=90)
    longitude = _coordinate(longitude, low=-180, high=180)
    if (latitude is None) != (longitude is None):
        raise ValidationError({"place": _("The pin's position cannot be read: place it again on the map.")})
    pinned = latitude is not None
    if commune is None and not pinned:
        raise ValidationError(
            {"place": _("Say where the problem is: type the address and the commune, or place a pin on the map.")}
        )
    if commune is not None and (
        commune.level != Level.COMMUNE or not _instance_communes().filter(pk=commune.pk).exists()
    ):
        raise ValidationError(
            {
                "commune": _("%(commune)s is outside this site's territory: report it to that commune's own services.")
                % {"commune": commune.name}
            }
        )
    if pinned:
        found = _commune_of_pin(latitude, longitude)
        if found is None:
            raise ValidationError(
                {"place": _("The pin is outside this site's territory: place it where the problem is.")}
            )
        if commune is None:
            commune = found
        elif (
            commune.centre is not None
            and distance_m(latitude, longitude, commune.centre_latitude, commune.centre_longitude) > COMMUNE_RADIUS_M
        ):
            raise ValidationError(
                {
                    "place": _(
                        "The pin is far from %(commune)s: place it in the commune you named, or change the commune."
                    )
                    % {"commune": commune.name}
                }
            )
        return {
            "commune": commune,
            "address": address,
            "latitude": latitude,
            "longitude": longitude,
            "at_commune_centre": False,
        }
    if not address:
        raise ValidationError({"address": _("Type the address of the problem (street and number, or a landmark).")})
    centre = commune.centre
    if centre is None:
        raise ValidationError(
            {"place": _("We do not know where %(commune)s is: place a pin on the map.") % {"commune": commune.name}}
        )
    return {
        "commune": commune,
        "address": address,
        "latitude": Decimal(centre[0]),
        "longitude": Decimal(centre[1]),
        "at_commune_centre": True,
    }


def _category_for(category: Category, commune: Territory) -> Category:
    category = (
        Category.objects.select_related("territory", "service__space").filter(pk=category.pk, active=True).first()
    )
    if category is None or not category.applies_to(commune):
        raise ValidationError(
            {
                "category": _("This category is not one of %(commune)s's: choose one from its list.")
                % {"commune": commune.name}
            }
        )
    return category


def report_duplicates(*, category: Category, latitude, longitude, at_commune_centre: bool = False) -> list[Report]:
    """Open reports of the same category within 50 m in the last 30 days, nearest first: offered for "me too".
    A report placed at its commune's centre (by its address alone) is somewhere in the commune: it is nobody's
    duplicate, and has none."""
    if latitude is None or longitude is None or at_commune_centre:
        return []
    since = timezone.now() - timedelta(days=DUPLICATE_DAYS)
    candidates = (
        Report.objects.public()
        .open()
        .filter(category=category, created_at__gte=since, at_commune_centre=False)
        .near(Decimal(latitude), Decimal(longitude), DUPLICATE_METRES)
        .for_list()[:50]
    )
    found = [(distance_m(latitude, longitude, r.latitude, r.longitude), r) for r in candidates]
    return [report for distance, report in sorted(found, key=lambda pair: pair[0]) if distance <= DUPLICATE_METRES]


def _attach_photos(report: Report, photos: list) -> None:
    """`photos`: uploaded files, or (file, alt text) pairs; re-encoded (no EXIF, no GPS)."""
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)s photos per report.") % {"count": MAX_PHOTOS}})
    for position, each in enumerate(photos):
        upload, alt_text = each if isinstance(each, tuple) else (each, "")
        photo = ReportPhoto(
            report=report,
            position=position,
            alt_text=clean_alt_text(alt_text, limit=500, required=False, field="photos"),
        )
        stored = attach_image(photo, upload, sizes=PHOTO_SIZES, max_bytes=PHOTO_MAX_BYTES)
        photo.width, photo.height = stored.width, stored.height
        photo.save()


@atomic_with_files()
def report_create(
    *,
    reporter: User,
    category: Category,
    description: str,
    commune: Territory | None = None,
    address: str = "",
    latitude=None,
    longitude=None,
    photos: list | None = None,
    anonymous: bool = False,
) -> Report:
    """File a report. Every check comes before the first row, and the photos' files are removed if anything
    fails after them: nothing is saved half-way."""
    if not can(reporter, "counter.report"):
        raise PermissionDenied(_("Sign in to report a problem."))
    level_require(reporter, "counter.report")
    description = _text(
        description,
        field="description",
        limit=DESCRIPTION_LIMIT,
        required=_("Describe the problem in a few words: what, and since when."),
    )
    place = report_place(commune=commune, address=address, latitude=latitude, longitude=longitude)
    if category is None:
        raise ValidationError({"category": _("Choose the kind of problem.")})
    category = _category_for(category, place["commune"])
    photos = list(photos or [])
    if len(photos) > MAX_PHOTOS:
        raise ValidationError({"photos": _("At most %(count)s photos per report.") % {"count": MAX_PHOTOS}})
    check_rate(f"counter-report:{reporter.pk}", 20, 24 * 60 * 60)
    report = Report.objects.create(
        space=category.service.space,
        service=category.service,
        category=category,
        reporter=reporter,
        anonymous=bool(anonymous),
        description=description,
        **place,
    )
    _attach_photos(report, photos)
    ReportUpdate.objects.create(report=report, state=State.NEW, actor=reporter)
    # Notifications asks the kind's `audience` after commit: the service's agents are told of a new report.
    hooks.activity.send(kind="counter_report", target_id=report.pk)
    return report


@transaction.atomic
def report_support(*, user: User, report: Report) -> bool:
    """ "Me too": follow the report (told of each step) instead of filing the same one. False when already done."""
    if not can(user, "counter.report") or not report.is_visible_to(user):
        raise PermissionDenied(_("Sign in to follow this report."))
    if report.reporter_id == user.pk:
        return False
    _support, created = Supporter.objects.get_or_create(report=report, user=user)
    if created:
        Report.objects.filter(pk=report.pk).update(supporter_count=Supporter.objects.filter(report=report).count())
    return created


def _agent_check(agent: User, report: Report) -> None:
    if not can(agent, "counter.handle", report):
        raise PermissionDenied(_("Only the agents of the service in charge can handle this report."))


def _move(agent: User, report: Report, state: str, message: str) -> ReportUpdate:
    """Under the report's row lock. The message is public on the report's page, signed by the service."""
    item_move(
        report,
        state,
        message,
        cannot_become=_("A report that is %(current)s cannot become %(new)s."),
        refused_without_reason=_("Say to the reporter why the report is refused."),
    )
    update = ReportUpdate.objects.create(report=report, state=state, message=message, actor=agent)
    audit(
        actor=agent,
        verb=CounterVerb.STATE_CHANGED,
        target=report,
        label=report.description[:80],
        reason=message,
        details={"state": state},
    )
    hooks.activity.send(kind="counter_update", target_id=update.pk)
    return update


@transaction.atomic
def report_state_set(*, agent: User, report: Report, state: str, message: str = "") -> ReportUpdate:
    _agent_check(agent, report)
    message = _text(message, field="message", limit=MESSAGE_LIMIT)
    report = Report.objects.select_for_update().get(pk=report.pk)
    return _move(agent, report, state, message)


@transaction.atomic
def reports_state_set(*, agent: User, reports, state: str, message: str = "") -> int:
    """Several reports at once (the same works seen to a whole street): all or none, each checked and audited."""
    message = _text(message, field="message", limit=MESSAGE_LIMIT)
    ids = list(dict.fromkeys(getattr(each, "pk", each) for each in reports))
    if not ids:
        raise ValidationError({"reports": _("Tick the reports to change.")})
    if len(ids) > BULK_LIMIT:
        raise ValidationError({"reports": _("At most %(count)s reports at once.") % {"count": BULK_LIMIT}})
    locked = list(Report.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError({"reports": _("One of these reports no longer exists: reload the page.")})
    for report in locked:
        _agent_check(agent, report)
    for report in locked:
        _move(agent, report, state, message)
    return len(locked)


def service_agents(service_or_space) -> list[User]:
    space_id = getattr(service_or_space, "space_id", None) or service_or_space.pk
    holders = Membership.objects.holding("counter.handle").filter(space_id=space_id).values("user_id")
    return list(User.objects.filter(is_active=True, pk__in=holders).order_by("display_name", "pk"))


@transaction.atomic
def report_assign(*, agent: User, report: Report, assignee: User | None) -> Report:
    _agent_check(agent, report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if assignee is not None and not can(assignee, "counter.handle", report):
        raise ValidationError({"assignee": _("This person is not an agent of the service in charge.")})
    report.assignee = assignee
    report.save(update_fields=["assignee", "updated_at"])
    audit(
        actor=agent,
        verb=CounterVerb.ASSIGNED,
        target=report,
        label=report.description[:80],
        details={"assignee": assignee.pk if assignee else None},
    )
    return report


@transaction.atomic
def report_note_add(*, agent: User, report: Report, text: str) -> ReportNote:
    _agent_check(agent, report)
    text = _text(text, field="text", limit=NOTE_LIMIT, required=_("Write the note."))
    note = ReportNote.objects.create(report=report, author=agent, text=text)
    # The note's words stay in the back office: the journal says a note was written, not what it says.
    audit(actor=agent, verb=CounterVerb.NOTE_ADDED, target=report, label=report.description[:80])
    return note


@transaction.atomic
def service_create(*, actor: User, space: Space, name: str) -> Service:
    if not can(actor, "space.administer", space):
        raise PermissionDenied(_("Only the administrators of this space can open a service."))
    if space.nature != Nature.INSTITUTIONNEL:
        raise ValidationError({"space": _("A service of the counter belongs to an institution's space.")})
    name = clean_name(_text(name, field="name", limit=120, required=_("Name the service.")))
    if Service.objects.filter(space=space, name=name).exists():
        raise ValidationError({"name": _("This space already has a service of that name.")})
    return Service.objects.create(space=space, name=name)


@transaction.atomic
def category_create(
    *, actor: User, territory: Territory, service: Service, name: str, icon: str = "", position: int = 0
) -> Category:
    """A category offered in `territory` (a commune, or a territory above for all its communes), routed to
    `service`. Set by an administrator of the space of the territory's official voice or of the service."""
    if not can(actor, "space.administer", service.space):
        raise PermissionDenied(_("Only the administrators of the service's space can add its categories."))
    # A service answers for its institution's territory: Beauvais's town hall does not take Compiègne's reports.
    served = service.space.territory
    if territory is None or served is None or not territory.path.startswith(served.path):
        raise ValidationError(
            {
                "territory": _("%(service)s serves %(territory)s only: choose that territory or one of its communes.")
                % {"service": service.name, "territory": served.name if served else "—"}
            }
        )
    name = clean_name(_text(name, field="name", limit=120, required=_("Name the category.")))
    if Category.objects.filter(territory=territory, name=name).exists():
        raise ValidationError({"name": _("This territory already has a category of that name.")})
    category = Category.objects.create(
        territory=territory, service=service, name=name, icon=(icon or "")[:40], position=position
    )
    audit(actor=actor, verb=CounterVerb.CATEGORY_CREATED, target=category, space=service.space, label=name)
    return category


@transaction.atomic
def category_set_active(*, actor: User, category: Category, active: bool) -> Category:
    """Withdraw a category from the form (its reports keep it, and stay in the queue) or offer it again."""
    category = Category.objects.select_for_update().select_related("service__space").get(pk=category.pk)
    if not can(actor, "space.administer", category.service.space):
        raise PermissionDenied(_("Only the administrators of the service's space can change its categories."))
    if category.active != bool(active):
        category.active = bool(active)
        category.save(update_fields=["active"])
        audit(
            actor=actor,
            verb=CounterVerb.CATEGORY_SWITCHED,
            target=category,
            space=category.service.space,
            label=category.name,
            details={"active": category.active},
        )
    return category


# Questions to the town hall ----------------------------------------------------------------------------------


def _service_for(service: Service | None, commune: Territory) -> Service:
    if service is None:
        raise ValidationError({"service": _("Choose the service you ask.")})
    if not Service.objects.offered_in(commune).filter(pk=service.pk).exists():
        raise ValidationError(
            {
                "service": _("This service does not serve %(commune)s: choose one from its list.")
                % {"commune": commune.name}
            }
        )
    return Service.objects.select_related("space").get(pk=service.pk)


@transaction.atomic
def question_ask(
    *, asker: User, service: Service | None, commune: Territory, text: str, public: bool = True
) -> Question:
    """Ask a service a question, publicly (in the commune's FAQ once answered) or privately (read by the asker and
    the service's agents alone). The agents are told after commit."""
    if not can(asker, "counter.report"):
        raise PermissionDenied(_("Sign in to ask the town hall a question."))
    text = _text(text, field="text", limit=QUESTION_LIMIT, required=_("Write your question."))
    if commune is None or not _instance_communes().filter(pk=commune.pk).exists():
        raise ValidationError({"commune": _("Choose a commune of this site.")})
    service = _service_for(service, commune)
    check_rate(f"counter-question:{asker.pk}", 20, 24 * 60 * 60)
    question = Question.objects.create(
        space=service.space, service=service, commune=commune, asker=asker, text=text, public=bool(public)
    )
    hooks.activity.send(kind="counter_question", target_id=question.pk)
    return question


@transaction.atomic
def question_answer(*, agent: User, question: Question, answer: str) -> Question:
    """Answer as the institution: the page signs with the service and its space; the agent is in the audit log.
    Answering again corrects the answer (the asker is told once, at the first answer)."""
    if not can(agent, "counter.handle", question):
        raise PermissionDenied(_("Only the agents of the service asked can answer this question."))
    answer = _text(answer, field="answer", limit=ANSWER_LIMIT, required=_("Write the answer."))
    question = Question.objects.select_for_update().get(pk=question.pk)
    first = question.answered_at is None
    question.answer = answer
    question.answerer = agent
    if first:
        question.answered_at = timezone.now()
    question.save(update_fields=["answer", "answerer", "answered_at"])
    audit(
        actor=agent,
        verb=CounterVerb.QUESTION_ANSWERED,
        target=question,
        space=question.space,
        # A private question's words stay between its asker and the service.
        label=question.text[:80] if question.public else _("a private question"),
        details={"first": first},
    )
    if first:
        hooks.activity.send(kind="counter_answer", target_id=question.pk)
    return question
