"""The import rule of docs/architecture.md: bot/, actions/ and components/ are separate
processes that share only the clinic/ package; clinic/ imports none of them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROCESS_PACKAGES = {"bot", "actions", "components"}
SHARED = "clinic"


def imported_top_packages(path: Path) -> set:
    """Top-level packages a module imports, at any depth (function-level imports too)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str):
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(PROCESS_PACKAGES))
def test_a_process_package_imports_no_other_process_package(package):
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            imported_top_packages(path) & (PROCESS_PACKAGES - {package})
        )
        for path in modules(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_shared_package_imports_no_process_package():
    offenders = {
        str(p.relative_to(ROOT)): sorted(imported_top_packages(p) & PROCESS_PACKAGES)
        for p in modules(SHARED)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_rule_sees_function_level_imports(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from bot.app import x\n    import actions.server\n")
    assert imported_top_packages(module) == {"bot", "actions"}


def test_the_architecture_page_names_every_shared_module():
    page = (ROOT / "docs" / "architecture.md").read_text()
    modules = [p.name for p in (ROOT / SHARED).glob("*.py") if p.name != "__init__.py"]
    assert [m for m in modules if f"`{m}`" not in page] == []
