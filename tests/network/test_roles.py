"""Who is in the network: roles verified or imported from the State's register, taken by invitation, lost the day
after the mandate ends; the directory is read by the network's members only."""

from datetime import date
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from freezegun import freeze_time

from parvis.core.permissions import can
from parvis.network import services
from parvis.network.models import NETWORK, Function, NetworkRole, Session, Source
from parvis.network.rne import rne_import
from parvis.spaces.models import Membership
from tests.factories import make_user

from .helpers import grant

SAMPLE = Path(__file__).parent / "rne_sample.csv"

# The tests read the messages in English (the msgids); the French ones are checked by the translation tools.
pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.django_db
def test_the_register_of_elus_is_imported_with_a_clear_sentence_for_each_bad_line(beauvais, compiegne):
    report = rne_import(SAMPLE.read_bytes(), ends_on=date(2032, 3, 31))
    assert report.imported == 3
    assert report.errors == [
        "Line 5: the commune 99999 is not one of this site's.",
        "Line 6: the start date is not a date.",
    ]
    maire = NetworkRole.objects.get(last_name="DUPONT")
    assert (maire.function, maire.commune, maire.source) == (Function.MAIRE, beauvais, Source.RNE)
    assert NetworkRole.objects.get(last_name="MARTIN").function == Function.ADJOINT
    assert NetworkRole.objects.get(last_name="LEROY").function == Function.CONSEILLER_MUNICIPAL
    assert maire.ends_on == date(2032, 3, 31) and maire.user is None  # nobody holds it before the invitation
    # Importing again changes nothing (the same mandates), and keeps no birth date anywhere.
    assert rne_import(SAMPLE.read_bytes()).imported == 3
    assert NetworkRole.objects.count() == 3
    assert not [f.name for f in NetworkRole._meta.fields if "birth" in f.name or "naissance" in f.name]


@pytest.mark.django_db
def test_a_file_that_is_not_the_register_is_refused_whole(beauvais):
    report = rne_import("nom,prenom\nDupont,Claire\n")
    assert report.imported == 0 and "columns missing" in report.errors[0]


@pytest.mark.django_db
def test_the_import_command_reads_the_file(beauvais, compiegne, capsys):
    call_command("network_import_rne", str(SAMPLE))
    assert "3 élus imported, 2 lines refused." in capsys.readouterr().out


@pytest.mark.django_db
def test_an_invitation_link_gives_the_role_once_and_to_one_person(
    operator, beauvais, django_capture_on_commit_callbacks
):
    services.network_ensure(operator=operator, territory=beauvais.parent)
    rne_import(SAMPLE.read_bytes())
    role = NetworkRole.objects.get(last_name="DUPONT")
    with django_capture_on_commit_callbacks(execute=True):
        token = services.role_invite(operator=operator, role=role, email="claire@beauvais.example.org")
    assert mail.outbox and "/reseau/invitation/" in mail.outbox[-1].body
    claire = make_user("claire@beauvais.example.org", display_name="Claire")
    assert not can(claire, "network.read", NETWORK)
    services.role_accept(user=claire, token=token)
    assert can(claire, "network.read", NETWORK) and can(claire, "network.ask", NETWORK)
    assert not can(claire, "network.session_open", NETWORK)  # élus take part; agents open sessions
    intruder = make_user("intrus@example.org")
    with pytest.raises(ValidationError, match="used already"):
        services.role_accept(user=intruder, token=token)
    with pytest.raises(ValidationError, match="not valid"):
        services.role_accept(user=intruder, token=token[:-2] + "xx")
    assert not can(intruder, "network.read", NETWORK)


@pytest.mark.django_db
def test_an_elu_whose_mandate_ended_loses_access_the_next_day(net, client, operator):
    elu = make_user("ancien@example.org", display_name="Ancien Maire")
    with freeze_time("2026-12-01 10:00"):
        grant(operator, elu, commune=net["beauvais"], ends_on=date(2026, 12, 31))
    session = net["session"]
    with freeze_time("2026-12-31 20:00"):  # the last day of the mandate: still in
        client.force_login(elu)
        assert client.get(f"/reseau/sessions/{session.pk}/").status_code == 200
        assert Session.objects.visible_to(elu).filter(pk=session.pk).exists()
    with freeze_time("2027-01-01 08:00"):  # the next day: nothing, even before the nightly command
        client.force_login(elu)
        assert client.get(f"/reseau/sessions/{session.pk}/").status_code == 404
        assert client.get("/reseau/annuaire/").status_code == 404
        assert not Session.objects.visible_to(elu).exists()
        assert not can(elu, "network.ask", NETWORK)
        assert services.roles_lapse() == 2  # then the night takes them out of the network's spaces
        assert not Membership.objects.filter(user=elu).exists()
        assert Membership.objects.filter(user=net["elu"]).count() == 2  # the others stay


