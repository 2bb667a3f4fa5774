"""Each lab page of the static book shows its widgets, its chart (with alt text) and its
tables, from saved widget state, with the network off."""

from __future__ import annotations

import pytest

from tests.browser.pagecheck import visit

pytestmark = pytest.mark.browser

LABS = {
    "02-seeing-inequity": "Person searched",
    "03-minneapolis-stops": "Citation issued",
    "04-lending": "Consumer credit history",
    "05-equitable-budget": "Targeted universal",
    "06-goals-and-trends": "Unemployment",
    "07-bring-your-own-data": "owner_race_ethnicity",
}


@pytest.mark.parametrize("lab", LABS)
def test_lab_page_shows_widgets_chart_and_tables(browser, book_url, lab):
    page, report = visit(browser, f"{book_url}/notebooks/{lab}.html", book_url)
    try:
        assert report.status == 200
        control = page.locator(".widget-dropdown select, .widget-toggle-buttons").first
        control.wait_for(state="visible", timeout=15_000)
        assert LABS[lab] in page.locator("body").inner_text()
        figure = page.locator(".jupyter-widgets figure.equitylab-figure img").first
        figure.wait_for(state="visible", timeout=15_000)
        assert len(figure.get_attribute("alt") or "") > 40
        assert page.locator(".jupyter-widgets table.equitylab-table caption").count() >= 1
        assert page.locator("div.admonition.important").count() == 1  # key points
        assert page.locator("details.dropdown, .solution").count() >= 2  # answers
    finally:
        page.context.close()

