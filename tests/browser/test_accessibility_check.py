"""The accessibility check itself finds what it must: a page with a known WCAG failure."""

import pytest

from tests.accessibility import add_axe, axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_low_contrast_and_an_unlabelled_field(browser):
    page = browser.new_page()
    add_axe(page)
    page.goto("about:blank")
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<p style="color:#aaa;background:#fff">pale text</p><input type="text">'
        "</main></body></html>"
    )
    found = " ".join(axe_violations(page))
    page.close()
    assert "color-contrast" in found and "label" in found
