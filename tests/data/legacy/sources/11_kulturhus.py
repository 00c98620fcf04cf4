"""A culture centre's plan for 2023 that also follows up the plan for 2022, with headings in
capitals."""

from tests.interchange.legacy.corpus.model import (
    PAGE,
    Heading,
    Plan,
    T,
    area,
    crit,
    follow,
    goal,
    h,
    p,
    title,
)

PLAN = Plan(
    name="11_kulturhus",
    unit="kulturhuset",
    origin="print",
    description="Culture centre: this year's plan and a follow-up part for last year's, "
    "'Succeskriterier:' and 'Opfølgning:' labels, verdicts in prose",
    patterns=(
        "follow-up-plan",
        "uppercase-headings",
        "criteria-labels",
        "prose-verdict",
        "page-of-pages",
    ),
    header="Kulturhuset Pakhuset",
    footer="Side {page} af {pages}",
    body=(
        title("Virksomhedsplan 2023", 2023, level=1),
        h("INDLEDNING"),
        p(
            "Kulturhuset Pakhuset er Mølleby Kommunes kulturhus med koncertsal, værksteder og "
            "café. Huset har 12 ansatte og omkring 50 frivillige."
        ),
        p(
            "Første del af planen viser vores mål for 2023. Anden del følger op på "
            "virksomhedsplanen for 2022."
        ),
        h("INDSATSOMRÅDER"),
        area("Flere unge i kulturhuset", level=3),
        p(
            goal(
                "k1",
                "Vi vil lave et fast ungeprogram med koncerter og værksteder.",
                label="Mål 1:",
                ref="1",
            )
        ),
        p(
            crit(
                "k1",
                "Der er mindst ét arrangement for unge hver måned.",
                label="Succeskriterier:",
            )
        ),
        p(crit("k1", "Mindst 1.500 unge deltager i løbet af året.")),
        p(goal("k2", "Vi vil inddrage de unge i planlægningen.", label="Mål 2:", ref="2")),
        p(
            crit(
                "k2",
                "Der er nedsat et ungeråd med mindst seks medlemmer, som mødes hver anden måned.",
                label="Succeskriterier:",
            )
        ),
        area("Kulturhuset for hele kommunen", level=3),
        p(
            goal(
                "k3",
                "Vi vil tage kulturhusets aktiviteter med ud i landsbyerne.",
                label="Mål 3:",
                ref="3",
            )
        ),
        p(
            crit(
                "k3",
                "Der er holdt arrangementer i mindst fem landsbyer.",
                label="Succeskriterier:",
            )
        ),
        PAGE,
        Heading(2, T("OPFØLGNING PÅ VIRKSOMHEDSPLAN 2022", role="plan", period=(2022, 2022))),
        p(
            "Virksomhedsplanen for 2022 havde to indsatsområder med i alt fire mål. Her følger "
            "status på hvert af dem."
        ),
        area("ET LEVENDE HUS", level=3),
        p(
            goal(
                "o1",
                "Vi vil holde huset åbent om aftenen alle ugens dage.",
                label="Mål 1:",
                ref="1",
            )
        ),
        p(
            crit(
                "o1",
                "Huset har åbent til kl. 22 fra mandag til søndag.",
                label="Succeskriterier:",
            )
        ),
        p(
            follow(
                "o1",
                "Huset har haft åbent alle aftener siden 1. marts 2022. Målet er opfyldt.",
                status="met",
                label="Opfølgning:",
            )
        ),
        p(goal("o2", "Vi vil øge antallet af frivillige til 60.", label="Mål 2:", ref="2")),
        p(
            crit(
                "o2",
                "Der er mindst 60 aktive frivillige ved årets udgang.",
                label="Succeskriterier:",
            )
        ),
        p(
            follow(
                "o2",
                "Der er 48 aktive frivillige. Målet er ikke opfyldt.",
                status="not_met",
                label="Opfølgning:",
            )
        ),
        area("SAMARBEJDE", level=3),
        p(
            goal(
                "o3",
                "Vi vil indgå aftaler med alle skoler i kommunen om kulturforløb.",
                label="Mål 3:",
                ref="3",
            )
        ),
        p(crit("o3", "Alle ni skoler har en aftale.", label="Succeskriterier:")),
        p(
            follow(
                "o3",
                "Syv skoler har en aftale, og to skoler venter til næste skoleår. Målet er "
                "delvist opfyldt.",
                status="partly_met",
                label="Opfølgning:",
            )
        ),
        p(
            goal(
                "o4",
                "Vi vil samarbejde med biblioteket om fælles arrangementer.",
                label="Mål 4:",
                ref="4",
            )
        ),
        p(
            follow(
                "o4",
                "Samarbejdet er udskudt, fordi biblioteket er lukket for ombygning til 2024.",
                status="postponed",
                label="Opfølgning:",
            )
        ),
    ),
)
