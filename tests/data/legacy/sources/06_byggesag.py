"""A building authority's one-page results plan: weighted goals with fulfilment and
milestones."""

from tests.interchange.legacy.corpus.model import (
    Heading,
    Plan,
    area,
    bullets,
    crit,
    goal,
    label,
    p,
    prose,
    title,
)

PLAN = Plan(
    name="06_byggesag",
    unit="byggeri",
    origin="print",
    description="Building authority: one page, goals as wrapped headings, 'Vægtning', "
    "'Målopfyldelse:' and 'Milepæle'",
    patterns=(
        "title-variants",
        "goal-headings",
        "wrapped-heading",
        "weights-milestones",
        "criteria-labels",
        "one-page-footer",
    ),
    header="Havnstrup Kommune – Byggeri",
    footer="Side {page}",
    body=(
        title("Mål- og resultatplan 2023", 2023, level=1),
        p(
            "Planen har tre mål for byggesagsbehandlingen. Målene er vægtet, og den samlede "
            "målopfyldelse indgår i chefens resultatlønsaftale."
        ),
        area("Byggesagsbehandling"),
        Heading(
            3,
            goal(
                "g1",
                "Kortere sagsbehandlingstid for nye\nenfamiliehuse",
                label="Mål 1:",
                ref="1",
            ),
        ),
        p(prose("40 point", label="Vægtning:")),
        p(
            crit(
                "g1",
                "Målet er opfyldt, når den gennemsnitlige sagsbehandlingstid for nye "
                "enfamiliehuse er højst 40 dage.",
                label="Målopfyldelse:",
            )
        ),
        label("Milepæle:"),
        bullets(
            crit("g1", "1. kvartal: Et nyt skema til ansøgninger er taget i brug."),
            crit("g1", "2. kvartal: Alle sager får en sagsbehandler inden for fem dage."),
            crit("g1", "4. kvartal: Gennemsnittet for året er opgjort."),
        ),
        Heading(3, goal("g2", "Digitale ansøgninger", label="Mål 2:", ref="2")),
        p(prose("35 point", label="Vægtning:")),
        p(
            crit(
                "g2",
                "Målet er opfyldt, når mindst 95 % af ansøgningerne kommer ind gennem den "
                "digitale løsning.",
                label="Målopfyldelse:",
            )
        ),
        Heading(3, goal("g3", "Bedre vejledning før ansøgning", label="Mål 3:", ref="3")),
        p(prose("25 point", label="Vægtning:")),
        p(
            crit(
                "g3",
                "Målet er opfyldt, når der er holdt mindst fire åbne vejledningsmøder for "
                "borgere og håndværkere.",
                label="Målopfyldelse:",
            )
        ),
    ),
)
