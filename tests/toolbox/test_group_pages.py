"""A group's own agenda page and its members' map by quartier (counts only, small quartiers merged)."""

from django.test import Client
from django.urls import reverse

from parvis.territories.services import quartier_create
from parvis.toolbox.reads import members_by_quartier
from tests.factories import add_member, make_event, make_user


def test_the_members_map_names_only_quartiers_of_five_members_or_more(spaces, beauvais, inhabitant):
    group = spaces["public"]
    big = quartier_create(commune=beauvais, name="Saint-Jean")
    small = quartier_create(commune=beauvais, name="Voisinlointain")
    for n in range(5):
        add_member(group, make_user(f"sj{n}@example.org", display_name=f"SJ {n}", quartier=big))
    add_member(group, make_user("seul@example.org", display_name="Seul", quartier=small))
    counts = members_by_quartier(group)
    assert counts["quartiers"] == [{"quartier": "Saint-Jean", "count": 5}]
    assert counts["elsewhere"] == 2  # the owner without quartier, and the lone member of a small quartier
    page = Client().get(reverse("toolbox:map", args=[group.slug]))
    assert "Saint-Jean" in page.content.decode() and "Voisinlointain" not in page.content.decode()


def test_the_group_agenda_lists_its_events_to_its_readers_only(client, spaces, inhabitant, outsider):
    group = spaces["members"]
    make_event(inhabitant, group, "Assemblée du jardin")
    client.force_login(inhabitant)
    assert "Assemblée du jardin" in client.get(reverse("toolbox:agenda", args=[group.slug])).content.decode()
    client.force_login(outsider)
    assert client.get(reverse("toolbox:agenda", args=[group.slug])).status_code == 404
