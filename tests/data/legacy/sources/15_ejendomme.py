"""A property service's plan: the four goals listed first, then each with its sub-goals,
and a mid-year status with 'Ad.' follow-ups."""

from tests.interchange.legacy.corpus.model import (
    Heading,
    Plan,
    area,
    bullets,
    crit,
    follow,
    goal,
    h,
    label,
    lines,
    p,
    prose,
    title,
)

PLAN = Plan(
    name="15_ejendomme",
    unit="ejendomsservice",
    origin="print",
    description="Property service: an overview of the goals, goals as headings with 'Delmål', "
    "'Tegn på succes', and 'Ad. 1.2 og 1.3:' under 'Status juni 2025'",
    patterns=(
        "overview-repeat",
        "ad-elsewhere",
        "goal-headings",
        "target-goals",
        "criteria-labels",
        "label-line",
        "nominal-goals",
        "dated-status-label",
    ),
    header="Stenvad Kommune · Ejendomsservice",
    footer="Side {page} af {pages}",
    body=(
        title("Virksomhedsplan 2025", 2025, level=1),
        h("Planen kort"),
        p("Virksomhedsplanen har fire mål:"),
        lines(
            prose("Lavere energiforbrug i de kommunale bygninger", label="Mål 1:"),
            prose("Bedre indeklima i skolerne", label="Mål 2:"),
            prose("Hurtigere reparationer", label="Mål 3:"),
            prose("Tilgængelige bygninger", label="Mål 4:"),
        ),
        p("Hvert mål har en række delmål, som står nedenfor sammen med tegn på succes."),
        area("Bygninger og energi"),
        Heading(
            3,
            goal("e1", "Lavere energiforbrug i de kommunale bygninger", label="Mål 1:", ref="1"),
        ),
        label("Tegn på succes"),
        bullets(
            crit(
                "e1",
                "Energiforbruget for 2025 er opgjort bygning for bygning og lagt på kommunens "
                "hjemmeside.",
            )
        ),
        p(
            goal(
                "e1.1",
                "Elforbruget falder med 5 % i forhold til 2024.",
                label="Delmål 1.1",
                ref="1.1",
                parent="e1",
            )
        ),
        p(
            goal(
                "e1.2",
                "Alle skoler får fjernaflæste målere.",
                label="Delmål 1.2",
                ref="1.2",
                parent="e1",
            )
        ),
        p(
            goal(
                "e1.3",
                "Varmen skrues ned om natten og i weekenden i alle administrationsbygninger.",
                label="Delmål 1.3",
                ref="1.3",
                parent="e1",
            )
        ),
        Heading(3, goal("e2", "Bedre indeklima i skolerne", label="Mål 2:", ref="2")),
        label("Tegn på succes"),
        bullets(
            crit(
                "e2",
                "Alle klasselokaler har en CO2-måler, og eleverne ved, hvad den viser.",
            )
        ),
        p(
            goal(
                "e2.1",
                "Ventilationen på Søvang Skole og Kærby Skole er skiftet.",
                label="Delmål 2.1",
                ref="2.1",
                parent="e2",
            )
        ),
        area("Drift og service"),
        Heading(3, goal("d1", "Hurtigere reparationer", label="Mål 3:", ref="3")),
        p(
            goal(
                "d1.1",
                "Akutte fejl udbedres samme dag.",
                label="Delmål 3.1",
                ref="3.1",
                parent="d1",
            )
        ),
        p(
            goal(
                "d1.2",
                "Andre fejl udbedres inden for ti arbejdsdage.",
                label="Delmål 3.2",
                ref="3.2",
                parent="d1",
            )
        ),
        Heading(3, goal("d2", "Tilgængelige bygninger", label="Mål 4:", ref="4")),
        label("Tegn på succes"),
        bullets(
            crit(
                "d2",
                "Alle bygninger med borgerbetjening er gennemgået for tilgængelighed.",
            )
        ),
        h("Status juni 2025"),
        p(
            follow(
                "e1.1",
                "Elforbruget er faldet 3 % i første halvår.",
                label="Ad. 1.1:",
            )
        ),
        p(
            follow(
                "e1.2 e1.3",
                "Målerne er sat op på syv af ni skoler. Natsænkningen er indført i alle "
                "administrationsbygninger.",
                label="Ad. 1.2 og 1.3:",
            )
        ),
        p(
            follow(
                "d1.1 d1.2",
                "Akutte fejl er udbedret samme dag i 96 % af tilfældene. Andre fejl tager i "
                "gennemsnit 12 arbejdsdage.",
                label="Ad. 3.1 og 3.2:",
            )
        ),
        p(
            follow(
                "d2",
                "Gennemgangen er udskudt til efteråret.",
                status="postponed",
                label="Ad. 4:",
            )
        ),
    ),
)
