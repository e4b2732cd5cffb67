"""A year's figures as frozen: the snapshot a version stores (everything needed to draw the
year, as plain JSON values with its checksum) and the `YearStatistics` rebuilt from it, which
every public page reads (`figures.published_figures`). No casework is read here.
"""

import hashlib
import json
from typing import Any

from annual_review.register.models import Organisation
from annual_review.statistics.calculations import (
    Counts,
    GroupAverages,
    GroupMethod,
    OrganisationStatistics,
    group_averages,
)
from annual_review.statistics.selectors import YearStatistics, statistics_rows
from annual_review.workflow.models import YearFigures
from annual_review.years.periods import period_parse

# Versions frozen before outcome counts were kept hold only the investigated outcomes; every
# other decision is counted under this key, which is no outcome of its own (readers say the
# breakdown is not available for such a version rather than counting it afresh).
UNSPLIT_OUTCOME = "other"


def figures_snapshot(*, stats: YearStatistics) -> dict[str, Any]:
    """Everything needed to draw a year, as plain JSON values (and its canonical checksum)."""
    counts = {row.organisation_code: row for row in stats.organisations}
    rows = []
    for flat in statistics_rows(stats):
        row = counts[str(flat["organisation_code"])]
        rows.append(
            {
                **flat,
                "outcomes": dict(sorted(row.counts.outcomes.items())),
                "categories": dict(sorted(row.counts.categories.items())),
                "compliant": row.counts.compliant,
            }
        )
    groups = {
        name: {
            "members": g.members,
            "uphold_rate": g.uphold_rate,
            "upheld_per_100k": g.upheld_per_100k,
            "compliance_rate": g.compliance_rate,
            "satisfactory_remedy_rate": g.satisfactory_remedy_rate,
            "contributing": dict(g.contributing),
        }
        for name, g in sorted(stats.groups.items())
    }
    canonical = json.dumps(
        {"rows": rows, "groups": groups, "method": stats.method},
        sort_keys=True,
        separators=(",", ":"),
    )
    frozen = json.loads(canonical)
    frozen["sha256"] = hashlib.sha256(canonical.encode()).hexdigest()
    return dict(frozen)


def statistics_from_frozen(*, figures: YearFigures) -> YearStatistics:
    """The `YearStatistics` the pages read, rebuilt from a frozen version (no casework read)."""
    period = period_parse(figures.year.label)
    ids = dict(Organisation.objects.values_list("code", "id"))
    method: GroupMethod = "pooled" if figures.method == "pooled" else "mean"
    organisations = []
    for row in figures.rows:
        code = str(row["organisation_code"])
        if code not in ids:
            continue
        outcomes = row.get("outcomes")
        if outcomes is None:
            # Frozen before counts were kept: what the flat columns say is all there is.
            other = int(row["decisions"]) - int(row["investigations"])
            outcomes = {"upheld": row["upheld"], "not_upheld": row["not_upheld"]}
            if other:
                outcomes[UNSPLIT_OUTCOME] = other
        compliant = row.get("compliant")
        if compliant is None:
            compliant = round((row["compliance_rate"] or 0) * int(row["compliance_outcomes"]))
        organisations.append(
            OrganisationStatistics(
                organisation_id=ids[code],
                organisation_code=code,
                gss_code=str(row["gss_code"] or ""),
                name=str(row["name"]),
                comparison_group=str(row["comparison_group"] or ""),
                counts=Counts(
                    outcomes={k: int(v) for k, v in outcomes.items()},
                    categories={k: int(v) for k, v in (row.get("categories") or {}).items()},
                    satisfactory_remedies=int(row["satisfactory_remedies"]),
                    compliance_outcomes=int(row["compliance_outcomes"]),
                    compliant=int(compliant),
                ),
                population=row["population"],
                population_year=row["population_year"],
            )
        )
    groups: dict[str, GroupAverages] = {}
    if figures.groups:
        for name, g in figures.groups.items():
            groups[name] = GroupAverages(
                group=name,
                members=int(g["members"]),
                uphold_rate=g["uphold_rate"],
                upheld_per_100k=g["upheld_per_100k"],
                compliance_rate=g["compliance_rate"],
                satisfactory_remedy_rate=g["satisfactory_remedy_rate"],
                contributing={k: int(v) for k, v in g["contributing"].items()},
            )
    else:
        for name in sorted({o.comparison_group for o in organisations if o.comparison_group}):
            members = [o for o in organisations if o.comparison_group == name]
            groups[name] = group_averages(name, members, method)
    return YearStatistics(period=period, method=method, organisations=organisations, groups=groups)
