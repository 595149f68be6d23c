"""School classes: a parent opens a private space, other parents ask, the creator or the teacher approves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from parvis.directory import services
from parvis.spaces.models import JoinPolicy, Membership, MembershipStatus, Role, Visibility
from parvis.spaces.services.memberships import membership_approve, space_join
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(beauvais):
    return make_user("enseignante@example.org", display_name="Mme Martin", home_commune=beauvais, handle="mmartin")


def test_parent_creates_private_class_another_parent_joins_on_approval(client, inhabitant, neighbour, school):
    client.force_login(inhabitant)
    response = client.post(
        reverse("directory:class_create"),
        {"school": school.pk, "year": "CM2", "class_name": "B", "school_year": "2026-2027"},
    )
    assert response.status_code == 302
    school_class = school.classes.get()
    space = school_class.space
    assert space.name == "CM2 B — École Jean-Jaurès (2026-2027)"
    assert (space.visibility, space.join_policy) == (Visibility.MEMBERS, JoinPolicy.REQUEST)
    client.force_login(neighbour)
    assert "CM2 B" in client.get(reverse("directory:entry", args=[school.slug])).content.decode()
    membership = space_join(space=space, user=neighbour)
    assert membership.status == MembershipStatus.REQUESTED
    membership_approve(actor=inhabitant, space=space, membership=membership)
    from parvis.posts.services import post_create

    post_create(author=inhabitant, space=space, body="Sortie au musée jeudi")
    page = client.get(space.get_absolute_url()).content.decode()
    assert "Sortie au musée jeudi" in page


def test_outsider_does_not_read_the_class(client, inhabitant, outsider):
    school_class = services.school_class_create(
        creator=inhabitant, school_name="École Jules-Ferry", year="CP", class_name="A", school_year="2026-2027"
    )
    from parvis.posts.services import post_create

    post_create(author=inhabitant, space=school_class.space, body="Photos de la kermesse")
    client.force_login(outsider)
    assert "kermesse" not in client.get(school_class.space.get_absolute_url()).content.decode()


def test_teacher_named_by_handle_approves_parents(inhabitant, neighbour, teacher, outsider):
    school_class = services.school_class_create(
        creator=inhabitant,
        school_name="École Jules-Ferry",
        year="CE1",
        class_name="",
        school_year="2026-2027",
        teacher_handle="@mmartin",
    )
    space = school_class.space
    invitation = Membership.objects.get(space=space, user=teacher)
    assert (invitation.status, invitation.role) == (MembershipStatus.INVITED, Role.ADMIN)
    space_join(space=space, user=teacher)  # accepts the invitation
    request = space_join(space=space, user=neighbour)
    membership_approve(actor=teacher, space=space, membership=request)
    assert Membership.objects.get(space=space, user=neighbour).status == MembershipStatus.ACTIVE
    # Only the class's owner names the teacher.
    with pytest.raises(PermissionDenied):
        services.school_class_set_teacher(actor=neighbour, school_class=school_class, handle="mmartin")


def test_teacher_page_names_an_existing_member(client, inhabitant, teacher):
    school_class = services.school_class_create(
        creator=inhabitant, school_name="École Jules-Ferry", year="CM1", school_year="2026-2027"
    )
    space = school_class.space
    space_join(space=space, user=teacher)
    url = reverse("directory:class_teacher", args=[space.slug])
    client.force_login(teacher)
    assert client.get(url).status_code == 403
    client.force_login(inhabitant)
    assert url in client.get(reverse("directory:class_create")).content.decode()
    assert client.post(url, {"handle": "personne"}).status_code == 400
    assert client.post(url, {"handle": "mmartin"}).status_code == 302
    assert Membership.objects.get(space=space, user=teacher).role == Role.ADMIN


def test_class_form_bad_input_is_a_clear_message(client, inhabitant, outsider, school):
    client.force_login(inhabitant)
    response = client.post(reverse("directory:class_create"), {"year": "CM2", "school_year": "2026-2028"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "e.g. 2026-2027" in page
    assert "type its name" in page
    # A school of another commune is not offered.
    with pytest.raises(ValidationError):
        services.school_class_create(creator=outsider, school=school, year="CM2", school_year="2026-2027")


def test_api_creates_a_class(client, inhabitant, school):
    client.force_login(inhabitant)
    response = client.post(
        "/api/v1/directory/classes",
        {"school_id": school.pk, "year": "GS", "class_name": "2", "school_year": "2026-2027"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["visibility"] == "members"
    response = client.post(
        "/api/v1/directory/classes", {"year": "XX", "school_year": "2026"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "class level" in response.json()["detail"]
    client.logout()
    assert client.post("/api/v1/directory/classes", {}, content_type="application/json").status_code == 401
