"""The generator's own wording: decision summaries, recommendations and fictional people.

Every phrase here was written for the demonstration dataset; none is taken from a real decision
statement. `{pos}` stands for the complainant's possessive pronoun, `{who}` for how the summary
names them ("Mrs X").
"""

from annual_review.casework.models import Category, Outcome, Recommendation

C = Category

# (how the summary names the complainant, possessive pronoun)
COMPLAINANTS = (
    ("Mrs X", "her"),
    ("Mr X", "his"),
    ("Ms X", "her"),
    ("Miss X", "her"),
    ("Mr Y", "his"),
    ("Mrs Y", "her"),
    ("Ms Z", "her"),
    ("Mr Z", "his"),
    ("Mr and Mrs X", "their"),
    ("Dr X", "their"),
)

# What the complaint was about: completes "{who} complained that the Council ..."
COMPLAINTS: dict[Category, tuple[str, ...]] = {
    C.EDUCATION_CHILDREN: (
        "delayed issuing an education, health and care plan for {pos} son",
        "did not arrange the special educational provision in {pos} daughter's plan",
        "failed to provide suitable education for {pos} child while they were out of school",
        "refused {pos} request for free school transport without considering the walking route",
        "did not properly consider {pos} application for a school place in the admission appeal",
        "handled a children's services assessment of {pos} family poorly",
        "took too long to respond to {pos} complaint under the children's statutory procedure",
        "stopped support for {pos} grandchildren under a special guardianship order",
    ),
    C.ADULT_CARE: (
        "failed to assess {pos} mother's care needs before she left hospital",
        "charged {pos} father for residential care without explaining the costs",
        "did not review {pos} care and support plan when {pos} needs changed",
        "delayed a financial assessment, leaving {pos} family with an unexpected bill",
        "reduced {pos} brother's personal budget without a proper reassessment",
        "did not act on safeguarding concerns raised about {pos} aunt's care home",
        "failed to arrange respite care that had been agreed for {pos} husband",
        "made decisions about {pos} father's care without consulting the family",
    ),
    C.HOUSING: (
        "delayed deciding {pos} homelessness application",
        "placed {pos} family in unsuitable temporary accommodation for too long",
        "wrongly assessed {pos} priority on the housing register",
        "did not act on reports of disrepair and damp in {pos} privately rented home",
        "failed to process {pos} disabled facilities grant within a reasonable time",
        "did not give {pos} household a written decision on its housing duty",
    ),
    C.PLANNING: (
        "failed to consider the impact on {pos} home when granting planning permission next door",
        "did not take enforcement action against a breach of planning control near {pos} home",
        "did not notify {pos} household of a planning application affecting it",
        "mishandled {pos} objection to a development on the neighbouring field",
        "delayed deciding {pos} application for a lawful development certificate",
    ),
    C.HIGHWAYS: (
        "did not repair a pothole on {pos} road after it was reported",
        "wrongly refused {pos} application for a disabled parking bay",
        "issued {pos} household a penalty charge notice that should have been cancelled",
        "failed to consult residents, including {pos} household, on a traffic order",
        "did not deal with flooding from a blocked highway drain outside {pos} home",
    ),
    C.ENVIRONMENT: (
        "repeatedly missed collecting {pos} household's bins",
        "did not investigate {pos} reports of noise from a neighbouring business",
        "failed to deal with fly-tipping on land next to {pos} home",
        "mishandled {pos} reports of an overgrown hedge blocking light to {pos} garden",
        "did not take action on {pos} complaints about bonfire smoke",
    ),
    C.BENEFITS_TAX: (
        "took recovery action for council tax {pos} household did not owe",
        "delayed deciding {pos} claim for council tax reduction",
        "refused {pos} application for a discretionary housing payment without reasons",
        "did not apply a discount to {pos} council tax bill after a change of circumstances",
        "sent enforcement agents before {pos} appeal had been decided",
    ),
    C.CORPORATE: (
        "did not respond to {pos} complaint within its own timescales",
        "shared {pos} personal information with a third party without consent",
        "did not make reasonable adjustments for {pos} disability when dealing with {pos} case",
        "handled {pos} request for information poorly and gave inconsistent answers",
    ),
    C.OTHER: (
        "mishandled {pos} application for a licence",
        "did not properly consider {pos} request to register land as a village green",
        "gave {pos} household incorrect information about a burial plot",
    ),
}

