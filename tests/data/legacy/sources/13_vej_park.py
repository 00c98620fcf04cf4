"""Roads and parks' operating plan: 'Mål | Status' tables whose status cells start with a
status line and wrap over several lines."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    T,
    area,
    follow,
    goal,
    p,
    table,
    title,
)


def status(of: str, verdict: str, value: str, text: str) -> T:
    return follow(of, text, status=value, label=f"Status: {verdict}", alone=True)


PLAN = Plan(
    name="13_vej_park",
    unit="vej-park",
    origin="print",
    description="Roads and parks: 'Mål | Status' tables, 'Status: …' above wrapped follow-ups",
    patterns=(
        "title-variants",
        "other-table-headers",
        "table-header",
        "wrapped-cells",
        "status-label",
        "skal-goals",
    ),
    header="Vej og Park · Driftsplan 2024",
    footer="Side {page}",
    body=(
        title("Driftsplan 2024", 2024, level=1),
        p(
            "Vej og Park holder kommunens 420 km veje, 160 km stier, parker og legepladser. "
            "Driftsplanen viser årets mål og status ved årets udgang."
        ),
        area("Veje og stier"),
        table(
            ("Mål", "Status"),
            (
                goal(
                    "v1",
                    "Huller i vejene skal lappes senest fem hverdage efter, at de er meldt.",
                ),
                status(
                    "v1",
                    "Delvist opfyldt",
                    "partly_met",
                    "92 % af hullerne blev lappet inden for fem hverdage. I februar var der så "
                    "mange huller efter frosten, at fristen ikke kunne holdes.",
                ),
            ),
            (
                goal("v2", "Alle cykelstier skal være ryddet for sne senest kl. 7 på hverdage."),
                status(
                    "v2", "Opfyldt", "met", "Stierne blev ryddet til tiden ved alle 11 snefald."
                ),
            ),
            (
                goal("v3", "Vi skifter 600 gadelamper til LED."),
                status(
                    "v3",
                    "I gang",
                    "in_progress",
                    "Der er skiftet 410 lamper. Resten skiftes i første halvår af 2025.",
                ),
            ),
        ),
        area("Parker og grønne områder"),
        table(
            ("Mål", "Status"),
            (
                goal(
                    "g1",
                    "Flere blomstrende arealer til bier og sommerfugle, så de dækker mindst 10 "
                    "hektar.",
                ),
                status("g1", "Opfyldt", "met", "Der er nu 11,5 hektar med vilde blomster."),
            ),
            (
                goal(
                    "g2",
                    "Legepladserne skal efterses hver uge og repareres inden for en måned.",
                ),
                status(
                    "g2",
                    "Ikke opfyldt",
                    "not_met",
                    "Eftersynet er sket hver uge, men ni reparationer tog mere end en måned, "
                    "fordi reservedelene manglede.",
                ),
            ),
        ),
    ),
)
