"""Every write of the élus–agents network: roles verified and accepted, themes, sessions, questions, votes,
answers, documents. Pages, the API, the commands, the demo and the tests call these; each checks the permission
table (`network.*`) and refuses bad input with a sentence naming the field, saving nothing half-way."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from parvis.accounts.models import User, Verification, VerificationLevel
from parvis.accounts.verifications import verification_record
from parvis.core import hooks, mail
from parvis.core.audit import audit, register_verbs
from parvis.core.files import atomic_with_files, file_save
from parvis.core.links import absolute_url
from parvis.core.permissions import can, roles_changed
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.spaces import hooks as space_hooks
from parvis.spaces.models import (
    JoinPolicy,
    Membership,
    MembershipStatus,
    Nature,
    Role,
    Space,
    Visibility,
    active_memberships,
)
from parvis.spaces.services.spaces import space_create
from parvis.territories.models import Territory
from parvis.tv.models import Video
from parvis.tv.models import Visibility as VideoVisibility

from .checks import document_type
from .models import (
    ANSWER_LIMIT,
    NETWORK,
    QUESTION_LIMIT,
    TITLE_LIMIT,
    Answer,
    Document,
    DocumentVersion,
    Function,
    NetworkRole,
    Question,
    QuestionVote,
    RoleKind,
    Session,
    SessionStatus,
    Source,
    Theme,
)

INVITATION_SALT = "parvis.network.invitation"
INVITATION_DAYS = 30
HUB_SLUG = "reseau-elus-agents"

register_verbs(
    [
        ("network_role_verified", _("network role verified")),
        ("network_role_accepted", _("network role accepted")),
        ("network_role_lapsed", _("network role ended")),
    ]
)


def _text(value, *, field: str, limit: int, missing: str) -> str:
    value = (value or "").replace("\x00", "").strip()
    if not value:
        raise ValidationError({field: missing})
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("This text is too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(value), "limit": limit}
            }
        )
    return value


# The network's spaces ------------------------------------------------------------------------------------------


def hub_space() -> Space | None:
    return Space.objects.filter(slug=HUB_SLUG).first()


@transaction.atomic
def network_ensure(*, operator: User, territory: Territory) -> Space:
    """The network's own space (its discussions, its members), created once by the operator."""
    space = hub_space()
    if space is None:
        space = space_create(
            creator=operator,
            name=_("Network of élus and agents"),
            nature=Nature.PROFESSIONNEL,
            territory=territory,
            visibility=Visibility.SECRET,
            join_policy=JoinPolicy.INVITATION,
            description=_("The professional network of the élus of the communes and the département's agents."),
        )
        Space.objects.filter(pk=space.pk).update(slug=HUB_SLUG)
        space.slug = HUB_SLUG
    return space


@transaction.atomic
def theme_create(*, operator: User, name: str, territory: Territory) -> Theme:
    if not can(operator, "network.verify", NETWORK):
        raise PermissionDenied(_("Only the operator creates the network's themes."))
    name = clean_name(name or "")
    if not name:
        raise ValidationError({"name": _("Name the theme.")})
    slug = slugify(name)[:60] or "theme"
    if Theme.objects.filter(slug=slug).exists():
        raise ValidationError({"name": _("This theme exists already.")})
    space = space_create(
        creator=operator,
        name=_("Network: %(theme)s") % {"theme": name},
        nature=Nature.PROFESSIONNEL,
        territory=territory,
        visibility=Visibility.SECRET,
        join_policy=JoinPolicy.INVITATION,
        description=_("Documents, discussions and polls of the network on %(theme)s.") % {"theme": name},
    )
    theme = Theme.objects.create(name=name, slug=slug, space=space)
    for user in User.objects.filter(pk__in=NetworkRole.objects.active().values("user_id")):
        _add_member(space, user)
    return theme


def _add_member(space: Space, user: User) -> None:
    Membership.objects.update_or_create(
        space=space, user=user, defaults={"status": MembershipStatus.ACTIVE}, create_defaults={"role": Role.MEMBER}
    )


def _network_spaces():
    return Space.objects.filter(pk__in=[*Theme.objects.values_list("space_id", flat=True)]) | Space.objects.filter(
        slug=HUB_SLUG
    )


