"""Every package says what it is for and exports exactly what its ``__all__`` lists.

After httpx's ``test_exported_members``: the public names bound in a package's ``__init__``
are the names in its ``__all__``, no more and no fewer. Submodules are attributes of their
package as soon as anything imports them, so they count only when ``__all__`` lists them.
Each check is parametrised by package, so a package still being written fails on its own.
"""

from __future__ import annotations
import __future__

import ast
import importlib
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import unburied

ROOT = Path(unburied.__file__).resolve().parent
NOT_PACKAGES = {"migrations", "versions", "schemas", "__pycache__"}  # Alembic scripts, data


def _source_dirs() -> list[Path]:
    """Every folder under ``src/unburied`` that holds Python code, the root included."""
    dirs = [ROOT]
    for path in sorted(ROOT.rglob("*")):
        if path.is_dir() and not NOT_PACKAGES & set(path.relative_to(ROOT).parts):
            if any(path.glob("*.py")):
                dirs.append(path)
    return dirs


def _dotted(path: Path) -> str:
    return ".".join(("unburied", *path.relative_to(ROOT).parts))


SOURCE_DIRS = {_dotted(p): p for p in _source_dirs()}
PACKAGES = sorted(name for name, path in SOURCE_DIRS.items() if (path / "__init__.py").exists())


def _public_names(package: ModuleType) -> set[str]:
    """Names the package binds for others: not private, not a submodule, not ``__future__``."""
    names = set()
    for name, value in vars(package).items():
        if name.startswith("_") or isinstance(value, __future__._Feature):
            continue
        if inspect.ismodule(value) and value.__name__ == f"{package.__name__}.{name}":
            continue
        names.add(name)
    return names


@pytest.mark.parametrize("name", sorted(SOURCE_DIRS))
def test_every_folder_of_code_is_a_package_with_an_init(name: str) -> None:
    assert (SOURCE_DIRS[name] / "__init__.py").is_file(), f"{name} has no __init__.py"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_init_starts_with_a_one_line_docstring(name: str) -> None:
    init = SOURCE_DIRS[name] / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))

    first = tree.body[0] if tree.body else None
    assert isinstance(first, ast.Expr), f"{name}: __init__.py does not start with a docstring"
    assert isinstance(first.value, ast.Constant) and isinstance(first.value.value, str), name
    doc = first.value.value
    assert doc.strip(), f"{name}: the docstring is empty"
    assert "\n" not in doc.strip(), f"{name}: the docstring is {len(doc.splitlines())} lines"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_all_lists_exactly_the_public_names_it_binds(name: str) -> None:
    package = importlib.import_module(name)

    assert hasattr(package, "__all__"), f"{name} has no __all__"
    listed = list(package.__all__)
    public = _public_names(package)
    assert len(listed) == len(set(listed)), f"{name}: __all__ lists a name twice"
    missing = [n for n in listed if not hasattr(package, n)]
    unlisted = sorted(public - set(listed))
    assert not missing, f"{name}: __all__ lists names the package does not bind: {missing}"
    assert not unlisted, f"{name}: public names not in __all__ (export or rename _x): {unlisted}"


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_imports_on_its_own_in_a_fresh_interpreter(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    last = done.stderr.strip().splitlines()[-1:] or [""]
    assert done.returncode == 0, f"import {name} failed: {last[0]}"