@pytest.mark.django_db
def test_the_directory_is_read_by_members_only(net, client, inhabitant):
    client.force_login(net["other"])
    page = client.get("/reseau/annuaire/").content.decode()
    assert "Claire Dupont" in page or "Dupont" in page
    assert "badge--professionnel" in page
    client.force_login(inhabitant)
    assert client.get("/reseau/annuaire/").status_code == 404
    home = client.get("/reseau/").content.decode()
    assert "Dupont" not in home and "réseaux d'eau" not in home


@pytest.mark.django_db
def test_the_directory_filters_by_role_and_commune(net, client):
    client.force_login(net["agent"])
    page = client.get("/reseau/annuaire/?role=expert").content.decode()
    assert "Expert" in page and "Dupont" not in page
    page = client.get("/reseau/annuaire/?commune=60159").content.decode()
    assert "Leroy" in page and "Dupont" not in page


@pytest.mark.django_db
def test_a_verified_elu_holds_the_mandate_level_until_the_day_after_the_mandate(net, operator):
    from parvis.accounts import verifications
    from parvis.accounts.models import User, Verification
    from parvis.core.permissions import level_missing

    verifications.action_level_set(operator=operator, action="elu.message", level="mandate")
    elu = make_user("mandat@example.org", display_name="Paul Mandat")
    assert level_missing(elu, "elu.message") == "mandate"
    with freeze_time("2026-12-01 10:00"):
        grant(operator, elu, commune=net["beauvais"], ends_on=date(2026, 12, 31))
    mandate = Verification.objects.get(user=elu, level="mandate")
    assert mandate.method == "network_role:operator" and mandate.verifier == operator
    with freeze_time("2026-12-31 20:00"):  # the last day of the mandate: held
        assert level_missing(User.objects.get(pk=elu.pk), "elu.message") is None
        rows = verifications.verifications_of(elu)
        assert [row["label"] for row in rows] == ["organisation or mandate verified by the operator"]
    with freeze_time("2027-01-01 08:00"):  # the next day: lost
        assert level_missing(User.objects.get(pk=elu.pk), "elu.message") == "mandate"
    # The operator extends the mandate (re-elected): the level follows the role's new end, on the same line.
    with freeze_time("2027-01-02 09:00"):
        services.role_verify(
            operator=operator,
            kind="elu",
            first_name="Paul",
            last_name="Mandat",
            commune=net["beauvais"],
            function=Function.CONSEILLER_MUNICIPAL,
            starts_on=date(2026, 3, 23),
            ends_on=date(2032, 3, 31),
        )
        assert level_missing(User.objects.get(pk=elu.pk), "elu.message") is None
    assert Verification.objects.filter(user=elu, level="mandate").count() == 1
    # An inhabitant outside the network holds no such level.
    assert (
        not Verification.objects.filter(level="mandate").exclude(user__in=NetworkRole.objects.values("user")).exists()
    )


@pytest.mark.django_db
def test_a_role_accepted_before_it_begins_lets_its_holder_in_on_its_first_day(net, operator, capsys):
    from parvis.accounts.models import User
    from parvis.core.permissions import level_missing

    elu = make_user("nouvelle@example.org", display_name="Nouvelle Élue")
    with freeze_time("2026-06-01 10:00"):
        role = services.role_verify(
            operator=operator,
            kind="elu",
            first_name="Nouvelle",
            last_name="Élue",
            commune=net["beauvais"],
            function=Function.ADJOINT,
            starts_on=date(2026, 6, 15),
        )
        services.role_accept(user=elu, token=services.role_invite(operator=operator, role=role, email=elu.email))
        assert not Membership.objects.filter(user=elu).exists()
        assert level_missing(User.objects.get(pk=elu.pk), "residence.post") == "residence"
    with freeze_time("2026-06-15 02:00"):
        call_command("network_lapse")
        assert "1 roles begun" in capsys.readouterr().out
        assert Membership.objects.filter(user=elu).count() == 2  # the network's space and its theme
        assert level_missing(User.objects.get(pk=elu.pk), "residence.post") is None  # mandate meets residence
        assert Session.objects.visible_to(User.objects.get(pk=elu.pk)).filter(pk=net["session"].pk).exists()
        call_command("network_lapse")  # twice: nothing more
        assert "0 roles begun" in capsys.readouterr().out
