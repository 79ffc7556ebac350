"""axe-core (npm, pinned in package.json) run inside a Playwright page: WCAG 2.1 A and AA.

The pages' Content-Security-Policy allows only their own scripts, so axe is added as an
init script through the DevTools protocol (not subject to the page's CSP) before the page
loads, and run after it has settled. Clinics that take federal funds are asked for WCAG 2.1
AA (HHS, Section 504 rule).
"""

from __future__ import annotations

from pathlib import Path
from typing import List

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} missing: run `make test` (it runs npm ci) or `npm ci`")
    return AXE_JS.read_text()


def add_axe(context_or_page) -> None:
    """Make axe available on every page this context or page loads from now on."""
    context_or_page.add_init_script(script=axe_source())


def axe_violations(page, selector: str = "html") -> List[str]:
    """One line per violated rule: its id, impact, help and the first offending elements."""
    result = page.evaluate(
        """([selector, tags]) => axe.run(selector, {runOnly: {type: 'tag', values: tags}})""",
        [selector, WCAG_21_AA],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            f"{' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}"
            for node in v["nodes"][:3]
        )
        for v in result["violations"]
    ]
