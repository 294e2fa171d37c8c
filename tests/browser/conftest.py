"""Browser-test harness: Playwright for Python driving Debian's Chromium against pytest-django's
live server, with an axe-core accessibility check (WCAG 2.1 A and AA) on every page visited.

- ``ui``: an :class:`AccessiblePage`. Its ``goto``, ``click`` and ``press`` wait for the page
  (and any htmx request) to settle and then run axe; a serious or critical violation fails the
  test with the rule ids and the offending nodes. Navigations made through the raw Playwright
  page (``ui.page``) are checked when the test ends.
- Every page must also keep to the Content-Security-Policy: the document carries the header,
  has no inline ``<script>``, ``<style>`` or ``style=""``, and the browser reported no CSP
  violation (axe and the violation listener are init scripts, which a CSP does not govern).
- On failure a screenshot and the page HTML are saved to ``test-artifacts/<test-name>.png``
  and ``.html``.

Chromium comes from Debian (``apt-get install chromium``); never run ``playwright install``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told otherwise.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

CHROMIUM = os.environ.get("SAMEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


class AccessibilityError(AssertionError):
    pass


class ContentSecurityError(AssertionError):
    pass


# Collects the browser's CSP violation reports of every page (an init script runs before the
# page's own scripts and is not subject to the page's CSP).
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
    ' (' + (e.sourceFile || '') + ':' + e.lineNumber + ')');
});
"""
INLINE_CODE = """() => ({
  scripts: [...document.querySelectorAll('script:not([src])')].map(s => s.outerHTML.slice(0, 120)),
  styles: [...document.querySelectorAll('style')].map(s => s.outerHTML.slice(0, 120)),
  attributes: [...document.querySelectorAll('[style]')].map(e => e.outerHTML.slice(0, 120)),
  violations: window.__cspViolations || [],
})"""


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core: {len(violations)} ernstige toegankelijkheidsfout(en) op {url}"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(
                json.dumps(t) if not isinstance(t, str) else t for t in node["target"]
            )
            lines.append(f"    * {target}")
            lines.append(f"      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            if summary:
                lines.append(f"        {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... en nog {len(violation['nodes']) - 10} element(en)")
    return "\n".join(lines)


class AccessiblePage:
    """A Playwright page whose every navigation is checked with axe-core."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.audited: list[str] = []
        self._navigations = 0
        self._audited_at = 0
        self.policies: dict[str, str] = {}  # document URL -> its Content-Security-Policy
        page.on("framenavigated", self._on_navigation)
        page.on("response", self._on_response)

    def _on_response(self, response) -> None:  # type: ignore[no-untyped-def]
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self.policies[response.url] = response.headers.get("content-security-policy", "")

    def _on_navigation(self, frame) -> None:  # type: ignore[no-untyped-def]
        if frame == self.page.main_frame:
            self._navigations += 1

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        # Everything else (locator, get_by_role, fill, ...) is the Playwright page's.
        return getattr(self.page, name)

    # navigation ------------------------------------------------------------------------------
    def goto(self, path: str) -> AccessiblePage:
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        self.page.goto(url)
        self.check_accessibility()
        return self

    def click(self, selector_or_locator, **kwargs) -> AccessiblePage:  # type: ignore[no-untyped-def]
        target = (
            self.page.locator(selector_or_locator)
            if isinstance(selector_or_locator, str)
            else selector_or_locator
        )
        target.click(**kwargs)
        self.settle()
        self.check_accessibility()
        return self

    def press(self, selector: str, key: str) -> AccessiblePage:
        self.page.press(selector, key)
        self.settle()
        self.check_accessibility()
        return self

    def settle(self) -> None:
        self.page.wait_for_load_state("load")
        self.page.wait_for_function(HTMX_IDLE)

    # accessibility ---------------------------------------------------------------------------
    def check_accessibility(self) -> None:
        """Run axe-core on the current page; fail on serious or critical violations."""
        self.page.wait_for_load_state("load")
        result = self.page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({
                        target: n.target, html: n.html, failureSummary: n.failureSummary,
                    })),
                }));
            }""",
            AXE_TAGS,
        )
        self.audited.append(self.page.url)
        self._audited_at = self._navigations
        blocking = [v for v in result if v["impact"] in BLOCKING_IMPACTS]
        if blocking:
            raise AccessibilityError(format_violations(self.page.url, blocking))
        self.check_content_security()

    def check_content_security(self) -> None:
        """The page came with a CSP without 'unsafe-inline' and uses nothing inline."""
        url = self.page.url
        policy = self.policies.get(url, self.policies.get(url.split("#")[0], None))
        problems = []
        if policy is not None and ("script-src 'self'" not in policy or "unsafe-inline" in policy):
            problems.append(f"Content-Security-Policy ontbreekt of staat inline toe: {policy!r}")
        found = self.page.evaluate(INLINE_CODE)
        for kind in ("scripts", "styles", "attributes", "violations"):
            problems += [f"{kind}: {item}" for item in found[kind]]
        if problems:
            raise ContentSecurityError(f"CSP op {url}:\n- " + "\n- ".join(problems))

    def check_pending(self) -> None:
        """Check the current page if it was reached without an audit."""
        if self._navigations != self._audited_at and not self.page.is_closed():
            self.check_accessibility()

    # conveniences ----------------------------------------------------------------------------
    def login(self, username: str, password: str) -> AccessiblePage:
        self.goto("/inloggen")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(password)
        return self.click(self.page.get_by_role("button", name="Inloggen"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium ontbreekt op {CHROMIUM}: installeer het uit Debian met "
            "`apt-get install -y chromium` (of `make chromium`)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _artifact_name(item: pytest.Item) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name).strip("_")


def save_artifacts(item: pytest.Item, page: Page) -> None:
    if page.is_closed():
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = _artifact_name(item)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # the browser may be the reason the test failed
        print(f"Kon geen schermafdruk maken voor {name}: {exc}")


@pytest.fixture
def ui(browser: Browser, live_server, request: pytest.FixtureRequest) -> Iterator[AccessiblePage]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    # Init scripts: present on every page before its own scripts, outside the page's CSP.
    context.add_init_script(path=str(AXE_JS))
    context.add_init_script(CSP_LISTENER)
    page = AccessiblePage(context.new_page(), live_server.url)
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.passed:
            page.check_pending()
    except BaseException:
        save_artifacts(request.node, page.page)
        raise
    else:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            save_artifacts(request.node, page.page)
    finally:
        context.close()
