"""Browser tests: Playwright for Python driving Debian's chromium, axe-core on every page visited."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
# the test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("ANPO_CHROMIUM", "/usr/bin/chromium")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail(
                "CI needs Debian's chromium at /usr/bin/chromium (make browser-deps installs it)"
            )
        pytest.skip(
            "Debian's chromium is not installed (apt-get install chromium): browser tests skipped"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class AxeViolations(AssertionError):
    pass


class CspViolations(AssertionError):
    pass


# Runs in every page and frame before the page's own scripts (through the DevTools protocol, so
# the page's Content-Security-Policy does not apply to it) and records what the policy refused.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber);
});
"""


class Page:
    """A thin wrapper that runs axe-core after every navigation the test asks for, and fails on
    anything the Content-Security-Policy refused."""

    def __init__(self, page: object, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)  # type: ignore[attr-defined]
        self.check_accessibility()

    def check_accessibility(self) -> None:
        page = self.page
        page.wait_for_load_state("load")  # type: ignore[attr-defined]
        self.check_csp()
        if not page.evaluate("typeof window.axe !== 'undefined'"):  # type: ignore[attr-defined]
            # Evaluated through the DevTools protocol: an inline <script> tag would be refused
            # by the page's Content-Security-Policy (as it should be).
            page.evaluate(_axe_source())  # type: ignore[attr-defined]
        result = page.evaluate(  # type: ignore[attr-defined]
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = result["violations"]
        self.checked.append(page.url)  # type: ignore[attr-defined]
        if violations:
            lines = [f"axe-core found {len(violations)} violation(s) on {page.url}:"]  # type: ignore[attr-defined]
            for violation in violations:
                targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
                lines.append(
                    f"  - {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
                )
            raise AxeViolations("\n".join(lines))

    def check_csp(self) -> None:
        """Fail when the Content-Security-Policy refused a script, style, font, frame... anywhere."""
        found: list[str] = []
        for frame in self.page.frames:  # type: ignore[attr-defined]
            try:
                found.extend(frame.evaluate("window.__cspViolations || []"))
            except Exception:  # a frame that went away meanwhile
                continue
        if found:
            raise CspViolations(
                f"Content-Security-Policy violations on {self.page.url}:\n  "  # type: ignore[attr-defined]
                + "\n  ".join(found)
            )

    def __getattr__(self, name: str) -> object:
        return getattr(self.page, name)


@pytest.fixture
def page(browser, live_server) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    raw = context.new_page()
    raw.set_default_timeout(15000)
    yield Page(raw, live_server.url)
    # Stop page scripts (progress polling) and let in-flight requests finish before the
    # transactional flush: the live server's request threads share the test database
    # connection, and a request still open during the flush can undo part of it.
    raw.goto("about:blank")
    context.close()
    time.sleep(0.3)


def login(page: Page, username: str, password: str = "correct horse battery") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].button--primary")
    page.wait_for_load_state("load")
    page.check_accessibility()
