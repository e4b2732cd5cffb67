"""What Pagefind reads of an exported page: the page less the tables inside an element it
ignores, and which search bundle a page goes in."""

from annual_review.opendata.search import page_record, site_bundle_of

_PAGE = b"""<main data-pagefind-body><h1>Bromsgrove</h1>
<div class="app-table-scroll" tabindex="0" data-pagefind-ignore>
<table class="govuk-table"><tr><td>Wyre Forest</td></tr></table></div>
<p>Upheld 45%</p>
<table class="govuk-table"><tr><td>Districts</td></tr></table>
<div data-pagefind-ignore><p>Register</p><table><tr><td>kept: not the first child</td></tr></table></div>
</main>"""


def test_a_record_leaves_out_only_the_tables_pagefind_ignores():
    record = page_record(_PAGE)
    assert b"Wyre Forest" not in record
    assert b'<div class="app-table-scroll" tabindex="0" data-pagefind-ignore></div>' in record
    # What Pagefind indexes is all there, and a table it would index too.
    for kept in (b"<h1>Bromsgrove</h1>", b"<p>Upheld 45%</p>", b"Districts", b"Register"):
        assert kept in record
    assert b"kept: not the first child" in record
    assert page_record(record) == record


def test_a_council_year_page_goes_in_its_year_bundle():
    assert site_bundle_of("councils/bromsgrove/2023-24/index.html") == "site-2023-24"
    assert site_bundle_of("councils/bromsgrove/2023-24/letter/index.html") == "site-2023-24"
    assert site_bundle_of("councils/bromsgrove/index.html") == "site"
    assert site_bundle_of("about/index.html") == "site"
    assert site_bundle_of("index.html") == "site"