# Roles ---------------------------------------------------------------------------------------------------------


def _clean_dates(starts_on, ends_on) -> tuple[date, date | None]:
    if starts_on is None:
        raise ValidationError({"starts_on": _("Give the date the role begins.")})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date comes before the start date.")})
    return starts_on, ends_on


@transaction.atomic
def role_verify(
    *,
    operator: User | None,
    kind: str,
    first_name: str,
    last_name: str,
    email: str = "",
    commune: Territory | None = None,
    function: str = "",
    service: str = "",
    direction: str = "",
    theme: Theme | None = None,
    starts_on: date,
    ends_on: date | None = None,
    source: str = Source.OPERATOR,
) -> NetworkRole:
    """A role the operator checked (or the import read from the State's register). `operator` None: the import
    command, which the operator runs on the server."""
    if operator is not None and not can(operator, "network.verify", NETWORK):
        raise PermissionDenied(_("Only the operator verifies the network's roles."))
    if kind not in RoleKind.values:
        raise ValidationError({"kind": _("Choose élu, agent or expert.")})
    first_name, last_name = clean_name(first_name or "")[:100], clean_name(last_name or "")[:100]
    if not first_name or not last_name:
        raise ValidationError({"last_name": _("Give the person's first and last names.")})
    starts_on, ends_on = _clean_dates(starts_on, ends_on)
    if kind == RoleKind.ELU:
        if function not in Function.values:
            raise ValidationError({"function": _("Choose the élu's function.")})
        if commune is None and function != Function.CONSEILLER_DEPARTEMENTAL:
            raise ValidationError({"commune": _("Choose the élu's commune.")})
    elif kind == RoleKind.AGENT:
        if not (service or "").strip():
            raise ValidationError({"service": _("Give the agent's service.")})
        function = ""
    else:
        if theme is None:
            raise ValidationError({"theme": _("Choose the expert's theme.")})
        function = ""
    role, _created = NetworkRole.objects.update_or_create(
        kind=kind,
        commune=commune,
        last_name=last_name,
        first_name=first_name,
        function=function,
        starts_on=starts_on,
        defaults={
            "ends_on": ends_on,
            "service": (service or "").strip()[:120],
            "direction": (direction or "").strip()[:120],
            "theme": theme,
            "source": source,
            "verified_by": operator,
            "verified_at": timezone.now(),
            **({"email": email.strip().lower()} if email else {}),
        },
    )
    audit(actor=operator, verb="network_role_verified", target=role, label=role.full_name)
    if role.user_id:
        mandate_level_sync(user=role.user)
        roles_changed()
    return role


def role_add(*, operator: User, email: str = "", **fields) -> NetworkRole:
    """The operator's page: verify a role, and send its invitation at once when the address is given."""
    with transaction.atomic():
        role = role_verify(operator=operator, email=email, **fields)
        if email and not role.user_id:
            role_invite(operator=operator, role=role, email=email)
    return role


def invitation_token(role: NetworkRole) -> str:
    return signing.dumps({"role": role.pk, "nonce": role.invited_at.isoformat()}, salt=INVITATION_SALT)


@transaction.atomic
def role_invite(*, operator: User | None, role: NetworkRole, email: str = "") -> str:
    """Send the role's holder a signed link, valid 30 days and once: whoever opens it signed in takes the role."""
    if operator is not None and not can(operator, "network.verify", NETWORK):
        raise PermissionDenied(_("Only the operator invites to the network."))
    if role.user_id:
        raise ValidationError({"email": _("This role is held already.")})
    email = (email or role.email).strip().lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Give the e-mail address to send the invitation to.")})
    role.email = email
    role.invited_at = timezone.now()
    role.save(update_fields=["email", "invited_at"])
    token = invitation_token(role)
    link = absolute_url(reverse("network:accept", kwargs={"token": token}))
    message = mail.compose(
        kind="network_invitation", to=email, name=role.full_name, context={"link": link, "role": role}
    )
    transaction.on_commit(lambda: mail.deliver(message, key=f"network-invite:{role.pk}:{token[-12:]}"))
    return token


