"""Every module, public class, function and method of tracker/ui says in a line what it is."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import tracker.ui

UI = Path(tracker.ui.__file__).parent

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _is_setter(node: Definition) -> bool:
    """A property's setter shares the getter's docstring."""
    return any(
        isinstance(decorator, ast.Attribute) and decorator.attr == "setter"
        for decorator in node.decorator_list
    )


def undocumented(tree: ast.AST, prefix: str = "") -> Iterator[str]:
    """The public definitions under `tree` without a docstring, by qualified name."""
    for node in ast.iter_child_nodes(tree):
        if not isinstance(node, Definition) or node.name.startswith("_"):
            continue
        name = prefix + node.name
        if not ast.get_docstring(node) and not _is_setter(node):
            yield name
        if isinstance(node, ast.ClassDef):
            yield from undocumented(node, name + ".")


def test_every_public_definition_has_a_docstring() -> None:
    missing = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(UI.parent.parent)
        if not ast.get_docstring(tree):
            missing.append(f"{where}: the module")
        missing += [f"{where}: {name}" for name in undocumented(tree)]
    assert missing == []
