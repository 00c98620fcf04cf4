"""A one-page climate action plan: numbered goals after list labels and a year-end status
with 'Ad.' lines of their own."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    follow,
    goal,
    h,
    label,
    lines,
    p,
    title,
)

PLAN = Plan(
    name="17_klima",
    unit="klima",
    origin="print",
    description="Climate: one page, numbered goals after 'Klimamål:' and 'Transportmål', "
    "'Ad. 1 og 2' above each status",
    patterns=(
        "title-variants",
        "list-label",
        "verb-goals",
        "target-goals",
        "ad-line",
        "ad-elsewhere",
        "dated-status-label",
        "prose-verdict",
        "one-page-footer",
    ),
    header="Fjordlund Kommune",
    footer="Side {page}",
    body=(
        title("Klimahandleplan 2024", 2024, level=1),
        p(
            "Klimahandleplanen gælder kommunens egne bygninger og biler. Den følger op på "
            "byrådets klimaplan og gøres op hvert år i december."
        ),
        area("Energi i egne bygninger"),
        label("Klimamål:"),
        lines(
            goal(
                "c1",
                "Vi reducerer udledningen af CO2 fra kommunens bygninger med 30 % inden 2026.",
                label="1.",
                ref="1",
            ),
            goal(
                "c2",
                "Vi arbejder aktivt for, at alle nye kommunale bygninger opføres som "
                "lavenergibyggeri.",
                label="2.",
                ref="2",
            ),
        ),
        area("Transport"),
        label("Transportmål"),
        lines(
            goal(
                "c3",
                "Mindst halvdelen af kommunens biler kører på el i 2024.",
                label="3.",
                ref="3",
            ),
            goal(
                "c4",
                "Vi øger antallet af ladestandere ved rådhuset og skolerne til 40.",
                label="4.",
                ref="4",
            ),
        ),
        h("Status pr. 31. december 2024"),
        p(
            follow(
                "c1 c2",
                "Udledningen er faldet 22 % siden 2021. Det nye plejecenter er bygget som "
                "lavenergibyggeri.",
                label="Ad. 1 og 2",
                alone=True,
            )
        ),
        p(
            follow(
                "c3",
                "42 % af bilerne kører på el. Målet er ikke nået.",
                status="not_met",
                label="Ad. 3",
                alone=True,
            )
        ),
        p(
            follow(
                "c4",
                "Der er sat 44 ladestandere op. Målet er nået.",
                status="met",
                label="Ad. 4",
                alone=True,
            )
        ),
    ),
)
