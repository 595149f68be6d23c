"""People in the registry of content kinds (`parvis.core.kinds`), registered in `AccountsConfig.ready`.

Anyone signed in reports a person whose profile they may open; only the operator's moderators suspend one (the
account is deactivated, and reactivated if the decision is reversed)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import User


def person_suspend(person: User, action: str) -> str:
    previous = "active" if User.objects.get(pk=person.pk).is_active else "inactive"
    User.objects.filter(pk=person.pk).update(is_active=False)
    return previous


def person_restore(person_id: int, action: str, previous_state: str) -> None:
    if previous_state == "active":
        User.objects.filter(pk=person_id).update(is_active=True)


def register() -> None:
    kinds.register(
        kinds.ContentKind(
            name="person",
            label=_("person"),
            model=User,
            url_word="personne",
            visible_to=lambda user: User.objects.profile_visible_to(user),
            author=lambda person: person,
            text=lambda person: (person.public_name, ""),
            actions=frozenset({kinds.SUSPEND}),
            moderate=person_suspend,
            restore=person_restore,
        )
    )
