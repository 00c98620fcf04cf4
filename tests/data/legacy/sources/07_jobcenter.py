"""A jobcentre's employment plan: the goals listed in the introduction, then each again with
target sub-goals and indicators."""

from tests.interchange.legacy.corpus.model import (
    Heading,
    Plan,
    area,
    bullets,
    crit,
    goal,
    h,
    label,
    p,
    prose,
    title,
)

PLAN = Plan(
    name="07_jobcenter",
    unit="jobcenter",
    origin="print",
    description="Jobcentre: goals in an overview and again with 'Delmål' targets and "
    "'Indikator:' lines",
    patterns=(
        "title-variants",
        "overview-repeat",
        "goal-headings",
        "target-goals",
        "criteria-labels",
        "page-of-pages",
    ),
    footer="Jobcenter Åbæk | {page}",
    body=(
        title("Beskæftigelsesplan 2025", 2025, level=1),
        h("Indledning"),
        p(
            "Beskæftigelsesplanen sætter retningen for jobcentrets arbejde i 2025. Den bygger på "
            "ministerens mål for beskæftigelsesindsatsen og på byrådets erhvervspolitik. "
            "Planen har tre mål:"
        ),
        bullets(
            prose("Flere unge i uddannelse og job", label="Mål 1:"),
            prose("Flere ledige med i virksomhederne", label="Mål 2:"),
            prose("Færre på langvarig offentlig forsørgelse", label="Mål 3:"),
        ),
        p("Målene uddybes nedenfor med delmål og indikatorer."),
        area("Mål og delmål"),
        Heading(3, goal("j1", "Flere unge i uddannelse og job", label="Mål 1:", ref="1")),
        p(
            goal(
                "j1.1",
                "Mindst 75 % af de unge under 25 år, der får uddannelseshjælp, er i uddannelse "
                "eller job inden for et år.",
                label="Delmål 1.1:",
                ref="1.1",
                parent="j1",
            )
        ),
        p(
            crit(
                "j1.1",
                "Andelen af unge på uddannelseshjælp, der er i uddannelse eller job 12 måneder "
                "efter start.",
                label="Indikator:",
            )
        ),
        p(
            goal(
                "j1.2",
                "Ingen unge venter mere end to uger på deres første samtale.",
                label="Delmål 1.2:",
                ref="1.2",
                parent="j1",
            )
        ),
        p(
            crit(
                "j1.2",
                "Ventetiden fra tilmelding til første samtale, målt hver måned.",
                label="Indikator:",
            )
        ),
        Heading(3, goal("j2", "Flere ledige med i virksomhederne", label="Mål 2:", ref="2")),
        p(
            goal(
                "j2.1",
                "Mindst 40 % af de ledige har et forløb i en virksomhed i løbet af året.",
                label="Delmål 2.1:",
                ref="2.1",
                parent="j2",
            )
        ),
        p(
            crit(
                "j2.1",
                "Andelen af ledige med virksomhedspraktik eller løntilskud.",
                label="Indikator:",
            )
        ),
        p(
            goal(
                "j2.2",
                "Jobcentret besøger 300 virksomheder i 2025.",
                label="Delmål 2.2:",
                ref="2.2",
                parent="j2",
            )
        ),
        Heading(3, goal("j3", "Færre på langvarig offentlig forsørgelse", label="Mål 3:", ref="3")),
        label("Indikatorer:"),
        bullets(
            crit(
                "j3",
                "Antallet af borgere, der har været på offentlig forsørgelse i mere end tre år.",
            ),
            crit("j3", "Antallet af nye fleksjob."),
        ),
        h("Opfølgning"),
        p(
            "Jobcentret følger op på målene hvert kvartal i Beskæftigelsesudvalget. Indikatorerne "
            "hentes fra Jobindsats.dk."
        ),
    ),
)
