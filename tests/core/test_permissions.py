"""The permission table (`parvis.core.permissions`): each role × a few actions, and the people it must refuse."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from parvis.agenda.models import AgendaEditor
from parvis.core.permissions import TABLE, can
from parvis.posts.services import post_create
from parvis.spaces.models import Nature, Role, Space
from parvis.spaces.services.memberships import membership_of, membership_set_role, space_join, space_leave
from parvis.spaces.services.spaces import space_create
from tests.conftest import give_operator_role
from tests.factories import add_member, agenda_editor, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(inhabitant, beauvais):
    return space_create(creator=inhabitant, name="Jardin partagé", nature=Nature.VOISINAGE, territory=beauvais)


# Each role of a space, against the actions of a space: (role, may post, moderate, administer, name admins).
SPACE_ROWS = [
    (Role.MEMBER, True, False, False, False),
    (Role.MODERATOR, True, True, False, False),
    (Role.ADMIN, True, True, True, False),
]


@pytest.mark.parametrize(("role", "post", "moderate", "administer", "appoint"), SPACE_ROWS)
def test_each_role_of_a_space_holds_its_row_of_the_table(group, inhabitant, role, post, moderate, administer, appoint):
    person = make_user(f"{role}@example.org")
    add_member(group, person, role)
    assert can(person, "space.post", group) is post
    assert can(person, "space.moderate", group) is moderate
    assert can(person, "space.administer", group) is administer
    assert can(person, "space.appoint_admin", group) is appoint


def test_the_owner_holds_every_capability_of_a_space(group, inhabitant):
    for action in ("space.post", "space.moderate", "space.administer", "space.appoint_admin", "space.transfer"):
        assert can(inhabitant, action, group), action


def test_a_member_of_an_official_space_does_not_speak_for_the_institution(beauvais):
    official = Space.objects.get(territory=beauvais, is_official=True)
    citizen = make_user("citoyen@example.org", home_commune=beauvais)
    space_join(space=official, user=citizen)
    assert membership_of(space=official, user=citizen) is not None
    assert not can(citizen, "space.post", official)
    with pytest.raises(PermissionDenied):
        post_create(author=citizen, space=official, body="Je parle au nom de la mairie.")


def test_a_demoted_moderator_loses_the_capability_at_once(group, inhabitant):
    moderator = make_user("moderatrice@example.org")
    add_member(group, moderator, Role.MODERATOR)
    assert can(moderator, "space.moderate", group)  # remembered on this user object…
    membership_set_role(
        actor=inhabitant, space=group, membership=membership_of(space=group, user=moderator), role=Role.MEMBER
    )
    assert not can(moderator, "space.moderate", group)  # …and forgotten when the role changes
    assert can(moderator, "space.post", group)


def test_a_former_member_keeps_nothing(group):
    person = make_user("partie@example.org")
    add_member(group, person)
    assert can(person, "space.post", group)
    space_leave(space=group, user=person)
    assert not can(person, "space.post", group)
    with pytest.raises(PermissionDenied):
        post_create(author=person, space=group, body="Encore moi.")


def test_an_outsider_and_an_anonymous_visitor_hold_no_capability_on_a_space(group, outsider):
    for user in (outsider, AnonymousUser(), None):
        for action in ("space.post", "space.moderate", "space.administer", "space.transfer", "event.edit"):
            assert not can(user, action, group), (user, action)


def test_staff_without_the_operator_role_gets_nothing_special(group, beauvais):
    staff = make_user("technicien@example.org", is_staff=True)
    for action in ("audit.read", "figures.read", "organisation.verify", "quartier.create", "moderation.anything"):
        assert not can(staff, action), action
    assert not can(staff, "space.moderate", group)
    # With the role, the operator's capabilities, and still none inside a group they are not in.
    give_operator_role(staff)
    assert can(staff, "audit.read") and can(staff, "organisation.verify") and can(staff, "moderation.anything")
    assert not can(staff, "space.post", group) and not can(staff, "space.administer", group)


def test_the_operators_moderation_team_only_moderates(operator_moderator, group):
    assert can(operator_moderator, "moderation.anything")
    assert not can(operator_moderator, "audit.read")
    assert not can(operator_moderator, "space.administer", group)


def test_an_agent_reviews_the_agenda_of_their_territory_and_below_only(beauvais, compiegne):
    agent = agenda_editor(beauvais)
    assert can(agent, "agenda.review", beauvais)
    assert not can(agent, "agenda.review", compiegne)
    assert not can(agent, "agenda.review", beauvais.parent)  # the département is not theirs
    AgendaEditor.objects.filter(user=agent).delete()
    assert not can(agent, "agenda.review", beauvais)


def test_the_elu_role_is_in_the_table_waiting_for_verified_mandates():
    assert "elu" in TABLE and "agent" in TABLE and "operator" in TABLE


def test_an_unknown_action_is_an_error_not_a_silent_refusal(inhabitant):
    with pytest.raises(ValueError):
        can(inhabitant, "space.postt")


def test_the_template_tag_reads_the_same_table(group, inhabitant, outsider):
    template = Template('{% load permissions %}{% can "space.administer" space as may %}{{ may|yesno:"yes,no" }}')
    assert template.render(Context({"user": inhabitant, "space": group})) == "yes"
    assert template.render(Context({"user": outsider, "space": group})) == "no"


def test_asking_about_many_spaces_reads_the_memberships_once(inhabitant, beauvais, django_assert_num_queries):
    groups = [
        space_create(creator=inhabitant, name=f"Groupe {n}", nature=Nature.VOISINAGE, territory=beauvais)
        for n in range(3)
    ]
    person = make_user("lecteur@example.org")
    for space in groups:
        space_join(space=space, user=person)
    person = type(person).objects.get(pk=person.pk)  # as a new request would have it
    with django_assert_num_queries(1):
        assert all(can(person, "space.post", space) for space in groups)
        assert not any(can(person, "space.moderate", space) for space in groups)