@transaction.atomic
def role_accept(*, user: User, token: str) -> NetworkRole:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.BadSignature:
        raise ValidationError(_("This invitation link is not valid, or is more than 30 days old.")) from None
    role = NetworkRole.objects.select_for_update().filter(pk=data.get("role")).first()
    if role is None or role.invited_at is None or role.invited_at.isoformat() != data.get("nonce"):
        raise ValidationError(_("This invitation link is not valid, or is more than 30 days old."))
    if role.user_id is not None:
        if role.user_id == user.pk:
            return role
        raise ValidationError(_("This invitation was used already."))
    role.user = user
    role.accepted_at = timezone.now()
    role.email = ""
    role.save(update_fields=["user", "accepted_at", "email"])
    audit(actor=user, verb="network_role_accepted", target=role, label=role.full_name)
    mandate_level_sync(user=user)
    if NetworkRole.objects.active().filter(pk=role.pk).exists():
        for space in _network_spaces():
            _add_member(space, user)
    roles_changed()
    return role


@transaction.atomic
def roles_lapse(*, today: date | None = None) -> int:
    """Take out of the network's spaces the people who hold no active role any more (a mandate ended yesterday):
    run each night (`manage.py network_lapse`). Their reads of the network stopped already at midnight
    (`NetworkContentQuerySet.visible_to`); this removes them from its discussions and polls too."""
    today = today or timezone.localdate()
    active = NetworkRole.objects.active_on(today).values("user_id")
    holders = NetworkRole.objects.filter(user__isnull=False).exclude(user_id__in=active).values("user_id")
    gone = 0
    for membership in (
        Membership.objects.filter(space__in=_network_spaces(), user_id__in=holders)
        .exclude(role=Role.OWNER)
        .select_related("space", "user")
    ):
        membership.delete()
        space_hooks.membership_ended(space=membership.space, user=membership.user)
        gone += 1
    if gone:
        roles_changed()
    return gone


@transaction.atomic
def roles_begin(*, today: date | None = None) -> int:
    """Let in the people whose role, accepted before it began, begins now (an élu invited before the mandate's
    first day), or runs again (a mandate extended after it lapsed): the network's spaces and the mandate level. Run
    each night with `roles_lapse`; whoever holds the level and a place in the network already is left alone."""
    today = today or timezone.localdate()
    vouched = Verification.objects.current().filter(level=VerificationLevel.MANDATE).values("user_id")
    inside = Membership.objects.filter(space__in=_network_spaces()).values("user_id")
    starting = (
        User.objects.filter(pk__in=NetworkRole.objects.active_on(today).values("user_id"))
        .exclude(pk__in=vouched.filter(user_id__in=inside))
        .order_by("pk")
    )
    count = 0
    for user in starting:
        mandate_level_sync(user=user)
        for space in _network_spaces():
            _add_member(space, user)
        count += 1
    if count:
        roles_changed()
    return count


def _day_after(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


MANDATE_METHOD = "network_role"


def mandate_level_sync(*, user: User) -> Verification | None:
    """The "mandate" verification level (`core.permissions.LEVELS`) follows the person's verified and accepted roles
    of the network: held from the day a role begins until midnight after the last one ends (open-ended while one
    has no end). The operator verified the role, so the operator's instance is who vouches ("verified mandate by
    <site> on date"); one line per person, whatever the number of roles, its end moved when a role's dates move."""
    today = timezone.localdate()
    roles = list(NetworkRole.objects.filter(user=user, starts_on__lte=today).order_by("verified_at", "pk"))
    if not roles:
        return None
    ends = [role.ends_on for role in roles]
    expires_at = None if None in ends else _day_after(max(ends))
    latest = roles[-1]
    return verification_record(
        user=user,
        level=VerificationLevel.MANDATE,
        method=f"{MANDATE_METHOD}:{latest.source}",
        verifier_label=settings.PARVIS_SITE_NAME,
        verifier=latest.verified_by,
        expires_at=expires_at,
    )


# Sessions ------------------------------------------------------------------------------------------------------


def _aware(moment: datetime | None, field: str) -> datetime:
    if moment is None:
        raise ValidationError({field: _("Give the date and time.")})
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@transaction.atomic
def session_schedule(
    *, actor: User, theme: Theme, title: str, description: str, expert: User, starts_at, ends_at
) -> Session:
    if not can(actor, "network.session_open", NETWORK):
        raise PermissionDenied(_("Only the département's agents open expert sessions."))
    title = _text(title, field="title", limit=TITLE_LIMIT, missing=_("Give the session a title."))
    description = (description or "").replace("\x00", "").strip()[:4000]
    starts_at, ends_at = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session ends after it starts.")})
    if ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("This date has passed: choose a date to come.")})
    if not NetworkRole.objects.active().filter(user=expert, kind=RoleKind.EXPERT).exists():
        raise ValidationError({"expert": _("Choose an expert of the network.")})
    session = Session.objects.create(
        theme=theme,
        space=theme.space,
        title=title,
        description=description,
        expert=expert,
        created_by=actor,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    _add_member(theme.space, expert)
    hooks.activity.send(kind="network_session", target_id=session.pk)
    return session


@transaction.atomic
def session_close(*, actor: User, session: Session) -> Session:
    """Questions are closed: after the session nobody asks nor votes; the page keeps everything."""
    if not (can(actor, "network.session_open", NETWORK) or session.expert_id == actor.pk):
        raise PermissionDenied(_("Only the agents and the session's expert close it."))
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED)
    session.status = SessionStatus.CLOSED
    return session


