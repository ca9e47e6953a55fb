"""Presets and derived sizes; names and their misspellings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.errors import InvalidInput
from unburied.importers import parse_import
from unburied.synth import PRESETS, Scale, TruthKind, read_truth, scale_for_cases, write_operation
from unburied.synth.names import misspell, nicknames_of
from unburied.synth.scenarios import TIES


def test_town_preset_has_the_scale_of_a_town_operation() -> None:
    town = PRESETS["town"]
    assert town.survivors == 1400
    assert (town.start_year, town.end_year) == (1997, 2013)
    suspects = town.suspects_in(town.survivors_in(0))
    assert 200 <= suspects <= 400
    corrupt = town.corrupt_in(town.survivors, town.networks_in(town.survivors, suspects))
    assert 10 <= corrupt <= 40  # tens of officers among the accused


def test_nation_preset_spreads_survivors_over_43_forces() -> None:
    nation = PRESETS["nation"]
    counts = [nation.survivors_in(i) for i in range(nation.forces)]
    assert sum(counts) == nation.survivors and max(counts) - min(counts) <= 43


def test_survivors_split_between_forces_always_sum_to_the_total() -> None:
    scale = Scale("split", survivors=101, forces=3, main_share=0.5)
    assert [scale.survivors_in(i) for i in range(3)] == [51, 25, 25]


@pytest.mark.parametrize("cases", [1_000, 10_000, 100_000, 1_000_000])
def test_scale_for_cases_aims_at_the_number_of_cases(cases: int) -> None:
    scale = scale_for_cases(cases)
    assert abs(scale.survivors * scale.mean_reports - cases) / cases < 0.01
    assert (scale.forces > 2) == (cases > 20_000)


def test_a_scale_with_no_survivors_is_refused() -> None:
    with pytest.raises(InvalidInput, match="must be >= 1"):
        Scale("empty", survivors=0)


def test_a_period_shorter_than_five_years_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least five years"):
        Scale("short", survivors=10, start_year=2010, end_year=2012)


def test_misspelling_always_differs_from_the_name() -> None:
    rng = random.Random(5)
    for name in ("Hughes", "Ali", "Kieran", "Lee", "Phillips", "Jo"):
        assert misspell(rng, name) != name


def test_nicknames_come_from_the_nickname_table() -> None:
    assert "Dan" in nicknames_of("Daniel")
    assert nicknames_of("Zzyzx") == ()


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_any_seed_gives_a_clean_import_with_every_planted_tie(
    seed: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder: Path = tmp_path_factory.mktemp("seed") / "op"
    write_operation(folder, "tiny", seed=seed)
    parse_import(folder)
    ties = {t["tie"] for t in read_truth(folder, TruthKind.OFFICER_TIES)}
    assert set(TIES) <= ties
    assert list(read_truth(folder, TruthKind.REPEAT_PERPETRATORS))