UPHELD_FINDINGS = (
    "We found fault in how the Council handled the matter, and it caused {who} avoidable distress.",
    "The Council was at fault, causing {who} uncertainty and frustration.",
    "We found the Council at fault, and this caused {who} an injustice.",
    "There was fault by the Council which caused {who} time and trouble pursuing the matter.",
    "We found fault causing injustice.",
)
NOT_UPHELD_FINDINGS = (
    "We did not find fault in how the Council reached its decision.",
    "The Council followed the proper process and considered the relevant information, so we found no fault.",
    "We found no fault: the Council acted in line with the law and its policy.",
    "There was no fault in the Council's actions, so we have completed our investigation.",
)
REMEDY_FINDINGS = (
    "The Council accepted it was at fault and had already offered a suitable remedy before we became involved.",
    "The Council had already apologised and put things right, which we consider a satisfactory remedy.",
    "We upheld the complaint, but the remedy the Council offered at the end of its own complaints process was appropriate.",
)
CLOSED_FINDINGS = (
    "We will not investigate this complaint because it is unlikely we would find fault.",
    "We will not investigate: {who} could have appealed to a tribunal, and it was reasonable to do so.",
    "We will not investigate because further investigation would not lead to a different outcome.",
    "We will not investigate because the injustice claimed is not significant enough to justify our involvement.",
    "We will not investigate because the complaint was made too late and there is no good reason for the delay.",
    "We will not investigate as the matter is being dealt with in court proceedings.",
)
REFERRED_FINDINGS = (
    "We referred the complaint back to the Council, which had not yet had the chance to respond through its complaints procedure.",
    "The complaint was premature: we asked the Council to consider it first under its own procedure.",
)
INCOMPLETE_FINDINGS = (
    "We could not consider the complaint because we did not receive the information we asked for.",
    "The complaint was closed because it was incomplete.",
    "We could not take the complaint further because it was not about a matter we can look at.",
)
ADVICE_FINDINGS = (
    "We gave {who} advice about how to complain to the right organisation.",
    "We explained to {who} how to raise the matter with the Council first.",
)
OUTCOME_FINDINGS: dict[str, tuple[str, ...]] = {
    Outcome.UPHELD: UPHELD_FINDINGS,
    Outcome.NOT_UPHELD: NOT_UPHELD_FINDINGS,
    Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES: CLOSED_FINDINGS,
    Outcome.REFERRED_BACK: REFERRED_FINDINGS,
    Outcome.INCOMPLETE_OR_INVALID: INCOMPLETE_FINDINGS,
    Outcome.ADVICE_GIVEN: ADVICE_FINDINGS,
}

K = Recommendation.Kind

