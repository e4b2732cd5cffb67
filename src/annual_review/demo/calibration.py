"""The published national figures the demonstration dataset is calibrated to, and its shape.

Figures are the Ombudsman's national totals, rounded, per reporting year: complaints and
enquiries decided, detailed investigations, uphold rate, the share of upheld decisions where the
council had already offered a satisfactory remedy, compliance with recommendations and public
reports. The demo reproduces them for England's 317 councils; a slice of councils gets the share
of them that its population and council types carry.
"""

from dataclasses import dataclass

from annual_review.casework.models import Category, Outcome

DEMO_SEED = 20240717
DEMO_POPULATION_YEAR = 2020


@dataclass(frozen=True)
class YearTarget:
    """What the Ombudsman published for one reporting year (national, all councils)."""

    label: str
    decisions: int
    investigations: int
    uphold_rate: float
    satisfactory_remedy_rate: float
    compliance_rate: float
    public_reports: tuple[int, int]


YEAR_TARGETS: dict[str, YearTarget] = {
    t.label: t
    for t in (
        YearTarget("2019-20", 16_900, 4_100, 0.61, 0.13, 0.996, (25, 40)),
        YearTarget("2020-21", 16_100, 3_900, 0.67, 0.14, 0.995, (25, 40)),
        YearTarget("2021-22", 17_200, 4_000, 0.66, 0.15, 0.996, (25, 40)),
        YearTarget("2022-23", 16_800, 4_100, 0.74, 0.17, 0.997, (25, 40)),
        YearTarget("2023-24", 17_600, 4_000, 0.80, 0.19, 0.996, (25, 40)),
        YearTarget("2024-25", 18_200, 4_200, 0.83, 0.20, 0.995, (25, 40)),
    )
}
DEMO_YEARS = tuple(YEAR_TARGETS)


@dataclass(frozen=True)
class ExactCase:
    """A council-year reproduced exactly, as in a published letter."""

    code: str
    year: str
    upheld: int
    not_upheld: int
    satisfactory_remedies: int
    # Every upheld decision without a satisfactory remedy gets a compliance outcome in the year,
    # and no decision of another year has one dated in it.
    compliance_satisfied: int


# Bromsgrove District Council's 2023-24 letter (the seed letter): 2 investigations, 1 upheld,
# 1 compliance outcome (satisfied), no satisfactory remedy.
EXACT_CASES = (
    ExactCase(
        code="BRM",
        year="2023-24",
        upheld=1,
        not_upheld=1,
        satisfactory_remedies=0,
        compliance_satisfied=1,
    ),
)

# Decisions per resident, relative to a unitary council. Counties and districts share their
# residents: counties run education, children's services and adult care (the largest categories),
# districts housing, planning, waste and council tax.
VOLUME_BY_TYPE = {
    "CTY": 0.70,
    "NMD": 0.30,
    "UA": 1.00,
    "MD": 1.00,
    "LBO": 1.20,
    "CC": 1.00,
}

C = Category
ALL_SERVICES = {
    C.EDUCATION_CHILDREN: 24,
    C.ADULT_CARE: 18,
    C.HOUSING: 13,
    C.PLANNING: 10,
    C.HIGHWAYS: 10,
    C.ENVIRONMENT: 9,
    C.BENEFITS_TAX: 9,
    C.CORPORATE: 5,
    C.OTHER: 2,
}
CATEGORY_MIX: dict[str, dict[Category, int]] = {
    "CTY": {
        C.EDUCATION_CHILDREN: 38,
        C.ADULT_CARE: 32,
        C.HIGHWAYS: 16,
        C.ENVIRONMENT: 4,
        C.CORPORATE: 5,
        C.PLANNING: 3,
        C.OTHER: 2,
    },
    "NMD": {
        C.PLANNING: 30,
        C.HOUSING: 27,
        C.ENVIRONMENT: 18,
        C.BENEFITS_TAX: 13,
        C.CORPORATE: 7,
        C.HIGHWAYS: 3,
        C.OTHER: 2,
    },
    "UA": ALL_SERVICES,
    "MD": ALL_SERVICES,
    "LBO": ALL_SERVICES,
    "CC": ALL_SERVICES,
}

# How likely a complaint in each category is to be investigated in detail, and upheld once
# investigated (relative weights: the national totals are fixed above).
INVESTIGATION_WEIGHT = {
    C.EDUCATION_CHILDREN: 1.6,
    C.ADULT_CARE: 1.7,
    C.HOUSING: 0.9,
    C.PLANNING: 0.7,
    C.HIGHWAYS: 0.6,
    C.ENVIRONMENT: 0.6,
    C.BENEFITS_TAX: 0.8,
    C.CORPORATE: 0.7,
    C.OTHER: 0.5,
}
UPHOLD_WEIGHT = {
    C.EDUCATION_CHILDREN: 1.5,
    C.ADULT_CARE: 1.3,
    C.HOUSING: 1.0,
    C.PLANNING: 0.6,
    C.HIGHWAYS: 0.8,
    C.ENVIRONMENT: 0.8,
    C.BENEFITS_TAX: 1.0,
    C.CORPORATE: 0.9,
    C.OTHER: 0.8,
}

# The outcomes of complaints not investigated in detail, as shares of them.
OTHER_OUTCOMES = {
    Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES: 47,
    Outcome.REFERRED_BACK: 43,
    Outcome.INCOMPLETE_OR_INVALID: 7,
    Outcome.ADVICE_GIVEN: 3,
}

# Days from receipt to decision, by outcome (low, high).
DAYS_TO_DECIDE = {
    Outcome.UPHELD: (45, 320),
    Outcome.NOT_UPHELD: (40, 280),
    Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES: (7, 75),
    Outcome.REFERRED_BACK: (1, 14),
    Outcome.INCOMPLETE_OR_INVALID: (1, 30),
    Outcome.ADVICE_GIVEN: (1, 10),
}

# Share of upheld decisions (without a satisfactory remedy) whose recommendations were followed
# up with a compliance outcome; the rest were still open or needed no action to be checked.
COMPLIANCE_RECORDED = 0.93
SATISFIED_LATE_SHARE = 0.05
DAYS_TO_COMPLY = (21, 130)
