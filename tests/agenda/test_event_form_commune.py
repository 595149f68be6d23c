"""The event form asks for the commune, by default the space's, read as at sign-up."""

from parvis.agenda.forms import EventForm


def answers(space, **extra):
    return {
        "space": space.slug,
        "title": "Fête du quartier",
        "start": "2026-06-06T10:00",
        "repeat": "none",
        "category": "other",
        **extra,
    }


def test_commune_defaults_to_the_spaces(spaces, beauvais):
    form = EventForm(answers(spaces["public"]), spaces=[spaces["public"]])
    assert form.initial["commune"] == f"{beauvais.name} ({beauvais.code})"
    assert form.is_valid(), form.errors
    assert form.event_fields()["commune"] == beauvais


def test_commune_typed_as_at_sign_up(spaces, compiegne):
    form = EventForm(answers(spaces["public"], commune=f"Compiègne ({compiegne.code})"), spaces=[spaces["public"]])
    assert form.is_valid(), form.errors
    assert form.event_fields()["commune"] == compiegne


def test_unknown_commune_says_what_to_do(spaces, english):
    form = EventForm(answers(spaces["public"], commune="Nulle-Part-sur-Mer"), spaces=[spaces["public"]])
    assert not form.is_valid()
    assert "No commune called" in form.errors["commune"][0]
