"""Municipal dental care's plan in Word: one table with the focus areas in a merged first
column, then goal, sign of success and status."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    T,
    crit,
    follow,
    goal,
    h,
    p,
    table,
    title,
)


def area_cell(text: str) -> T:
    return T(text, role="focus_area")


PLAN = Plan(
    name="16_tandpleje",
    unit="tandplejen",
    origin="word",
    description="Dental care: 'Indsatsområde | Mål | Tegn på succes | Status', focus areas in "
    "merged cells",
    patterns=(
        "table-areas",
        "other-table-headers",
        "table-header",
        "criteria-labels",
        "status-words",
        "cp1252-crlf",
    ),
    footer="Den kommunale tandpleje · Åbæk Kommune",
    body=(
        title("Virksomhedsplan 2024", 2024),
        p(
            "Den kommunale tandpleje tilbyder tandpleje til alle børn og unge under 18 år og "
            "omsorgstandpleje til ældre og handicappede. Planen viser vores mål for 2024 og "
            "status ved årets udgang."
        ),
        h("Mål og status", 1),
        table(
            ("Indsatsområde", "Mål", "Tegn på succes", "Status"),
            (
                area_cell("Forebyggelse"),
                goal("t1", "Flere børn får fluor fra tandplejen i indskolingen."),
                crit("t1", "Alle børn i 0.–3. klasse tilbydes fluorskylning hver anden uge."),
                follow("t1", "Opfyldt", status="met"),
            ),
            (
                None,
                goal("t2", "Færre 15-årige har huller i tænderne."),
                crit("t2", "Andelen af 15-årige uden huller stiger til 70 %."),
                follow(
                    "t2",
                    "66 % af de 15-årige har ingen huller.",
                    status="partly_met",
                    label="Delvist opfyldt:",
                ),
            ),
            (
                area_cell("Tilgængelighed"),
                goal("t3", "Kortere ventetid til akut tandpleje."),
                crit("t3", "Børn med tandpine får en tid samme dag."),
                follow("t3", "Opfyldt", status="met"),
            ),
            (
                None,
                goal("t4", "Tandplejen kommer ud til de børn, der ikke møder op."),
                crit(
                    "t4",
                    "Der er lavet aftaler med fem børnehaver om undersøgelser på stedet.",
                ),
                follow(
                    "t4",
                    "Der er lavet aftaler med tre børnehaver.",
                    status="in_progress",
                    label="I gang:",
                ),
            ),
            (
                area_cell("Omsorgstandpleje"),
                goal("t5", "Alle beboere på plejecentrene får tilbudt et tandeftersyn hvert år."),
                crit("t5", "Tilbuddet er givet på alle seks plejecentre."),
                follow(
                    "t5",
                    "Der mangler to plejecentre, som kommer i januar 2025.",
                    status="not_met",
                    label="Ikke opfyldt:",
                ),
            ),
        ),
        p(
            "Tandplejen følger op på målene hvert halve år i ledergruppen og hvert år i "
            "Børne- og Skoleudvalget."
        ),
    ),
)
