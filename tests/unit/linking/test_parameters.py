"""What training fitted, kept and used again: u, m and the priors round-trip, and parameters
that do not fit are refused with what is wrong, before anything changes."""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.linking.world import PEOPLE, corpus
from unburied.domain.errors import InvalidInput
from unburied.linking.features import FEATURES, CorpusStatistics
from unburied.linking.mentions import PARAMETERS_FORMAT, MentionLinker, link_mentions


@pytest.fixture(scope="module")
def fitted() -> dict[str, Any]:
    linker, _ = link_mentions(corpus(), PEOPLE)
    return linker.parameters()


def test_the_parameters_are_what_training_fitted(fitted: dict[str, Any]) -> None:
    assert fitted["format"] == PARAMETERS_FORMAT
    assert fitted["mentions"] == len(corpus())
    assert set(fitted["u"]) == set(fitted["m"]) == set(FEATURES)
    for feature, (_, _, levels) in FEATURES.items():
        assert len(fitted["u"][feature]) == len(levels)
        assert abs(sum(fitted["u"][feature]) - 1.0) < 1e-9


def test_a_statistics_object_given_the_parameters_weighs_every_level_the_same(
    fitted: dict[str, Any],
) -> None:
    linker, _ = link_mentions(corpus(), PEOPLE)
    again = CorpusStatistics()
    again.use_parameters(fitted)
    for feature, (_, _, levels) in FEATURES.items():
        for level in range(len(levels)):
            assert again.weight(feature, level, None) == pytest.approx(
                linker.stats.weight(feature, level, None)
            )
    assert again.parameters() == linker.stats.parameters()


def test_an_index_built_with_the_parameters_does_not_train(
    fitted: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_training(*_: object, **__: object) -> None:
        raise AssertionError("trained although parameters were given")

    linker = MentionLinker(PEOPLE)
    monkeypatch.setattr(linker, "_train", no_training)
    linker.build_index(corpus(), parameters=fitted)
    assert {k: v for k, v in linker.parameters().items() if k != "mentions"} == {
        k: v for k, v in fitted.items() if k != "mentions"
    }


def test_parameters_of_another_format_are_refused_before_anything_is_indexed(
    fitted: dict[str, Any],
) -> None:
    linker = MentionLinker(PEOPLE)
    before = len(linker)
    with pytest.raises(InvalidInput, match="of format 0; this version reads format"):
        linker.build_index(corpus(), parameters=fitted | {"format": 0})
    assert len(linker) == before


def _broken(fitted: dict[str, Any], how: str) -> dict[str, Any]:
    data = copy.deepcopy(fitted)
    if how == "no u":
        del data["u"]
    elif how == "a feature missing":
        del data["m"]["surname"]
    elif how == "a feature unknown":
        data["u"]["shoe size"] = [0.5, 0.5]
    elif how == "a level missing":
        data["u"]["surname"] = data["u"]["surname"][:-1]
    elif how == "a probability of 1":
        data["m"]["surname"][0] = 1.0
    elif how == "a prior missing":
        del data["prior"]
    elif how == "a prior of 0":
        data["prior"] = 0
    elif how == "no share on record":
        del data["on_record_named"]
    return data


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("no u", "'u' is missing"),
        ("a feature missing", "'m' does not fit the features of this version (surname)"),
        ("a feature unknown", "'u' does not fit the features of this version (shoe size)"),
        ("a level missing", "u['surname'] needs"),
        ("a probability of 1", "m['surname'] holds a value outside (0, 1)"),
        ("a prior missing", "'prior' is missing or not in (0, 1)"),
        ("a prior of 0", "'prior' is missing or not in (0, 1)"),
        ("no share on record", "'on_record_named' is missing or not in (0, 1)"),
    ],
)
def test_parameters_that_do_not_fit_are_refused_and_change_nothing(
    fitted: dict[str, Any], how: str, message: str
) -> None:
    stats = CorpusStatistics()
    stats.use_parameters(fitted)
    before = stats.parameters()
    with pytest.raises(InvalidInput, match=re.escape(message)):
        stats.use_parameters(_broken(fitted, how))
    assert stats.parameters() == before


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(sorted(FEATURES)),
        st.floats(min_value=0.001, max_value=0.999),
        min_size=1,
    ),
    st.floats(min_value=1e-9, max_value=0.5),
)
def test_any_valid_parameters_round_trip(
    fitted: dict[str, Any], first_levels: dict[str, float], prior: float
) -> None:
    data = copy.deepcopy(fitted)
    for feature, value in first_levels.items():
        rest = (1.0 - value) / (len(data["m"][feature]) - 1)
        data["m"][feature] = [value] + [rest] * (len(data["m"][feature]) - 1)
    data["prior"] = prior
    stats = CorpusStatistics()
    stats.use_parameters(data)
    assert stats.parameters() == {k: data[k] for k in stats.parameters()}


def test_a_misspelt_rare_name_weighs_more_than_a_misspelt_common_one(
    fitted: dict[str, Any],
) -> None:
    """A misspelling ("Ntahan") of a name agrees as rarely as the name does, less its cost."""
    from unburied.linking.profiles import Profile

    stats = CorpusStatistics()
    stats.use_parameters(fitted)
    for i in range(30):
        stats.count(Profile(f"J-{i}", False, lone=frozenset({"john"})), f"circle-{i}")
    stats.count(Profile("N-1", False, lone=frozenset({"nathan"})), "circle-0")

    rare = stats.weight("nickname", 1, "nathan|ntahan")
    common = stats.weight("nickname", 1, "john|jonh")
    unknown = stats.weight("nickname", 1, "zbig|zbyg")

    assert rare > common
    assert rare - common == pytest.approx(math.log2(30))  # thirty Johns, one Nathan
    assert unknown == rare  # a name never counted is as rare as a name counted once
    assert stats.weight("nickname", 1, None) != rare  # no names: the level's own weight
