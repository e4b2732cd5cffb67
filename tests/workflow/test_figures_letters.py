"""Published means frozen, for letters: a published year's letters take the figures of the
frozen version they belong to, and a corrected letter keeps its predecessor in the public letter
archive with the correction's reason."""

import re
from datetime import timedelta
from html import unescape

from django.utils import timezone

from annual_review.web.caching import caches_clear
from annual_review.workflow.figures import letters_figures
from annual_review.workflow.models import YearFigures
from annual_review.workflow.publication import publish_due
from annual_review.workflow.rendering import LettersAppRenderer, renderer_set
from annual_review.workflow.revisions import revision_approve, revision_prepare, revision_schedule
from annual_review.years.models import ReportingYear
from tests.workflow.frozen_year import (
    REASON,
    YEAR,
    fresh_caches,  # noqa: F401 (a fixture, autouse)
    late_decision_import,
    published_year,  # noqa: F401 (the fixture "published")
)


def test_a_corrected_letter_keeps_its_predecessor_in_the_letter_archive(
    year, hartlepool, renderer, approver, second_approver, analyst, client
):
    """The public letter page lists the superseded version, marked so, with the correction's
    reason, and serves it as it was published."""
    from annual_review.workflow.approvals import letter_approve
    from annual_review.workflow.drafting import letter_correct, letter_draft_refresh, letter_edited
    from tests.workflow.test_publish import sent_letter

    original = sent_letter(year, hartlepool, approver)
    year.publish_at = timezone.now() - timedelta(minutes=1)
    year.save()
    publish_due()
    original.refresh_from_db()
    reason = "The uphold rate was wrong."
    correction = letter_correct(letter=original, reason=reason, actor=analyst)
    renderer.paragraphs["HPL"] = "Corrected figures."
    letter_edited(organisation=hartlepool, year=year, actor=analyst)
    correction = letter_draft_refresh(letter=correction.__class__.objects.get(pk=correction.pk))
    letter_approve(letter=correction, actor=second_approver)
    publish_due()
    caches_clear()
    page = client.get(f"/councils/{hartlepool.slug}/{YEAR}/letter/").content.decode()
    assert "Corrected figures." in page
    assert "Version 1, published" in page and "superseded on" in page and reason in page
    pdf = client.get(f"/councils/{hartlepool.slug}/{YEAR}/letter-v1.pdf")
    assert pdf.status_code == 200 and pdf.content == bytes(original.pdf)
    assert client.get(f"/councils/{hartlepool.slug}/{YEAR}/letter-v2.pdf").status_code == 404


class _LettersAppCheapPdf(LettersAppRenderer):
    """The letters app's real letters and HTML, with a stand-in for the (slow) PDF."""

    def pdf(self, *, letter: object) -> bytes:
        return b"%PDF-1.7 stand-in " + self.html(letter=letter).encode()


def _uphold_rate_said(html: str) -> str:
    """The uphold rate a letter states ("75%"), read from its text without the markup (the
    public page holds the letter's document escaped, in its frame)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", unescape(html)))
    return re.search(r"We upheld (\S+) of the complaints we investigated", text).group(1)  # type: ignore[union-attr]


def test_letters_of_a_published_year_take_the_figures_of_their_frozen_version(
    published, tmp_path, analyst, approver, client
):
    """A published year's letters are made from the frozen version they belong to, never from
    the records: after a late upheld decision the published letter, and a letter made anew, say
    what was published; once a revision is approved and published, a correction of the letter
    shows the revision's figures, and the letter archive keeps the superseded letter with the
    correction's reason."""
    from annual_review.letters import letter_build, letter_render_html
    from annual_review.workflow.approvals import letter_approve
    from annual_review.workflow.drafting import letter_correct, letters_generate
    from annual_review.workflow.models import LetterStatus, LetterVersion

    previous = renderer_set(_LettersAppCheapPdf())
    try:
        year = ReportingYear.objects.get(label=YEAR)
        address = f"/councils/bromsgrove/{YEAR}/letter/"
        letters_generate(year=year, actor=analyst, organisations=[published])
        first = LetterVersion.objects.get(organisation=published, year=year)
        letter_approve(letter=first, actor=approver)
        publish_due()
        first.refresh_from_db()
        assert first.status == LetterStatus.PUBLISHED
        assert _uphold_rate_said(first.html) == "75%"  # 3 of 4 investigations upheld
        page_before = client.get(address).content

        late_decision_import(tmp_path)
        caches_clear()
        assert client.get(address).content == page_before
        made_now = letter_build(organisation=published, year=YEAR, stats=letters_figures(year=YEAR))
        assert _uphold_rate_said(letter_render_html(letter=made_now)) == "75%"

        revision = revision_prepare(year=year, actor=analyst, reason=REASON)
        # Prepared, not approved: letters still belong to the published version.
        assert (
            _uphold_rate_said(
                letter_render_html(
                    letter=letter_build(
                        organisation=published, year=YEAR, stats=letters_figures(year=YEAR)
                    )
                )
            )
            == "75%"
        )
        revision_approve(revision=revision, actor=approver)
        revision_schedule(
            revision=revision, publish_at=timezone.now() + timedelta(hours=1), actor=approver
        )
        YearFigures.objects.filter(pk=revision.pk).update(
            publish_at=timezone.now() - timedelta(seconds=1)
        )
        letter_reason = "The figures were revised: a decision was recorded late."
        correction = letter_correct(letter=first, reason=letter_reason, actor=analyst)
        assert _uphold_rate_said(correction.html) == "80%"  # 4 of 5, the revision's figures
        letter_approve(letter=correction, actor=approver)
        publish_due()
        caches_clear()

        page = client.get(address).content.decode()
        assert _uphold_rate_said(page) == "80%"
        assert "Version 1, published" in page and "superseded on" in page
        assert letter_reason in page
        old = client.get(f"/councils/bromsgrove/{YEAR}/letter-v1.pdf")
        assert old.status_code == 200 and old.content == bytes(first.pdf)
        assert _uphold_rate_said(old.content.decode()) == "75%"
    finally:
        renderer_set(previous)
