"""Building letters: recipient, copies, narrative, signatory, demonstration label, checksums,
file names, every council, the comparison group (the narrative's wording is in
test_build_narrative.py)."""

from datetime import date

import pytest
from django.test import override_settings

from annual_review.letters.letter import Block, Inline
from annual_review.letters.models import Narrative
from annual_review.letters.recipients import COPY_FALLBACK, SALUTATION_FALLBACK
from annual_review.letters.render import TEMPLATE_VERSION
from annual_review.letters.selectors import (
    DEMONSTRATION_BANNER,
    NOT_IN_STATISTICS,
    letter_build,
    letters_build,
)
from annual_review.register.models import Contact, Organisation
from annual_review.statistics.calculations import GroupAverages
from annual_review.statistics.selectors import statistics_compute
from tests.factories import (
    ContactFactory,
    DatasetLabelFactory,
    ReportingYearFactory,
    organisation_statistics,
    year_statistics,
)
from tests.letters.conftest import SEED_DATE

pytestmark = pytest.mark.django_db


def test_recipient_is_the_chief_executive_by_honorific_and_surname(
    bromsgrove, chief_executive, seed_stats
):
    """The seed letter's address block: Ms Hanley, Interim Chief Executive, the council."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.recipient.lines == (
        "Ms Hanley",
        "Interim Chief Executive",
        "Bromsgrove District Council",
    )
    assert letter.recipient.salutation == "Dear Ms Hanley"


def test_chief_executive_without_honorific_is_addressed_by_full_name(bromsgrove, seed_stats):
    """No honorific on record: the full name, never a bare surname."""
    ContactFactory(
        organisation=bromsgrove,
        role=Contact.Role.CHIEF_EXECUTIVE,
        first_name="Sam",
        last_name="Jones",
        email="sam@bromsgrove.example",
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.recipient.lines == ("Sam Jones", "Chief Executive", "Bromsgrove District Council")
    assert letter.recipient.salutation == "Dear Sam Jones"


def test_missing_contacts_fall_back_to_roles(bromsgrove, seed_stats):
    """Without contacts the letter goes to the Chief Executive and is copied to the roles."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.recipient.salutation == SALUTATION_FALLBACK
    assert letter.recipient.lines[-1] == "Bromsgrove District Council"
    assert letter.copied_to == tuple(COPY_FALLBACK.values())


def test_leader_is_named_and_missing_scrutiny_chair_falls_back(bromsgrove, seed_stats):
    """Each role is filled from contacts where known, by its generic name where not."""
    ContactFactory(
        organisation=bromsgrove,
        role=Contact.Role.LEADER,
        honorific="Cllr",
        first_name="Karen",
        last_name="May",
        email="leader@bromsgrove.example",
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.copied_to == (
        "Cllr Karen May, Leader",
        COPY_FALLBACK[Contact.Role.SCRUTINY_CHAIR],
    )


def test_stored_narrative_and_date_are_used(bromsgrove, seed_stats):
    """A loaded narrative replaces the default wording; its placeholders are filled."""
    Narrative.objects.create(
        reporting_year="2023-24",
        body="## News\n\nDear {organisation}: the year to {year_end} ({year}).",
        letter_date=date(2024, 7, 17),
    )
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.date == date(2024, 7, 17)
    assert letter.date_text == "17 July 2024"
    assert letter.narrative == (
        Block("heading", (Inline("News"),)),
        Block(
            "paragraph",
            (Inline("Dear Bromsgrove District Council: the year to 31 March 2024 (2023-24)."),),
        ),
    )


def test_default_narrative_is_the_package_wording(bromsgrove, seed_stats):
    """With nothing stored, the project's own default narrative is used."""
    letter = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=SEED_DATE
    )
    headings = [b.inlines[0].text for b in letter.narrative if b.kind == "heading"]
    assert headings == [
        "What the figures show",
        "Comparing similar authorities",
        "Publication",
        "Complaint handling and training",
        "Your view of our service",
    ]
    assert "(District Councils)" in "".join(
        run.text for block in letter.narrative for run in block.inlines
    )


