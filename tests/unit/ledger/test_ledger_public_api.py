"""The ledger's public surface: names exported, docstrings present, dependencies kept small."""

from __future__ import annotations

import ast
import importlib
import inspect
import sys
from pathlib import Path

import pytest

import unburied.ledger
from unburied.domain import errors

LEDGER = Path(unburied.ledger.__file__).parent
MODULES = ["merkle", "note", "checkpoint", "receipt", "verify"]


def test_the_package_exports_what_its_all_lists_and_re_exports_proof_error() -> None:
    for name in unburied.ledger.__all__:
        assert hasattr(unburied.ledger, name), name
    assert unburied.ledger.ProofError is errors.ProofError
    assert issubclass(unburied.ledger.ProofError, ValueError)


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_function_class_and_method_has_a_docstring(module_name: str) -> None:
    module = importlib.import_module(f"unburied.ledger.{module_name}")
    assert module.__doc__, module_name
    for name in module.__all__:
        obj = getattr(module, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{module_name}.{name}"
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not callable(getattr(member, "__func__", member)):
                    continue
                assert inspect.getdoc(member), f"{module_name}.{name}.{attr}"


def test_the_ledger_depends_only_on_the_standard_library_cryptography_and_our_errors() -> None:
    allowed = {"cryptography", "unburied.domain.errors", "unburied.ledger", "__future__"}
    for path in LEDGER.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                ok = top in sys.stdlib_module_names or any(
                    name == a or name.startswith(a + ".") for a in allowed
                )
                assert ok, f"{path.name} imports {name}"
