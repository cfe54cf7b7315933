"""axe-core, installed from npm by the project's own files (tests/package.json; `./dev`
runs `npm ci` when tests/node_modules is missing), run inside pages that Playwright
opens.  The pages' Content-Security-Policy allows no inline script: the context that
runs axe bypasses it (`bypass_csp`), the pages themselves are unchanged."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import require

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    require(AXE.is_file(), "axe-core is not installed: run `npm ci` in tests/ (./dev does)")
    return AXE.read_text(encoding="utf-8")


def violations(page, source: str) -> list[str]:
    """The serious and critical violations on the page as it stands, one line each:
    rule, impact, the first offending elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source)
    found = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                count: v.nodes.length,
            }));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}, {v['count']}×): {v['help']} — {'; '.join(v['nodes'])}"
        for v in found
        if v["impact"] in SERIOUS
    ]
