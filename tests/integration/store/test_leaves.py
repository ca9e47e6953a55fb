"""The store's fast leaf encoding is byte for byte the domain's canonical encoding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from unburied.domain.events import EVENT_TYPES, Event, JSONValue, encode_event, format_time
from unburied.store.leaves import encode_leaf, envelope, leaf_time

# Any text, including control characters, quotes, and characters beyond the BMP (whose
# UTF-16 order differs from code point order): where a fast encoder would go wrong.
texts = st.text(st.characters(codec="utf-8"), max_size=12)
ints = st.integers(-(2**53) + 1, 2**53 - 1)
values: st.SearchStrategy[JSONValue] = st.recursive(
    st.none() | st.booleans() | ints | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)
times = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
) | st.datetimes(timezones=st.just(timezone(timedelta(hours=-5))), min_value=datetime(1900, 1, 1))
events = st.builds(
    Event,
    type=st.sampled_from(sorted(EVENT_TYPES)),
    actor=texts.filter(bool),
    at=times,
    data=st.dictionaries(texts, values, max_size=5),
    case=st.none() | texts,
    subject=st.none() | texts,
)


@settings(max_examples=300)
@given(event=events, seq=st.integers(0, 2**40))
def test_encode_leaf_is_encode_event(event: Event, seq: int) -> None:
    leaf = encode_leaf(seq, event, leaf_time(event.at))
    assert leaf == encode_event(seq, event)
    prefix, suffix = envelope(
        seq, event.type, event.actor, leaf_time(event.at), event.case, event.subject
    )
    assert leaf.startswith(prefix) and leaf.endswith(suffix)


@given(at=times)
def test_leaf_time_is_format_time(at: datetime) -> None:
    assert leaf_time(at) == format_time(at)


def test_keys_outside_the_basic_plane_sort_by_utf16_code_units() -> None:
    event = Event(
        "case.opened", "staff-1", datetime(2024, 1, 1, tzinfo=UTC), {"\U0001f600": 1, "\uff61": 2}
    )
    assert encode_leaf(0, event, leaf_time(event.at)) == encode_event(0, event)