APOLOGIES = (
    "Apologise in writing for the distress caused",
    "Apologise for the delay and the uncertainty it caused",
    "Apologise for the faults identified in this decision",
    "Write to the complainant accepting the findings and apologising",
)
# Financial remedies: (description with {amount}, low, high) in pounds; amounts are whole tens.
FINANCIAL_REMEDIES = (
    ("Pay £{amount} to acknowledge the distress caused", 100, 500),
    ("Pay £{amount} for the time and trouble of bringing the complaint", 100, 300),
    ("Pay £{amount} to recognise the uncertainty the fault caused", 150, 800),
)
# Larger sums belong to particular services: lost education or care, charges made in error.
SERVICE_FINANCIAL_REMEDIES: dict[Category, tuple[tuple[str, int, int], ...]] = {
    C.EDUCATION_CHILDREN: (
        ("Pay £{amount} to make up for the education provision that was missed", 600, 4000),
    ),
    C.ADULT_CARE: (
        ("Pay £{amount} to make up for the care and support that was missed", 500, 3000),
        ("Refund £{amount} of care charges made in error", 300, 2500),
    ),
    C.HOUSING: (("Pay £{amount} for the time spent in unsuitable accommodation", 300, 2000),),
    C.BENEFITS_TAX: (("Refund £{amount} of council tax taken in error", 100, 1200),),
    C.HIGHWAYS: (
        ("Refund £{amount} paid for a penalty charge that should have been cancelled", 50, 150),
    ),
}
SERVICE_IMPROVEMENTS: dict[Category, tuple[str, ...]] = {
    C.EDUCATION_CHILDREN: (
        "Review how the service tracks plans against the 20-week deadline and report the results to councillors",
        "Set out how it will arrange alternative education promptly when a child cannot attend school",
        "Check that every plan it maintains names provision that is being delivered",
    ),
    C.ADULT_CARE: (
        "Review how hospital discharges are planned so assessments happen before people leave hospital",
        "Make sure people are told in writing what their care will cost before it starts",
        "Check that care plans are reviewed at least once a year",
    ),
    C.HOUSING: (
        "Review the use of bed and breakfast accommodation for families and report the numbers to councillors",
        "Make sure homelessness decisions are issued in writing with a review right",
        "Reduce the backlog of disabled facilities grant applications and set target times",
    ),
    C.PLANNING: (
        "Make sure officer reports show how the impact on neighbouring homes was considered",
        "Set target times for responding to reports of planning breaches",
    ),
    C.HIGHWAYS: (
        "Review how reported highway defects are inspected and prioritised",
        "Check that penalty charge appeals are considered before recovery action starts",
    ),
    C.ENVIRONMENT: (
        "Review the round where collections were missed and monitor it for three months",
        "Set out how noise reports are logged, visited and closed",
    ),
    C.BENEFITS_TAX: (
        "Make sure recovery action is paused while an appeal is outstanding",
        "Review the time taken to decide council tax reduction claims",
    ),
    C.CORPORATE: (
        "Review complaint response times and report them to councillors every quarter",
        "Make sure reasonable adjustments are recorded and shared with every team dealing with a case",
    ),
    C.OTHER: ("Review the guidance given to applicants so it is accurate and up to date",),
}
PROCEDURE_CHANGES = (
    "Change its procedure so that decisions are recorded with reasons",
    "Update its complaints procedure so that the final response explains how to contact the Ombudsman",
    "Amend its policy so that it reflects the statutory guidance",
    "Introduce a checklist so that the steps missed in this case are not missed again",
)
TRAININGS = (
    "Remind staff of the statutory timescales that apply",
    "Give staff training on keeping clear records of decisions",
    "Share the lessons from this complaint with the team involved",
    "Train officers on when to consider the complainant's individual circumstances",
)

REMEDY_CLAUSES: dict[str, str] = {
    K.APOLOGY: "apologise",
    K.FINANCIAL_REMEDY: "pay {who} £{amount}",
    K.SERVICE_IMPROVEMENT: "improve how the service works",
    K.PROCEDURE_CHANGE: "change its procedures",
    K.TRAINING: "remind or train its staff",
}

# Fictional people for the contacts: ordinary first names, invented surnames, example.org mail.
FIRST_NAMES = (
    "Alex", "Amira", "Bernard", "Bethan", "Carys", "Colin", "Daniel", "Deepa", "Eleanor",
    "Farid", "Fiona", "Gareth", "Grace", "Harriet", "Imran", "Isla", "James", "Joanna", "Kiran",
    "Laura", "Leon", "Mairead", "Martin", "Nadia", "Nicholas", "Olu", "Patricia", "Priya",
    "Rachel", "Rhys", "Samuel", "Sunita", "Tariq", "Tessa", "Victor", "Wendy", "Yusuf", "Zoe",
)  # fmt: skip
SURNAME_STARTS = (
    "Amble", "Bramble", "Clover", "Dapple", "Elder", "Fennel", "Gorse", "Hazel", "Inkle",
    "Juniper", "Kestrel", "Larch", "Meadow", "Nettle", "Oak", "Pebble", "Quill", "Rowan",
    "Sorrel", "Thistle", "Umber", "Willow",
)  # fmt: skip
SURNAME_ENDS = ("bury", "by", "combe", "den", "field", "ford", "ham", "ley", "more", "wick")
HONORIFICS = ("Ms", "Mr", "Mrs", "Dr")
CONTACT_ROLES = (
    ("chief_executive", ("Chief Executive", "Interim Chief Executive", "Managing Director")),
    ("leader", ("Leader of the Council",)),
    (
        "scrutiny_chair",
        ("Chair of the Overview and Scrutiny Committee", "Chair of the Scrutiny Board"),
    ),
    (
        "monitoring_officer",
        ("Monitoring Officer", "Head of Legal Services and Monitoring Officer"),
    ),
)
