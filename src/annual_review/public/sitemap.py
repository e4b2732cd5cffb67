"""The addresses the sitemap lists."""

from annual_review.public.published import councils_by_id, published_years, year_statistics


def sitemap_addresses() -> list[str]:
    """The pages a search engine should know: the site's own and every council's published years.

    Decisions (a hundred thousand) stay out: a sitemap holds at most 50,000 addresses, and every
    decision is linked from its council's page and the search.
    """
    from annual_review.public.information import INFORMATION_ADDRESSES

    addresses = ["/", "/councils/", "/decisions/", "/about/", *INFORMATION_ADDRESSES]
    years = published_years()
    councils = councils_by_id()
    for year in years:
        for row in year_statistics(year).organisations:
            council = councils[row.organisation_id]
            if year == max(years):
                addresses.append(f"/councils/{council.slug}/")
            addresses.append(f"/councils/{council.slug}/{year}/")
    return addresses
