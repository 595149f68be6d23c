"""The weekly digest: each member of the network is e-mailed its coming sessions, new answers and documents, once a
week; nobody outside it gets anything."""

import pytest
from django.core import mail
from django.core.management import call_command

from parvis.network import services

pytestmark = pytest.mark.usefixtures("english")


@pytest.mark.django_db
def test_members_get_the_weeks_news_once_and_outsiders_nothing(net, inhabitant, capsys):
    question = services.question_ask(author=net["elu"], session=net["session"], text="Et les compteurs ?")
    services.question_answer(expert=net["expert"], question=question, text="Télérelevés dès 2027.")
    mail.outbox.clear()
    call_command("network_digest")
    assert "4 digests sent." in capsys.readouterr().out
    to_elu = next(email for email in mail.outbox if email.to == [net["elu"].email])
    assert "Les réseaux d'eau après 2026" in to_elu.body and "Et les compteurs ?" in to_elu.body
    assert inhabitant.email not in {address for email in mail.outbox for address in email.to}
    call_command("network_digest")  # the same week again: nothing more
    assert len(mail.outbox) == 4
