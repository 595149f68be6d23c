from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parvis.alerts import services
from parvis.alerts.models import Alert, AlertStatus
from parvis.core import kinds
from parvis.moderation.services import decision_take, report_create
from parvis.notifications.models import Notification
from tests.factories import PASSWORD, jpeg, make_user

pytestmark = pytest.mark.django_db


def lost_cat(sender, area, **kwargs):
    kwargs.setdefault("kind", "lost_animal")
    kwargs.setdefault("title", "Chat gris perdu près du bâtiment B")
    kwargs.setdefault("text", "Minou, collier rouge. Écrivez-moi.")
    return services.alert_send(sender=sender, area=area, **kwargs)


def test_a_verified_resident_sends_a_lost_cat_alert_to_the_residence(residents, residence):
    inhabitant, neighbour = residents
    alert = lost_cat(inhabitant, residence.territory)
    assert list(Alert.objects.visible_to(neighbour).current()) == [alert]
    assert alert.expires_at - alert.created_at == timedelta(days=3)


def test_a_person_who_is_not_a_verified_resident_is_refused(residence, inhabitant, outsider):
    # The inhabitant declares Beauvais as home commune but holds no verified residence.
    with pytest.raises(PermissionDenied, match="verified residents"):
        lost_cat(inhabitant, residence.territory)
    with pytest.raises(PermissionDenied):
        lost_cat(inhabitant, residence.territory.parent)
    assert not Alert.objects.exists()


def test_a_resident_may_not_send_to_another_commune(residents, compiegne):
    with pytest.raises(PermissionDenied):
        lost_cat(residents[0], compiegne)


def test_an_alert_is_read_by_the_area_only(residents, residence, outsider, beauvais):
    inhabitant, neighbour = residents
    at_residence = lost_cat(inhabitant, residence.territory)
    at_commune = lost_cat(inhabitant, beauvais, title="Clés trouvées place Jeanne-Hachette", kind="found_object")
    elsewhere_in_beauvais = make_user("autre@example.org", home_commune=beauvais)
    assert set(Alert.objects.visible_to(neighbour)) == {at_residence, at_commune}
    # Living in Beauvais (declared) opens the commune's alerts, not the residence's.
    assert set(Alert.objects.visible_to(elsewhere_in_beauvais)) == {at_commune}
    assert not Alert.objects.visible_to(outsider).exists()
    assert not Alert.objects.visible_to(None).exists()


def test_an_alert_drops_off_the_feeds_when_it_ends(residents, residence):
    inhabitant, neighbour = residents
    alert = lost_cat(inhabitant, residence.territory, hours=2)
    later = timezone.now() + timedelta(hours=2, seconds=1)
    assert Alert.objects.visible_to(neighbour).current().exists()
    assert not Alert.objects.visible_to(neighbour).current(now=later).exists()
    # Its page stays readable to the area, saying it ended.
    assert Alert.objects.visible_to(neighbour).filter(pk=alert.pk).exists()


def test_the_lifetime_is_bounded_by_the_kind(residents, residence):
    inhabitant = residents[0]
    with pytest.raises(ValidationError) as error:
        lost_cat(inhabitant, residence.territory, kind="water_cut", title="Coupure d'eau", hours=100)
    assert "72 hours" in str(error.value)
    with pytest.raises(ValidationError):
        lost_cat(inhabitant, residence.territory, hours=24 * 8)
    with pytest.raises(ValidationError):
        lost_cat(inhabitant, residence.territory, hours="demain")


def test_found_closes_a_lost_animal_alert_early(residents, residence):
    inhabitant, neighbour = residents
    alert = lost_cat(inhabitant, residence.territory)
    with pytest.raises(PermissionDenied):
        services.alert_resolve(user=neighbour, alert=alert)
    services.alert_resolve(user=inhabitant, alert=alert)
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.RESOLVED
    assert not Alert.objects.visible_to(neighbour).current().exists()
    with pytest.raises(ValidationError):
        services.alert_resolve(user=inhabitant, alert=alert)


def test_the_same_alert_twice_is_refused(residents, residence):
    lost_cat(residents[0], residence.territory)
    with pytest.raises(ValidationError, match="already sent"):
        lost_cat(residents[0], residence.territory, title="chat gris perdu près du bâtiment b")


