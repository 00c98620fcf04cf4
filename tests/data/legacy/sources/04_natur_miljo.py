"""A nature and environment unit's plan: goals as bullets after list labels, a status table."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    T,
    area,
    bullets,
    follow,
    goal,
    h,
    label,
    p,
    prose,
    table,
    title,
)

STATEMENTS = {
    "n1": "Vi beskytter og plejer de 40 vigtigste naturområder, så de ikke gror til.",
    "n2": "Vi øger arealet med ny skov med 25 hektar.",
    "n3": "Vi arbejder aktivt for at få lodsejerne med i naturplejen.",
    "v1": "Drikkevandet skal fortsat kunne leveres uden rensning for pesticider.",
    "v2": "Vi kortlægger alle gamle brønde i indvindingsområderne og sikrer, at de bliver sløjfet.",
    "v3": "Mindst 70 % af vandløbene har god økologisk tilstand i 2023.",
    "a1": "Mindst 60 % af husholdningsaffaldet sorteres til genanvendelse i 2023.",
    "a2": "Mængden af restaffald pr. husstand falder med 10 % i forhold til 2021.",
    "a3": "Vi indfører sortering af madaffald i alle kommunale institutioner.",
}


def goals(*ids: str) -> tuple[T, ...]:
    return tuple(goal(id, STATEMENTS[id]) for id in ids)


def status(id: str, text: str, verdict: str = "", value: str = "") -> tuple[T, T]:
    """A row of the status table: the goal again, and its status."""
    return (prose(STATEMENTS[id]), follow(id, text, status=value, label=verdict))


PLAN = Plan(
    name="04_natur_miljo",
    unit="natur-miljo",
    origin="print",
    description="Nature and environment: goals after list labels, a 'Mål | Status' table",
    patterns=(
        "list-label",
        "verb-goals",
        "target-goals",
        "other-table-headers",
        "table-header",
        "status-repeat",
        "wrapped-cells",
    ),
    header="Stenvad Kommune | Natur og Miljø",
    footer="{page}",
    body=(
        title("Handleplan 2022-2023", 2022, 2023, level=1),
        h("Indledning"),
        p(
            "Handleplanen samler de mål, Natur og Miljø arbejder efter i 2022 og 2023. Målene "
            "bygger på kommunens naturpolitik, vandplanerne og affaldsplanen."
        ),
        area("Natur og biodiversitet"),
        p(
            "Stenvad Kommune har mange små naturområder, som ligger spredt og er truet af "
            "tilgroning."
        ),
        label("Naturmål"),
        bullets(*goals("n1", "n2", "n3")),
        area("Rent vand"),
        label("Mål for grundvand:"),
        bullets(*goals("v1", "v2")),
        label("Mål for søer og vandløb:"),
        bullets(*goals("v3")),
        area("Affald og genbrug"),
        p("Affaldsplanen for 2021–2026 sætter rammen for kommunens arbejde med affald."),
        label("Affaldsmål"),
        bullets(*goals("a1", "a2", "a3")),
        h("Status på målene"),
        p("Tabellen viser status ved udgangen af 2023."),
        table(
            ("Mål", "Status"),
            status(
                "n1",
                "36 af de 40 områder er plejet. De sidste fire kræver aftaler med lodsejerne.",
                "Delvist opfyldt.",
                "partly_met",
            ),
            status(
                "n2",
                "Der er rejst 14 hektar ny skov. Yderligere 12 hektar er aftalt til plantning i "
                "2024.",
                "Ikke opfyldt.",
                "not_met",
            ),
            status("n3", "Der er lavet aftaler med 31 lodsejere."),
            status("v1", "Ingen boringer har haft behov for rensning.", "Opfyldt.", "met"),
            status(
                "v2",
                "Kortlægningen er færdig. 120 af 190 brønde er sløjfet.",
                "I gang.",
                "in_progress",
            ),
            status("v3", "Opgørelsen fra Miljøstyrelsen kommer først i 2024."),
            status("a1", "Sorteringsgraden var 63 % i 2023.", "Opfyldt.", "met"),
            status("a2", "Restaffaldet faldt med 12 %.", "Opfyldt.", "met"),
            status(
                "a3",
                "Alle skoler og daginstitutioner sorterer madaffald. Plejecentrene kommer med "
                "i 2024.",
                "Delvist opfyldt.",
                "partly_met",
            ),
        ),
    ),
)
