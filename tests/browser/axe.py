"""axe-core accessibility checks for Playwright pages, reused by every browser test.

axe is the copy vendored in ``tests/browser/vendor/axe-core`` (see ``make vendor``): a
test asset, never served by the portal, and the tests need no network. The site sends
``Content-Security-Policy: script-src 'self'``;
``page.add_script_tag(content=...)`` would be an inline script and be blocked, but
``page.evaluate`` runs through the DevTools protocol, which the page's CSP does not
govern. So axe is injected with ``page.evaluate`` and the CSP stays as in production.
"""

from functools import cache
from pathlib import Path

# WCAG 2.0 and 2.1, levels A and AA: what public-sector websites must meet (EN 301 549).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
            target: node.target.map(String),
            html: node.html,
            summary: node.failureSummary,
        })),
    }));
}"""


@cache
def axe_source() -> str:
    # A trailing expression so that Playwright evaluates the file as a script, not as
    # a function to call, whatever its first characters are.
    path = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
    return path.read_text(encoding="utf-8") + "\n;true;"


def axe_violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Run axe on the page as it is now and return its violations as plain data."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(_RUN_AXE, list(tags))


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html']}")
            if node["summary"]:
                lines.extend(f"       {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=WCAG_TAGS) -> None:
    """Fail with every violation's rule, impact, help and failing nodes."""
    violations = axe_violations(page, tags)
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
