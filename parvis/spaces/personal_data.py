"""The register's lines for spaces: what their officers write, memberships and follows (see
`core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, WHILE_SPACE, Entry, NotPersonal, Retention

from .models import Follow, Membership, Space

WHILE_MEMBER = Retention(life=_("as long as you are a member; removed when you leave or delete your account"))


def register() -> None:
    personal_data.register(
        key="spaces",
        heading=_("Groups and pages"),
        entries=[
            Entry(
                Space,
                ("name", "description", "cover", "cover_alt", "rules", "join_questions"),
                data=_("what a group's officers write about it: name, description, cover picture"),
                purpose=_("presenting the group or the page"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_("the people who may know the space exists (everyone but for a secret group)"),
            ),
            Entry(
                Membership,
                ("space", "user", "role", "status", "created_at"),
                data=_("the groups you belong to or asked to join, and your role there"),
                purpose=_("letting you read and write in your groups, and their officers manage them"),
                basis=SERVICE,
                retention=WHILE_MEMBER,
                seen_by=_("you, the group's officers, and its members (who the members are is for the members)"),
            ),
            Entry(
                Membership,
                ("join_answers", "rules_accepted_at"),
                data=_("your answers to a group's questions when asking to join, and when you accepted its rules"),
                purpose=_("letting a group's officers decide on your request"),
                basis=SERVICE,
                retention=WHILE_MEMBER,
                seen_by=_("you and the group's officers"),
            ),
            Entry(
                Follow,
                ("user", "space", "created_at"),
                data=_("the spaces you follow"),
                purpose=_("bringing their news into your feed"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Space,
                (
                    "slug",
                    "nature",
                    "territory",
                    "visibility",
                    "join_policy",
                    "is_official",
                    "organisation_kind",
                    "is_verified",
                    "created_at",
                ),
                "the settings of a space",
            ),
            NotPersonal(Space, ("siret", "rna"), "an organisation's public registration numbers"),
        ],
    )
