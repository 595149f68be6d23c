"""Joining and leaving, requests to join, roles, removal and the transfer of ownership."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.core import hooks as core_hooks
from parvis.core.permissions import can

from .. import hooks
from ..models import (
    ANSWER_LIMIT,
    MAX_JOIN_QUESTIONS,
    QUESTION_LIMIT,
    RULES_LIMIT,
    JoinPolicy,
    Membership,
    MembershipStatus,
    Role,
    Space,
    SpaceLogAction,
    memberships_of,
)
from .acts import _administrator, _log


def membership_of(*, space: Space, user) -> Membership | None:
    """The person's membership of the space, whatever its status: read from the memberships the request holds
    (`memberships_of`), which every membership act forgets."""
    if not user.is_authenticated:
        return None
    return next((m for m in memberships_of(user) if m.space_id == space.pk), None)


def _clean_answers(space: Space, answers) -> list[dict]:
    """Each of the group's questions needs its answer (a request to join only): the administrators read them."""
    questions = space.join_question_list if space.join_policy == JoinPolicy.REQUEST else []
    answers = list(answers or [])
    cleaned = []
    for index, question in enumerate(questions):
        answer = (answers[index] if index < len(answers) else "") or ""
        answer = answer.replace("\x00", "").strip()
        if not answer:
            raise ValidationError(
                {f"answer_{index}": _("Answer the question “%(question)s” to ask to join.") % {"question": question}}
            )
        if len(answer) > ANSWER_LIMIT:
            raise ValidationError(
                {
                    f"answer_{index}": _("The answer is too long (%(length)s characters; at most %(limit)s).")
                    % {"length": len(answer), "limit": ANSWER_LIMIT}
                }
            )
        cleaned.append({"question": question, "answer": answer})
    return cleaned


@transaction.atomic
def space_join(*, space: Space, user, answers: list[str] | None = None, accept_rules: bool = False) -> Membership:
    """Join an open space at once, or ask to join one on request. Invitation-only spaces refuse. A group with rules
    is joined by whoever accepts them (`accept_rules`), and a group on request with questions asks for an answer to
    each (`answers`, in the order of the questions)."""
    existing = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if existing and existing.status == MembershipStatus.ACTIVE:
        return existing
    if existing and existing.status == MembershipStatus.REQUESTED:
        return existing
    # The rules and questions as they stand now (the caller's copy of the space may predate a change).
    space = Space.objects.get(pk=space.pk)
    if space.join_policy == JoinPolicy.INVITATION and not existing:
        raise PermissionDenied(_("This space can only be joined by invitation."))
    accepted_at = None
    if space.rules.strip():
        if not accept_rules:
            raise ValidationError({"accept_rules": _("Read the group's rules and accept them to join.")})
        accepted_at = timezone.now()
    if existing and existing.status == MembershipStatus.INVITED:
        existing.status = MembershipStatus.ACTIVE
        existing.rules_accepted_at = accepted_at
        existing.save(update_fields=["status", "rules_accepted_at"])
        return existing
    answers = _clean_answers(space, answers)
    status = MembershipStatus.ACTIVE if space.join_policy == JoinPolicy.OPEN else MembershipStatus.REQUESTED
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                space=space,
                user=user,
                role=Role.MEMBER,
                status=status,
                join_answers=answers,
                rules_accepted_at=accepted_at,
            )
    except IntegrityError:  # two clicks at once: the other one won
        return Membership.objects.get(space=space, user=user)
    if status == MembershipStatus.REQUESTED:
        _notify("membership", membership.pk)
    return membership


@transaction.atomic
def space_rules_set(*, actor, space: Space, rules: str, questions: list[str]) -> Space:
    """The group's rules and the questions asked to whoever asks to join (its administrators). Applies to those who
    join from now on; the members already in keep their place."""
    _administrator(space=space, user=actor)
    rules = (rules or "").replace("\x00", "").strip()
    if len(rules) > RULES_LIMIT:
        raise ValidationError(
            {
                "rules": _("The rules are too long (%(length)s characters; at most %(limit)s).")
                % {"length": len(rules), "limit": RULES_LIMIT}
            }
        )
    cleaned = [" ".join((q or "").replace("\x00", "").split()) for q in questions or []]
    cleaned = [q for q in cleaned if q]
    if len(cleaned) > MAX_JOIN_QUESTIONS:
        raise ValidationError({"questions": _("Ask at most %(count)s questions.") % {"count": MAX_JOIN_QUESTIONS}})
    for question in cleaned:
        if len(question) > QUESTION_LIMIT:
            raise ValidationError(
                {
                    "questions": _("A question is too long (at most %(limit)s characters): “%(question)s…”")
                    % {"limit": QUESTION_LIMIT, "question": question[:30]}
                }
            )
    space = Space.objects.select_for_update().get(pk=space.pk)
    space.rules, space.join_questions = rules, "\n".join(cleaned)
    space.save(update_fields=["rules", "join_questions"])
    _log(space=space, actor=actor, action=SpaceLogAction.SETTINGS_CHANGED, detail="rules, join_questions")
    return space