def test_three_alerts_a_day_at_most(residents, residence, rate_limits_on):
    for number in range(services.PER_PERSON_PER_DAY):
        lost_cat(residents[0], residence.territory, title=f"Objet perdu numéro {number}", kind="lost_object")
    with pytest.raises(ValidationError, match="most alerts allowed for one day") as error:
        lost_cat(residents[0], residence.territory, title="Encore un")
    assert error.value.retry_after > 0
    assert Alert.objects.count() == services.PER_PERSON_PER_DAY


def test_the_photo_is_re_encoded_without_its_metadata(residents, residence):
    alert = lost_cat(residents[0], residence.territory, photo=jpeg(), photo_alt="Un chat gris au collier rouge")
    with alert.photo.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xff\xd8") and b"Exif" not in data
    with pytest.raises(ValidationError):
        lost_cat(residents[0], residence.territory, title="Sans description", photo=jpeg())


def test_moderators_hide_a_reported_alert(residents, residence, operator_moderator):
    inhabitant, neighbour = residents
    alert = lost_cat(inhabitant, residence.territory)
    kind = kinds.get("alert")
    assert kind.space(alert) == residence.space
    report = report_create(reporter=neighbour, kind="alert", target_id=alert.pk, reason="spam", details="Faux")
    decision_take(moderator=operator_moderator, report=report, action="hide", reason="Fausse alerte")
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.HIDDEN
    assert not Alert.objects.visible_to(neighbour).exists()
    assert not Alert.objects.visible_to(inhabitant).exists()


def test_an_official_alert_notifies_at_once_those_who_accept(
    agent, town_hall, beauvais, residents, outsider, django_capture_on_commit_callbacks
):
    inhabitant, neighbour = residents
    services.alert_preference_set(user=neighbour, official=False, neighbours=False)
    with django_capture_on_commit_callbacks(execute=True):
        alert = services.alert_send(
            sender=agent,
            area=beauvais,
            official_space=town_hall,
            kind="water_cut",
            title="Coupure d'eau rue de la Madeleine",
            text="De 8 h à 12 h, travaux sur le réseau.",
        )
    told = set(Notification.objects.filter(target_kind="alert", target_id=alert.pk).values_list("recipient", flat=True))
    assert inhabitant.pk in told
    assert neighbour.pk not in told and outsider.pk not in told and agent.pk not in told
    assert [message.to for message in mail.outbox] == [[inhabitant.email]]
    # The e-mail says who sent an alert and links to it; its words stay behind the sign-in, as for all that is not
    # public (an e-mail cannot be taken back).
    assert "Beauvais sends an urgent alert" in mail.outbox[0].body
    assert alert.get_absolute_url() in mail.outbox[0].body
    assert "rue de la Madeleine" not in mail.outbox[0].body


def test_only_the_town_halls_officers_send_as_the_town_hall(residents, town_hall, beauvais):
    with pytest.raises(PermissionDenied, match="officers"):
        services.alert_send(
            sender=residents[0], area=beauvais, official_space=town_hall, kind="road_closed", title="Route fermée"
        )


def test_neighbours_alerts_notify_only_who_asked(residents, residence, django_capture_on_commit_callbacks):
    inhabitant, neighbour = residents
    with django_capture_on_commit_callbacks(execute=True):
        lost_cat(inhabitant, residence.territory)
    assert not Notification.objects.filter(target_kind="alert").exists()
    services.alert_preference_set(user=neighbour, official=True, neighbours=True)
    with django_capture_on_commit_callbacks(execute=True):
        second = lost_cat(inhabitant, residence.territory, title="Trousseau de clés perdu", kind="lost_object")
    assert list(Notification.objects.filter(target_kind="alert").values_list("recipient", "target_id")) == [
        (neighbour.pk, second.pk)
    ]


def test_deleting_an_account_removes_its_alerts(residents, residence):
    inhabitant = residents[0]
    lost_cat(inhabitant, residence.territory)
    from parvis.rights.services import account_delete

    account_delete(user=inhabitant, password=PASSWORD, keep_contributions=True)
    assert not Alert.objects.exists()
