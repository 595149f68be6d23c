"""Repetition asked in words: the answers build the rule kept on the event, the rule reads back into the same
answers for the edit page, and the event page says it in a sentence."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parvis.agenda.recurrence import Ends, Frequency, MonthlyBy, Repetition, build, describe, parse

PARIS = ZoneInfo("Europe/Paris")
# A Saturday, the first of its month.
FIRST_SATURDAY = datetime(2027, 3, 6, 10, 0, tzinfo=PARIS)
# A Tuesday, the last of its month.
LAST_TUESDAY = datetime(2027, 3, 30, 18, 30, tzinfo=PARIS)

CASES = [
    (Repetition(frequency=Frequency.DAILY), FIRST_SATURDAY, "FREQ=DAILY", "Chaque jour"),
    (
        Repetition(frequency=Frequency.WEEKLY, weekdays=["SA", "TU"], ends=Ends.COUNT, count=10),
        FIRST_SATURDAY,
        "FREQ=WEEKLY;BYDAY=TU,SA;COUNT=10",
        "Chaque semaine le mardi et le samedi, 10 fois",
    ),
    (
        Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.WEEKDAY, week="1", weekday="SA"),
        FIRST_SATURDAY,
        "FREQ=MONTHLY;BYDAY=1SA",
        "Chaque mois le premier samedi",
    ),
    (
        Repetition(
            frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.WEEKDAY, ends=Ends.UNTIL, until=date(2027, 12, 31)
        ),
        LAST_TUESDAY,
        "FREQ=MONTHLY;BYDAY=-1TU;UNTIL=20271231T225959Z",
        "Chaque mois le dernier mardi, jusqu'au 31 décembre 2027",
    ),
    (
        Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.DAY, day=30),
        LAST_TUESDAY,
        "FREQ=MONTHLY;BYMONTHDAY=30",
        "Chaque mois le 30",
    ),
]


@pytest.mark.parametrize(("answers", "start", "rule", "sentence"), CASES)
def test_words_make_a_rule_that_reads_back_as_the_same_words(answers, start, rule, sentence):
    built = build(answers, start=start, tz="Europe/Paris")
    assert built == rule
    again = parse(built, tz="Europe/Paris")
    assert build(again, start=start, tz="Europe/Paris") == rule
    assert (again.frequency, again.ends, again.count, again.until) == (
        answers.frequency,
        answers.ends,
        answers.count,
        answers.until,
    )
    with translation.override("fr"):
        assert describe(built, tz="Europe/Paris") == sentence


def test_empty_month_answers_take_the_start_dates_day():
    monthly = Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.WEEKDAY)
    assert build(monthly, start=FIRST_SATURDAY) == "FREQ=MONTHLY;BYDAY=1SA"
    assert build(monthly, start=LAST_TUESDAY) == "FREQ=MONTHLY;BYDAY=-1TU"
    assert build(Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.DAY), start=LAST_TUESDAY) == (
        "FREQ=MONTHLY;BYMONTHDAY=30"
    )


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        (Repetition(frequency=Frequency.WEEKLY), "repeat_days", "au moins un jour"),
        (Repetition(frequency=Frequency.WEEKLY, weekdays=["MO"]), "repeat_days", "samedi"),
        (Repetition(frequency=Frequency.DAILY, ends=Ends.UNTIL), "repeat_until", "dernière fois"),
        (
            Repetition(frequency=Frequency.DAILY, ends=Ends.UNTIL, until=date(2027, 1, 1)),
            "repeat_until",
            "avant la première",
        ),
        (Repetition(frequency=Frequency.DAILY, ends=Ends.COUNT, count=0), "repeat_count", "entre 2 et"),
        (
            Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.WEEKDAY, week="2", weekday="SA"),
            "repeat_week",
            "deuxième samedi",
        ),
        (Repetition(frequency=Frequency.MONTHLY, monthly_by=MonthlyBy.DAY, day=12), "repeat_day", "le 6 du mois"),
    ],
)
def test_answers_that_make_no_rule_are_refused_with_a_sentence_on_their_field(answers, field, words):
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        build(answers, start=FIRST_SATURDAY)
    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])


@pytest.mark.parametrize(
    "rule",
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "FREQ=YEARLY", "FREQ=MONTHLY;BYDAY=1SA,3SA", "FREQ=DAILY;COUNT=1;UNTIL=2027"],
)
def test_a_rule_the_words_cannot_say_is_kept_as_imported(rule):
    assert parse(rule).frequency == Frequency.CUSTOM
    with translation.override("fr"):
        assert describe(rule) == "Se répète"


def test_the_other_spelling_of_a_monthly_rule_reads_back():
    repetition = parse("RRULE:FREQ=MONTHLY;BYDAY=SA;BYSETPOS=1")
    assert (repetition.frequency, repetition.week, repetition.weekday) == (Frequency.MONTHLY, "1", "SA")
