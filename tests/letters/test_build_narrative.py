"""The narrative a built letter carries: the publication sentence and its links, the
Monitoring Officers' registration, contacts and survey from settings (and left out when unset),
the letterhead and signatory, every section of the seed letter, copies said once, and no rate
short of 100% (or above 0%) rounded to it."""

import re

import pytest

from annual_review.letters.letter import Inline
from annual_review.letters.recipients import COPY_FALLBACK
from annual_review.letters.selectors import letter_build
from annual_review.register.models import Contact
from annual_review.statistics.calculations import GroupAverages
from tests.factories import organisation_statistics, year_statistics

pytestmark = pytest.mark.django_db


def _runs(letter) -> list[Inline]:  # noqa: ANN001
    return [
        run
        for block in letter.narrative
        for run in (*block.inlines, *(r for item in block.items for r in item))
    ]


def _narrative_text(letter) -> str:  # noqa: ANN001
    """Each block's text, blocks (and list items) separated by a newline."""
    lines = []
    for block in letter.narrative:
        for runs in (block.inlines, *block.items):
            lines.append("".join(run.text for run in runs))
    return "\n".join(lines)


def test_publication_sentence_names_the_date_and_site_and_links_the_council_page(
    bromsgrove, seed_stats, seed_publication
):
    """The letter says when and where it goes public, and links the council's own page."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    text = _narrative_text(letter)
    assert "We will publish these figures, and this letter, on 24 July 2024." in text
    assert "Your council's performance" in text
    links = {run.href for run in _runs(letter)}
    assert "https://councils.example.org/councils/bromsgrove/2023-24/" in links
    assert "https://councils.example.org/" in links


def test_monitoring_officer_paragraph_links_the_registration_page(bromsgrove, seed_stats):
    """Monitoring Officers are invited to register, with the registration page's address."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    (run,) = [r for r in _runs(letter) if r.href.endswith("/monitoring-officers/register/")]
    assert run.href == "https://councils.example.org/monitoring-officers/register/"
    assert run.text == run.href
    assert "Monitoring Officers can now register" in _narrative_text(letter)


def test_contacts_and_feedback_survey_come_from_settings(bromsgrove, seed_stats):
    """The contact email (a mailto link), telephone and survey address are the configured ones."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    links = {run.text: run.href for run in _runs(letter) if run.href}
    assert links["annual-review@example.org"] == "mailto:annual-review@example.org"
    assert links["https://survey.example.org/ombudsman-service/"] == (
        "https://survey.example.org/ombudsman-service/"
    )
    assert (
        "please email us at annual-review@example.org or telephone us on 0306 999 0123."
        in _narrative_text(letter)
    )


def test_letterhead_and_signature_use_the_configured_organisation_and_signatory(
    bromsgrove, seed_stats
):
    """The letterhead names the Ombudsman's organisation; the signatory signs with titles."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.ombudsman == "Local Government and Social Care Ombudsman"
    assert letter.signatory.name == "Alex Example"
    assert letter.signatory.titles[1] == "Chair, Commission for Local Administration in England"


def test_unset_settings_and_publication_date_leave_their_sentences_out(
    bromsgrove, seed_stats, settings
):
    """Nothing set: no publication, site, registration, contact or survey sentence, and no
    placeholder or empty link printed; the organisation signs in place of a signatory."""
    for name in (
        "ANNUAL_REVIEW_SIGNATORY_NAME",
        "ANNUAL_REVIEW_CONTACT_EMAIL",
        "ANNUAL_REVIEW_CONTACT_TELEPHONE",
        "ANNUAL_REVIEW_FEEDBACK_URL",
        "ANNUAL_REVIEW_BASE_URL",
    ):
        setattr(settings, name, "")
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    text = _narrative_text(letter)
    assert "{" not in text and "}" not in text
    assert [run.href for run in _runs(letter) if run.href] == []
    for gone in ("We will publish", "register to receive", "please email", "survey", "telephone"):
        assert gone not in text
    assert (letter.signatory.name, letter.signatory.titles) == (letter.ombudsman, ())
    # The sections themselves stay, with what they can still say.
    headings = [b.inlines[0].text for b in letter.narrative if b.kind == "heading"]
    assert "Complaint handling and training" in headings


def test_default_narrative_has_every_section_of_the_seed_letter(bromsgrove, seed_stats):
    """Purpose, the three statistics, comparison, publication, the Code, training, feedback."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    text = _narrative_text(letter)
    for words in (
        "for the year ending 31 March 2024",  # purpose
        "Complaints upheld",
        "Compliance with our recommendations",
        "a compliance rate below 100% is a cause for concern",
        "Satisfactory remedies you provided",
        "we give credit to organisations that accept fault",
        "county councils, district councils, metropolitan boroughs, unitary councils and "
        "London boroughs",
        "Your council's performance",
        "Complaint Handling Code",
        "train council staff in complaint handling",
        "what you think of our service",
    ):
        assert words in text, words


def test_copies_are_said_one_way_only(bromsgrove, seed_stats):
    """The letter says it is copied to the Leader and scrutiny chair, and lists them as copied,
    rather than also asking the chief executive to share it with them."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    text = _narrative_text(letter)
    assert "We have copied this letter to the Leader" in text
    assert "share it with" not in text
    assert letter.copied_to == (
        COPY_FALLBACK[Contact.Role.LEADER],
        COPY_FALLBACK[Contact.Role.SCRUTINY_CHAIR],
    )


def test_no_letter_shows_100_or_0_percent_for_a_rate_short_of_it(bromsgrove):
    """199 of 200 complied, a group average of 99.57%, 1 satisfactory remedy in 300 upheld:
    no sentence, chart or alt text of the letter says 100% or 0%."""
    from annual_review.letters.render import letter_render_html, letter_render_text

    row = organisation_statistics(
        bromsgrove,
        upheld=300,
        not_upheld=1,
        satisfactory_remedies=1,
        compliance_outcomes=200,
        compliant=199,
    )
    stats = year_statistics(
        [row],
        {
            "district": GroupAverages(
                group="district",
                members=164,
                uphold_rate=0.9999,
                upheld_per_100k=1.2,
                compliance_rate=0.9957,
                satisfactory_remedy_rate=0.004,
            )
        },
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=stats)
    sections = letter_render_text(letter=letter).split("## Your complaint statistics")[1]
    html = letter_render_html(letter=letter).split('id="arl-statistics-heading"')[1]
    for shown in (sections, html):
        assert not re.search(r"(?<![\d.])(100|0)%", shown.replace("below 100%", ""))
    assert "in more than 99% of the cases we checked" in sections
    assert "The average across District Councils was more than 99%." in sections
    assert "In less than 1% of the complaints we upheld" in sections
    assert "Bromsgrove >99%" in sections and "District Councils average <1%" in sections
