"""Every installed app with tables has its bench generator, or says why it has none; every figure of the scales is
produced by some generator."""

from bench.generate import discover
from bench.generators import NOTHING_TO_GENERATE
from bench.scales import FULL, PLANNED


def test_every_app_with_tables_has_a_generator_or_says_why_not():
    generators, without = discover()
    assert without == []
    labels = {label for label, _module in generators}
    assert not {name.split(".", 1)[1] for name in NOTHING_TO_GENERATE} & labels
    assert all(reason.strip() for reason in NOTHING_TO_GENERATE.values())


def test_every_figure_of_the_full_scale_is_produced():
    generators, _without = discover()
    claimed = {key for _label, module in generators for key in module.PRODUCES}
    assert set(FULL) - claimed - set(PLANNED) == set()