@transaction.atomic
def space_leave(*, space: Space, user) -> None:
    """Leave a space (or withdraw a request). The owner must hand the space over first, so it is never orphaned."""
    membership = Membership.objects.select_for_update().filter(space=space, user=user).first()
    if membership is None:
        return
    if membership.role == Role.OWNER and membership.status == MembershipStatus.ACTIVE:
        raise ValidationError(_("You own this space: transfer its ownership before leaving."))
    was_active = membership.status == MembershipStatus.ACTIVE
    membership.delete()
    if was_active:
        hooks.membership_ended(space=space, user=user)


def _locked(membership: Membership, space: Space) -> Membership:
    """Re-read the membership under a row lock, and check it belongs to the space the caller checked rights on."""
    locked = Membership.objects.select_for_update().select_related("user").filter(pk=membership.pk).first()
    if locked is None or locked.space_id != space.pk:
        raise ValidationError(_("This person is no longer in the space's list."))
    return locked


@transaction.atomic
def membership_approve(*, actor, space: Space, membership: Membership) -> Membership:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if membership.status == MembershipStatus.ACTIVE:
        return membership
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("This person has not asked to join: they must accept their invitation."))
    membership.status = MembershipStatus.ACTIVE
    membership.save(update_fields=["status"])
    _log(space=space, actor=actor, action=SpaceLogAction.REQUEST_APPROVED, target_user=membership.user)
    core_hooks.tell.send(
        kind="space",
        target_id=space.pk,
        verb="approved",
        recipient_ids=[membership.user_id],
        actor_id=actor.pk,
        key=f"membership:{membership.pk}:approved",
    )
    return membership


@transaction.atomic
def membership_refuse(*, actor, space: Space, membership: Membership, reason: str = "") -> None:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError(_("There is no pending request from this person."))
    _log(space=space, actor=actor, action=SpaceLogAction.REQUEST_REFUSED, target_user=membership.user, reason=reason)
    membership.delete()


def _may_act_on(actor, space: Space, membership: Membership) -> None:
    """An administrator acts on others, never on the owner (whose role only changes by a transfer they make)."""
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot change your own role here: leave the space, or transfer it."))
    if membership.role == Role.OWNER:
        raise PermissionDenied(_("Nobody changes the owner's role: only the owner hands the space over."))
    if membership.role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner changes or removes another administrator."))


@transaction.atomic
def membership_set_role(*, actor, space: Space, membership: Membership, role: str, reason: str = "") -> Membership:
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    if role not in (Role.ADMIN, Role.MODERATOR, Role.MEMBER):
        raise ValidationError(
            {"role": _("Choose administrator, moderator or member (the owner hands the space over instead).")}
        )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Only a member's role changes: approve the request or wait for the invitation."))
    _may_act_on(actor, space, membership)
    if role == Role.ADMIN and not can(actor, "space.appoint_admin", space):
        raise PermissionDenied(_("Only the owner names administrators."))
    if membership.role == role:
        return membership
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.ROLE_CHANGED,
        target_user=membership.user,
        detail=f"{previous} → {role}",
        reason=reason,
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, space: Space, membership: Membership, reason: str = "") -> None:
    """Remove a member, or withdraw an invitation. A pending request is refused with `membership_refuse`."""
    _administrator(space=space, user=actor)
    membership = _locked(membership, space)
    _may_act_on(actor, space, membership)
    _log(
        space=space,
        actor=actor,
        action=SpaceLogAction.MEMBER_REMOVED,
        target_user=membership.user,
        detail=f"{membership.status} {membership.role}",
        reason=reason,
    )
    membership.delete()
    if membership.status == MembershipStatus.ACTIVE:
        hooks.membership_ended(space=space, user=membership.user)


@transaction.atomic
def space_transfer_ownership(*, actor, space: Space, new_owner: Membership) -> Membership:
    """The owner hands the space to an active member, who becomes owner; the former owner stays as administrator."""
    if not can(actor, "space.transfer", space):
        raise PermissionDenied(_("Only the owner hands the space over."))
    owner = Membership.objects.select_for_update().filter(space=space, user=actor).first()
    # Read again under the row lock: a transfer made meanwhile (a second click) leaves this person administrator.
    if owner is None or owner.role != Role.OWNER:
        raise PermissionDenied(_("Only the owner hands the space over."))
    new_owner = _locked(new_owner, space)
    if new_owner.pk == owner.pk:
        raise ValidationError(_("You already own this space."))
    if new_owner.status != MembershipStatus.ACTIVE:
        raise ValidationError(_("Hand the space to a member: this person has not joined yet."))
    owner.role = Role.ADMIN
    owner.save(update_fields=["role"])
    new_owner.role = Role.OWNER
    new_owner.save(update_fields=["role"])
    _log(space=space, actor=actor, action=SpaceLogAction.OWNERSHIP_TRANSFERRED, target_user=new_owner.user)
    return new_owner


def _notify(kind: str, target_id: int) -> None:
    """Tell the space's administrators after commit (`kinds.py` says who; notifications checks the visibility rule)."""
    core_hooks.activity.send(kind=kind, target_id=target_id)
