"""The one audit log: who did what, to what, in which space, when and why, for every act of authority (membership
and role changes, moderation decisions, agenda reviews, verifications, residence codes, the operator's changes in
the administration, staff second-factor changes). Written through `audit()` by the services, never edited.

Core imports no Parvis app, so an entry names its target by kind ("spaces.space", "accounts.user", the model's
`app_label.model`) and id, and its space by a plain integer `space_id` rather than a foreign key: the trail must
outlive what it speaks of (a deleted space keeps its entries, with the id an operator can answer a dispute with),
and core's schema stays below spaces. Each app registers the labels of its verbs (`register_verbs`) so that the
pages can show them in French; a verb nobody registered shows as written.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.admin.models import ADDITION, DELETION
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .bounds import nul_message

_VERB_LABELS: dict[str, str] = {}
# Verbs whose actor is not shown to a space's administrators (a report is the reporter's word: the moderation queue
# never names the reporter, and the space's journal does not either).
_PRIVATE_VERBS: set[str] = set()

TEXT_LIMIT = 2000
LABEL_LIMIT = 200


def register_verbs(choices: Iterable[tuple[str, str]], *, private: Iterable[str] = ()) -> None:
    """Called by each app (at import of the module that defines its verbs) with `TextChoices.choices`."""
    for value, label in choices:
        _VERB_LABELS[str(value)] = label
    _PRIVATE_VERBS.update(str(verb) for verb in private)


def verb_label(verb: str) -> str:
    return _VERB_LABELS.get(verb, verb)


def verb_choices() -> list[tuple[str, str]]:
    """Every registered verb with its label in the current language, in alphabetical order of the label."""
    return sorted(((verb, capfirst(label)) for verb, label in _VERB_LABELS.items()), key=lambda item: item[1])


class AuditEntryQuerySet(models.QuerySet):
    def for_space(self, space_id: int):
        """What a space's administrators read of their space: its entries, less the private verbs."""
        return self.filter(space_id=space_id).exclude(verb__in=_PRIVATE_VERBS)

    def for_page(self):
        return self.select_related("actor").order_by("-created_at", "-pk")


class AuditEntry(models.Model):
    # SET_NULL: the trail outlives the people; `actor_label` keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who (as written then)"), max_length=LABEL_LIMIT, blank=True)
    verb = models.CharField(_("what"), max_length=40)
    # The target's model as "app_label.model" and its primary key; `target_label` keeps a readable trace.
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    object_id = models.BigIntegerField(_("id"), null=True, blank=True)
    target_label = models.CharField(_("concerning"), max_length=LABEL_LIMIT, blank=True)
    # A plain integer, not a foreign key: see the module's docstring.
    space_id = models.BigIntegerField(_("space"), null=True, blank=True)
    reason = models.TextField(_("why"), max_length=TEXT_LIMIT, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # A default, not auto_now_add, so that the migration of the former logs keeps their dates.
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["space_id", "created_at"], name="core_audit_space"),
            models.Index(fields=["actor", "verb", "created_at"], name="core_audit_actor"),
            models.Index(fields=["verb", "created_at"], name="core_audit_verb"),
            models.Index(fields=["kind", "object_id"], name="core_audit_target"),
            models.Index(fields=["created_at"], name="core_audit_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.verb} {self.kind} {self.object_id}"

    @property
    def verb_label(self) -> str:
        return verb_label(self.verb)

    @property
    def actor_name(self) -> str:
        return _label(self.actor) if self.actor is not None else self.actor_label

    @property
    def is_private(self) -> bool:
        return self.verb in _PRIVATE_VERBS


def _label(obj) -> str:
    name = getattr(obj, "public_name", None) or str(obj)
    return name[:LABEL_LIMIT]


def audit(
    *,
    actor,
    verb: str,
    target=None,
    kind: str = "",
    id: int | None = None,
    space=None,
    reason: str = "",
    details: dict | None = None,
    label: str = "",
) -> AuditEntry:
    """Write one entry, in the caller's transaction (so that an act rolled back leaves no trace). `target` is a
    model instance, or give `kind` and `id` (and a readable `label`); `space` is a space or its id, and defaults to
    the target's `space_id` when it has one. An anonymous or missing actor is written as none (a task, a command)."""
    if "\x00" in (reason or ""):
        # The reason is the person's own words, already part of the act they asked for: refused with a sentence,
        # as every other field, rather than stored altered.
        raise ValidationError({"reason": nul_message()})
    if target is not None:
        kind = kind or target._meta.label_lower
        id = target.pk if id is None else id
    if space is None and target is not None:
        space = getattr(target, "space_id", None)
    space_id = getattr(space, "pk", space)
    known = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if known else None,
        actor_label=_label(actor) if known else "",
        verb=str(verb),
        kind=kind,
        object_id=id,
        target_label=(label or (_label(target) if target is not None else ""))[:LABEL_LIMIT],
        space_id=space_id,
        reason=(reason or "").strip()[:TEXT_LIMIT],
        details=details or {},
    )


class AdminVerb(models.TextChoices):
    ADDED = "admin_added", _("added in the administration")
    CHANGED = "admin_changed", _("changed in the administration")
    DELETED = "admin_deleted", _("deleted in the administration")


register_verbs(AdminVerb.choices)


def record_admin_change(sender, instance, created: bool = False, raw: bool = False, **kwargs) -> None:
    """The operator's changes in the Django administration (settings, figures, agenda editors, staff rights): the
    administration already writes a `LogEntry` for each; connected to its `post_save` in `CoreConfig.ready`, this
    copies it into the audit log, the one place the operator reads."""
    if not created or raw:
        return
    verb = {ADDITION: AdminVerb.ADDED, DELETION: AdminVerb.DELETED}.get(instance.action_flag, AdminVerb.CHANGED)
    content_type = instance.content_type
    object_id = str(instance.object_id or "")
    audit(
        actor=instance.user,
        verb=verb,
        kind=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        id=int(object_id) if object_id.isdigit() and len(object_id) < 19 else None,
        label=instance.object_repr,
        details={"object": instance.object_repr[:LABEL_LIMIT], "change": instance.get_change_message()[:TEXT_LIMIT]},
    )
