"""axe-core (vendored from npm under e2e/vendor) run on a page: the serious and critical
WCAG 2.1 A/AA violations. Injected through DevTools (page.evaluate), which the page's CSP does
not govern, so the pages are checked with their real policy in force."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Any) -> list[str]:
    """One line per serious or critical violation: rule, impact, the first offending nodes."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(source() + "\n;0")
    found = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)
                .map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\\n')[1])
                .join(' | '));
        }""",
        TAGS,
    )
    return list(found)
