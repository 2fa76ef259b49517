"""The shape of the code is enforced, not hoped for: the layers (import-linter's
contracts in pyproject.toml) and the measures (modules ≤ 400 lines, functions ≤ 60)."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "facilitator"
MODULE_LINES, FUNCTION_LINES = 400, 60
# Data, not code: string catalogues and the frozen migration steps.
EXEMPT = {"facilitator/migrations/steps.py", "facilitator/export/labels.py"}
EXEMPT_FOLDERS = ("facilitator/locale/",)
# Over the measure and due to be split: each may shrink, never grow, and leaves this
# list once it is within the measure. None today; keep it that way.
KNOWN_MODULES: dict[str, int] = {}
KNOWN_FUNCTIONS: dict[tuple[str, str], int] = {}


def _modules() -> list[tuple[str, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in EXEMPT or name.startswith(EXEMPT_FOLDERS):
            continue
        out.append((name, path.read_text(encoding="utf-8")))
    return out


def test_the_layers_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is in the test dependencies (pyproject.toml)"
    done = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout and "KEPT" in done.stdout


def test_no_module_is_over_400_lines() -> None:
    over = {}
    for name, text in _modules():
        lines = len(text.splitlines())
        allowed = KNOWN_MODULES.get(name, MODULE_LINES)
        if lines > allowed:
            over[name] = (lines, allowed)
    assert over == {}, "split these modules (lines, allowed)"


def test_no_function_is_over_60_lines() -> None:
    over = {}
    for name, text in _modules():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                allowed = KNOWN_FUNCTIONS.get((name, node.name), FUNCTION_LINES)
                if lines > allowed:
                    over[f"{name}:{node.lineno} {node.name}"] = (lines, allowed)
    assert over == {}, "split these functions (lines, allowed)"


def test_the_known_exceptions_are_still_needed() -> None:
    """An entry above that is within the measure again is removed from the list."""
    sizes = {name: len(text.splitlines()) for name, text in _modules()}
    assert [n for n in KNOWN_MODULES if sizes.get(n, 0) <= MODULE_LINES] == []