@transaction.atomic
def session_set_replay(*, actor: User, session: Session, video) -> Session:
    """The session's video from the web TV (or None to take it away), chosen by an agent or the session's expert
    among the videos they manage: nobody puts another's video on the page. An unlisted video is never shown: the
    page would list what only its link should open."""
    if not (can(actor, "network.session_open", NETWORK) or session.expert_id == actor.pk):
        raise PermissionDenied(_("Only the agents and the session's expert add its replay."))
    if video is not None:
        if not can(actor, "video.edit", video):
            raise ValidationError({"video": _("Choose one of the videos you manage on the web TV.")})
        if video.visibility == VideoVisibility.UNLISTED:
            raise ValidationError(
                {"video": _("An unlisted video cannot be shown on the session's page: make it public or members-only.")}
            )
    session.replay = video
    session.save(update_fields=["replay"])
    return session


def replay_candidates(user: User) -> list:
    """The listed videos `user` manages in the spaces they belong to, newest first: what they may add as a replay."""
    spaces = [membership.space_id for membership in active_memberships(user)]
    videos = (
        Video.objects.visible_to(user)
        .listed()
        .filter(space_id__in=spaces)
        .select_related("channel", "space")
        .order_by("-published_at", "-pk")[:100]
    )
    return [video for video in videos if can(user, "video.edit", video)]


# Questions, votes, answers -------------------------------------------------------------------------------------


def _readable(user: User, session: Session) -> Session:
    found = Session.objects.visible_to(user).filter(pk=session.pk).first()
    if found is None:
        raise PermissionDenied(_("Only the members of the network take part in its sessions."))
    return found


@transaction.atomic
def question_ask(*, author: User, session: Session, text: str) -> Question:
    if not can(author, "network.ask", NETWORK):
        raise PermissionDenied(_("Only the élus and agents of the network ask questions."))
    session = _readable(author, session)
    if not session.questions_open:
        raise ValidationError({"text": _("The session is over: questions are closed.")})
    check_rate(f"network-question:{author.pk}", 20, 60 * 60)
    text = _text(text, field="text", limit=QUESTION_LIMIT, missing=_("Write your question."))
    question = Question.objects.create(session=session, space_id=session.space_id, author=author, text=text)
    hooks.activity.send(kind="network_question", target_id=question.pk)
    return question


@transaction.atomic
def question_vote(*, voter: User, question: Question) -> Question:
    """One vote per person and question: the unique constraint holds it when two clicks arrive at once."""
    if not can(voter, "network.vote", NETWORK):
        raise PermissionDenied(_("Only the élus and agents of the network vote."))
    question = Question.objects.visible_to(voter).select_related("session").filter(pk=question.pk).first()
    if question is None:
        raise PermissionDenied(_("Only the members of the network take part in its sessions."))
    if not question.session.questions_open:
        raise ValidationError({"question": _("The session is over: votes are closed.")})
    if question.author_id == voter.pk:
        raise ValidationError({"question": _("You asked this question: vote for others'.")})
    try:
        with transaction.atomic():
            QuestionVote.objects.create(question=question, voter=voter)
    except IntegrityError:
        raise ValidationError({"question": _("You voted for this question already: one vote per person.")}) from None
    Question.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    question.refresh_from_db(fields=["vote_count"])
    return question


