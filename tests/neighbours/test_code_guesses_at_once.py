"""Wrong residence codes sent at the same moment (several tabs, a script, several worker processes) are checked and
counted in one step: together they cannot try more codes than the limit allows."""

import pytest
from django.core.exceptions import ValidationError

from parvis.neighbours import services
from parvis.neighbours.models import ResidentVerification
from tests.concurrency import at_once


def test_simultaneous_wrong_guesses_cannot_exceed_the_limit(
    transactional_db, settings, code, inhabitant, rate_limits_on
):

    def guess():
        services.residence_code_redeem(user=inhabitant, code="ZZZZ2222", ip="192.0.2.7")

    results = at_once(3 * services.CODE_TRIES, guess)
    refused = [result for result in results if isinstance(result, services.CodeGuessesLimited)]
    tried = [result for result in results if isinstance(result, ValidationError) and result not in refused]
    assert len(refused) + len(tried) == len(results), results
    assert len(tried) == services.CODE_TRIES, results
    assert len(refused) == 2 * services.CODE_TRIES
    assert all("not valid" in str(result) for result in tried)
    # Past the limit, the right code is refused like a wrong one.
    results = at_once(1, lambda: services.residence_code_redeem(user=inhabitant, code=code.code, ip="192.0.2.7"))
    assert isinstance(results[0], services.CodeGuessesLimited)
    assert not ResidentVerification.objects.filter(user=inhabitant).exists()


def test_a_right_code_does_not_use_up_a_try(settings, code, neighbour, rate_limits_on):
    services.residence_code_redeem(user=neighbour, code=code.code, ip="192.0.2.7")
    for _attempt in range(services.CODE_TRIES):  # after the right code, every wrong try of the limit is still tried
        with pytest.raises(ValidationError) as raised:
            services.residence_code_redeem(user=neighbour, code="ZZZZ2222", ip="192.0.2.7")
        assert "not valid" in str(raised.value)
    with pytest.raises(services.CodeGuessesLimited):
        services.residence_code_redeem(user=neighbour, code="ZZZZ2222", ip="192.0.2.7")