@override_settings(
    ANNUAL_REVIEW_OMBUDSMAN_NAME="Example Ombudsman",
    ANNUAL_REVIEW_SIGNATORY_NAME="Alex Example",
    ANNUAL_REVIEW_SIGNATORY_TITLES=["Ombudsman"],
)
def test_signatory_and_ombudsman_name_come_from_settings(bromsgrove, seed_stats):
    """Who signs is configuration, not code."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert (letter.ombudsman, letter.signatory.name, letter.signatory.titles) == (
        "Example Ombudsman",
        "Alex Example",
        ("Ombudsman",),
    )


def test_demonstration_data_puts_a_banner_on_the_letter(bromsgrove, seed_stats):
    """When the database is labelled demonstration data, the letter says so."""
    from annual_review.casework.models import DatasetLabel

    assert letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats).banner == ""
    DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO)
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.demonstration
    assert letter.banner == DEMONSTRATION_BANNER


def test_demonstration_letters_are_dated_a_week_before_their_years_publication(
    bromsgrove, seed_stats
):
    """Demonstration letters are never sent: dated a week before the year is published (as the
    seed letter was), not today, so the same figures give the same letter whatever the day."""
    from datetime import UTC, datetime

    from django.utils import timezone

    from annual_review.casework.models import DatasetLabel

    ReportingYearFactory(first_year=2023, publish_at=datetime(2024, 7, 24, 9, tzinfo=UTC))
    real = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert real.date == timezone.localdate()  # real data: today, unless a date is loaded
    DatasetLabelFactory(kind=DatasetLabel.Kind.DEMO)
    demo = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert demo.date == date(2024, 7, 17)
    given = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=date(2024, 8, 1)
    )
    assert given.date == date(2024, 8, 1)


def test_organisation_missing_from_statistics_is_refused(bromsgrove, seed_stats):
    """Statistics for another set of organisations cannot make this one's letter."""
    other = Organisation.objects.get(short_name="Hartlepool")
    with pytest.raises(ValueError) as error:
        letter_build(organisation=other, year="2023-24", stats=seed_stats)
    assert str(error.value) == NOT_IN_STATISTICS.format(
        organisation="Hartlepool Borough Council", year="2023-24"
    )


def test_checksums_follow_the_figures(bromsgrove, seed_stats):
    """The statistics checksum changes with the figures; the letter checksum with its text."""
    first = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=SEED_DATE
    )
    again = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=SEED_DATE
    )
    changed = letter_build(
        organisation=bromsgrove,
        year="2023-24",
        stats=year_statistics([organisation_statistics(bromsgrove, upheld=2)]),
        letter_date=SEED_DATE,
    )
    later = letter_build(
        organisation=bromsgrove, year="2023-24", stats=seed_stats, letter_date=date(2024, 7, 18)
    )
    assert first.sha256 == again.sha256
    assert first.statistics_sha256 == again.statistics_sha256 == later.statistics_sha256
    assert changed.statistics_sha256 != first.statistics_sha256
    assert len({first.sha256, changed.sha256, later.sha256}) == 3
    assert first.template_version == TEMPLATE_VERSION


def test_file_names_start_with_the_gss_code(bromsgrove, seed_stats):
    """E07000234-bromsgrove: files sort by official code and say whose they are."""
    letter = letter_build(organisation=bromsgrove, year="2023-24", stats=seed_stats)
    assert letter.file_stem == "E07000234-bromsgrove"


def test_every_council_gets_a_letter_from_computed_statistics():
    """With no casework at all, all 317 councils get a letter that says so plainly."""
    letters = letters_build(year="2023-24", stats=statistics_compute(year="2023-24"))
    assert len(letters) == Organisation.objects.filter(end_date__isnull=True).count() == 317
    assert len({letter.file_stem for letter in letters}) == 317
    assert all(
        "We did not complete any investigations" in letter.sections[0].blocks[0].inlines[0].text
        for letter in letters
    )


def test_a_london_borough_is_compared_with_london_boroughs(chief_executive):
    """The comparison names the organisation's own group."""
    camden = Organisation.objects.get(short_name="Camden")
    london = GroupAverages(
        group="london",
        members=33,
        uphold_rate=0.7,
        upheld_per_100k=3.25,
        compliance_rate=1.0,
        satisfactory_remedy_rate=0.1,
    )
    stats = year_statistics(
        [organisation_statistics(camden, population=279_516)], groups={"london": london}
    )
    letter = letter_build(organisation=camden, year="2023-24", stats=stats)
    sentences = [
        "".join(run.text for run in block.inlines)
        for section in letter.sections
        for block in section.blocks
    ]
    assert "The average across London Boroughs was 70%." in sentences
    assert "The average across London Boroughs was 3.3 per 100,000 residents." in sentences
    assert not any("District Councils" in sentence for sentence in sentences)
