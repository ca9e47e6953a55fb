"""A statement linked on its own uses the model the last full run fitted.

``unburied link`` saves what training fitted (u, m, the priors; no name) in the data dir;
``unburied link --statement`` reads it back instead of training on a sample. Without the file,
or with a file it cannot use, the statement is still linked (trained on a sample) and the
summary says why. The happy path runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from tests.integration.services.conftest import LEAD
from tests.integration.services.test_links_service import (
    _append,
    _person_link,
    _statement,
)
from unburied.bootstrap import Unburied
from unburied.linking import MentionLinker
from unburied.linking.features import FEATURES
from unburied.linking.mentions import PARAMETERS_FORMAT
from unburied.services.links import link_statement, run_linking
from unburied.services.links.corpus import read_corpus
from unburied.services.links.parameters import PARAMETERS_FILE, load_parameters


def _new_statement(app: Unburied) -> None:
    """A new statement naming the known person of an auto link, by his registered name."""
    link = _person_link(app, "confirmed", "auto")
    person = next(str(link[s]) for s in ("left", "right") if "-MN-" not in str(link[s]))
    with app.uow() as uow:
        corpus = read_corpus(uow.connection)
    name = next(p.names[0] for p in corpus.people if p.id == person)
    _append(app, *_statement("ST-NEW", "C-NEW", "CP-NEW", "2010-06-01", "OF-1", {"M-NEW": name}))


def test_a_full_run_saves_its_parameters_and_a_statement_is_linked_with_them(
    operation: Unburied,
):
    summary = run_linking(operation, LEAD)
    path = operation.data_dir / PARAMETERS_FILE
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert summary.model.endswith(f"saved to {PARAMETERS_FILE}")
    assert saved["mentions"] == summary.mentions
    assert set(saved["u"]) == set(saved["m"]) == set(FEATURES)
    _new_statement(operation)

    linked = link_statement(operation, LEAD, "ST-NEW")

    assert linked.model.startswith("the full run's, fitted on")
    assert linked.proposed + linked.auto_linked >= 1


def test_the_saved_parameters_hold_no_name(lite: Unburied):
    run_linking(lite, LEAD)
    text = (lite.data_dir / PARAMETERS_FILE).read_text(encoding="utf-8").lower()
    with lite.uow() as uow:
        corpus = read_corpus(uow.connection)
    words = {w for p in corpus.people for n in p.names for w in n.lower().split() if len(w) > 3}
    assert words
    assert not [w for w in words if f'"{w}"' in text]


def test_a_statement_scored_with_the_saved_parameters_is_scored_with_that_model(
    lite: Unburied,
):
    run_linking(lite, LEAD)
    parameters, _ = load_parameters(lite.data_dir)
    assert parameters is not None
    with lite.uow() as uow:
        corpus = read_corpus(uow.connection)
    linker = MentionLinker(corpus.people)
    linker.build_index(corpus.records, parameters=parameters)
    fitted = linker.parameters()
    for table in ("u", "m"):
        assert fitted[table] == parameters[table]
    for prior in ("prior", "on_record", "on_record_named", "on_record_accusing"):
        assert fitted[prior] == parameters[prior]


def test_without_a_full_run_a_statement_is_trained_on_a_sample_and_says_so(lite: Unburied):
    _new_statement_without_run = _statement(
        "ST-NEW", "C-NEW", "CP-NEW", "2010-06-01", "OF-1", {"M-NEW": "Someone Else"}
    )
    _append(lite, *_new_statement_without_run)

    linked = link_statement(lite, LEAD, "ST-NEW")

    assert linked.model == (
        "trained on a sample of the corpus (no full run has saved its parameters)"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "cannot be read"),
        ('{"format": 999}', "is of format 999"),
        ('["a list"]', "is of format None"),
        (json.dumps({"format": PARAMETERS_FORMAT, "u": {}, "m": {}}), "does not fit the features"),
    ],
)
def test_a_parameters_file_that_cannot_be_used_falls_back_and_says_why(
    lite: Unburied, content: str, reason: str
):
    run_linking(lite, LEAD)
    (lite.data_dir / PARAMETERS_FILE).write_text(content, encoding="utf-8")
    _new_statement(lite)

    linked = link_statement(lite, LEAD, "ST-NEW")

    assert linked.model.startswith("trained on a sample of the corpus (")
    assert reason in linked.model
    assert linked.proposed + linked.auto_linked >= 1


def test_a_probability_out_of_range_in_the_file_is_not_used(lite: Unburied):
    run_linking(lite, LEAD)
    path = lite.data_dir / PARAMETERS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["u"]["surname"][0] = 1.5
    path.write_text(json.dumps(data), encoding="utf-8")

    parameters, said = load_parameters(lite.data_dir)

    assert parameters is None
    assert "u['surname'] holds a value outside (0, 1)" in said


def test_parameters_that_cannot_be_written_are_reported_not_raised(lite: Unburied):
    (lite.data_dir / PARAMETERS_FILE).mkdir()  # a directory where the file should go

    summary = run_linking(lite, LEAD)

    assert "not saved" in summary.model
    assert summary.recorded.seqs  # the run's events are committed all the same
    assert not [p for p in lite.data_dir.iterdir() if p.name.startswith(".linking-")]
