"""An elder-care centre's year plan in Word: sub-goals, a 'Mål | Status' table, and 'Ad.'
follow-ups in a section about the year's end."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    follow,
    goal,
    h,
    label,
    p,
    table,
    title,
)

PLAN = Plan(
    name="05_plejecenter",
    unit="plejecenter-solbakken",
    origin="word",
    description="Elder-care centre: 'Mål 1:' and '1.1' sub-goals, 'Ad. 1.2 og 1.3' follow-ups "
    "under 'Status ved årets udgang', a 'Mål | Status' table",
    patterns=(
        "ad-elsewhere",
        "ad-line",
        "other-table-headers",
        "table-header",
        "status-words",
        "status-label",
        "prose-verdict",
        "cp1252-crlf",
    ),
    footer="Plejecenter Solbakken · Årsplan 2024",
    body=(
        title("Årsplan 2024", 2024),
        p(
            "Plejecenter Solbakken har 48 boliger og omkring 70 medarbejdere. Årsplanen viser, "
            "hvad vi vil arbejde med i 2024, og hvordan det gik."
        ),
        area("Det gode hverdagsliv", level=1),
        p(
            goal(
                "h1",
                "Beboerne skal have en meningsfuld hverdag med aktiviteter, de selv har valgt.",
                label="Mål 1:",
                ref="1",
            )
        ),
        label("Delmål:"),
        p(
            goal(
                "h1.1",
                "Hver beboer har en aktivitetsplan, som er lavet sammen med beboeren og de "
                "pårørende.",
                label="1.1",
                ref="1.1",
                parent="h1",
            )
        ),
        p(
            goal(
                "h1.2",
                "Der er mindst to fællesaktiviteter hver dag, også i weekenden.",
                label="1.2",
                ref="1.2",
                parent="h1",
            )
        ),
        p(
            goal(
                "h1.3",
                "Frivillige deltager i aktiviteterne mindst tre dage om ugen.",
                label="1.3",
                ref="1.3",
                parent="h1",
            )
        ),
        area("Sundhed og pleje", level=1),
        p(goal("h2", "Færre beboere skal falde og komme til skade.", label="Mål 2:", ref="2")),
        label("Delmål:"),
        p(
            goal(
                "h2.1",
                "Alle beboere får vurderet deres risiko for fald, når de flytter ind.",
                label="2.1",
                ref="2.1",
                parent="h2",
            )
        ),
        p(
            goal(
                "h2.2",
                "Medarbejderne lærer at bruge de nye sensorer i sengene.",
                label="2.2",
                ref="2.2",
                parent="h2",
            )
        ),
        area("Medarbejdere", level=1),
        table(
            ("Mål", "Status"),
            (
                goal(
                    "m1",
                    "Vi vil rekruttere og fastholde uddannede social- og sundhedsassistenter.",
                    label="Mål 3:",
                    ref="3",
                ),
                follow(
                    "m1",
                    "Der er ansat fem nye assistenter, og to har sagt op.",
                    status="in_progress",
                    label="I gang",
                    alone=True,
                ),
            ),
            (
                goal("m2", "Sygefraværet skal ned på 6 %.", label="Mål 4:", ref="4"),
                follow(
                    "m2",
                    "Sygefraværet endte på 7,4 %. Der er lavet en plan sammen med "
                    "arbejdsmiljøgruppen.",
                    status="not_met",
                    label="Ikke nået",
                    alone=True,
                ),
            ),
            (
                goal(
                    "m3",
                    "Alle nye medarbejdere har en fast kollega de første tre måneder.",
                    label="Mål 5:",
                    ref="5",
                ),
                follow(
                    "m3",
                    "Ordningen er blevet fast, og de nye medarbejdere er glade for den.",
                    status="met",
                    label="Nået",
                    alone=True,
                ),
            ),
        ),
        h("Status ved årets udgang", 1),
        p("Her følger status på målene for Det gode hverdagsliv og Sundhed og pleje."),
        p(
            follow(
                "h1.1",
                "Alle beboere har en aktivitetsplan. Planerne gennemgås hvert halve år.",
                label="Ad. 1.1",
                alone=True,
            )
        ),
        p(
            follow(
                "h1.2 h1.3",
                "Der er aktiviteter hver dag. De frivillige kommer kun to dage om ugen, så vi "
                "søger flere gennem frivilligcentret.",
                label="Ad. 1.2 og 1.3",
                alone=True,
            )
        ),
        p(
            follow(
                "h2",
                "Antallet af fald med skade er faldet fra 31 i 2023 til 22 i 2024.",
                label="Ad. 2:",
            )
        ),
        p(
            follow(
                "h2.1",
                "Risikovurderingen er nu en fast del af samtalen ved indflytning.",
                label="Ad. 2.1:",
            )
        ),
        p(
            follow(
                "h2.2",
                "Undervisningen er udskudt til foråret 2025, fordi sensorerne ikke blev leveret "
                "til tiden.",
                status="postponed",
                label="Ad. 2.2:",
            )
        ),
    ),
)