@transaction.atomic
def question_answer(*, expert: User, question: Question, text: str) -> Answer:
    question = Question.objects.visible_to(expert).select_related("session").filter(pk=question.pk).first()
    if question is None or question.session.expert_id != expert.pk or not can(expert, "network.answer", NETWORK):
        raise PermissionDenied(_("Only the session's expert answers its questions."))
    text = _text(text, field="text", limit=ANSWER_LIMIT, missing=_("Write your answer."))
    answer, created = Answer.objects.update_or_create(
        question=question, defaults={"text": text, "author": expert, "space_id": question.space_id}
    )
    if created:
        hooks.activity.send(kind="network_answer", target_id=answer.pk)
    return answer


# Documents -----------------------------------------------------------------------------------------------------


def _may_share(user: User, space: Space) -> None:
    if not can(user, "network.share", NETWORK) or not space.is_readable_by(user):
        raise PermissionDenied(_("Only the members of the network share documents here."))


@atomic_with_files()
def document_share(*, author: User, space: Space, title: str, upload) -> Document:
    _may_share(author, space)
    title = _text(title, field="title", limit=TITLE_LIMIT, missing=_("Give the document a title."))
    content_type = document_type(upload)
    document = Document.objects.create(space=space, author=author, title=title)
    _version_add(document=document, author=author, upload=upload, content_type=content_type)
    hooks.activity.send(kind="network_document", target_id=document.pk)
    return document


@atomic_with_files()
def document_revise(*, author: User, document: Document, upload) -> DocumentVersion:
    """A new version; the older ones stay in the document's history."""
    document = Document.objects.visible_to(author).select_for_update().filter(pk=document.pk).first()
    if document is None:
        raise PermissionDenied(_("Only the members of the network share documents here."))
    _may_share(author, document.space)
    content_type = document_type(upload)
    return _version_add(document=document, author=author, upload=upload, content_type=content_type)


def _version_add(*, document: Document, author: User, upload, content_type: str) -> DocumentVersion:
    number = (document.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    filename = clean_name(getattr(upload, "name", "") or "document")[:200] or "document"
    version = DocumentVersion(
        document=document,
        number=number,
        filename=filename,
        content_type=content_type,
        size=upload.size,
        uploaded_by=author,
    )
    extension = filename.rsplit(".", 1)[-1][:8].lower() if "." in filename else "bin"
    file_save(version.file, f"{get_random_string(16)}.{extension}", upload)
    version.save()
    document.current = version
    document.save(update_fields=["current", "updated_at"])
    return version


# The weekly digest -------------------------------------------------------------------------------------------


def digest_send(*, now: datetime | None = None) -> int:
    """E-mail each active member what the network holds for them this week: coming sessions, answers given and
    documents shared in the last seven days, each read through `visible_to` for that person. Sent once per person
    and week (the delivery key), so running the command twice sends nothing more."""
    now = now or timezone.now()
    since = now - timedelta(days=7)
    week = now.strftime("%G-W%V")
    sent = 0
    members = User.objects.filter(is_active=True, pk__in=NetworkRole.objects.active().values("user_id"))
    for user in members.order_by("pk"):
        if not hooks.wants_email(user=user):
            continue
        upcoming = list(
            Session.objects.visible_to(user)
            .select_related("theme")
            .filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=14))[:10]
        )
        answered = list(
            Question.objects.visible_to(user).filter(answer__created_at__gte=since, answer__hidden=False)[:10]
        )
        documents = list(Document.objects.visible_to(user).filter(updated_at__gte=since)[:10])
        if not (upcoming or answered or documents):
            continue
        for item in (*upcoming, *answered, *documents):
            item.link = absolute_url(item.get_absolute_url())
        message = mail.compose(
            kind="network_digest",
            to=user,
            context={"upcoming": upcoming, "answered": answered, "documents": documents},
        )
        sent += mail.deliver(message, key=f"network-digest:{week}:{user.pk}")
    return sent
