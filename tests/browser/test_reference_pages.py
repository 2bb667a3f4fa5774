"""The reference pages of the book (API reference, glossary, datasheets...), checked as every
other page is (see test_book_pages.py); a file of their own lets the other pytest-xdist
worker take them."""

from __future__ import annotations

import pytest

from .test_book_pages import built_pages, check_page, reader  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_path", built_pages(reference=True))
def test_reference_page_loads_offline_accessibly(browser, reader, book_url, page_path):  # noqa: F811
    check_page(browser, reader, book_url, page_path)
