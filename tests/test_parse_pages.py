"""expand_page_range: printed page ranges -> first and fully expanded last page."""

from __future__ import annotations

import pytest

from refcheck.models import Pages
from refcheck.parse import expand_page_range


@pytest.mark.parametrize(
    ("printed", "first", "last"),
    [
        ("195-206", "195", "206"),
        ("195–206", "195", "206"),  # en dash
        ("195—206", "195", "206"),  # em dash
        ("1530-9", "1530", "1539"),
        ("1530–9", "1530", "1539"),
        ("284-7", "284", "287"),
        ("1299-301", "1299", "1301"),
        ("e319-20", "e319", "e320"),
        ("S12-5", "S12", "S15"),
        ("S12-S15", "S12", "S15"),
        ("A54-62", "A54", "A62"),
        ("12A-1064", "12A", "1064"),
        ("D1027–D1033", "D1027", "D1033"),
        ("ii28-ii34", "ii28", "ii34"),
        ("xii-xv", "xii", "xv"),
        ("pp. 93-113", "93", "113"),
        ("p. 129-37", "129", "137"),
        ("1226-43.", "1226", "1243"),
        ("99 - 104", "99", "104"),
    ],
)
def test_ranges_are_expanded(printed: str, first: str, last: str) -> None:
    assert expand_page_range(printed) == Pages(first, last)


@pytest.mark.parametrize("printed", ["91", "e1000913", "CD001497", "S1", "316049"])
def test_single_pages_and_article_numbers(printed: str) -> None:
    assert expand_page_range(printed) == Pages(printed, None)


def test_a_shorter_last_page_never_goes_backwards() -> None:
    # The last page is the first number at or after the first page that ends in the digits.
    assert expand_page_range("95-9") == Pages("95", "99")
    assert expand_page_range("195-06") == Pages("195", "206")
    assert expand_page_range("169-55") == Pages("169", "255")
    assert expand_page_range("1345-139") == Pages("1345", "2139")
    assert expand_page_range("1299-301") == Pages("1299", "1301")


@pytest.mark.parametrize("printed", ["", "   ", "-", "pp.", "in press", "one to ten", "1-a"])
def test_no_pages(printed: str) -> None:
    assert expand_page_range(printed) is None
