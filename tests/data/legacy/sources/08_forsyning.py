"""A utility's plan laid out as the reference plan is: 'Mål:' and a 'Dokumentation |
Opfølgning' table under each goal. The layout the importer was built on, for comparison."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    crit,
    follow,
    goal,
    h,
    p,
    table,
    title,
)

COLUMNS = ("Dokumentation", "Opfølgning")

PLAN = Plan(
    name="08_forsyning",
    unit="forsyning",
    origin="print",
    description="Utility: the reference plan's layout ('Mål:', 'Dokumentation | Opfølgning', "
    "status badges)",
    patterns=("labelled-two-columns", "page-of-pages"),
    header="Kærbo Forsyning · Virksomhedsplan 2024",
    footer="Side {page} af {pages}",
    body=(
        title("Virksomhedsplan 2024", 2024, level=1),
        h("Indledning"),
        p(
            "Kærbo Forsyning driver kommunens fjernvarme og vandforsyning. Virksomhedsplanen "
            "følger de fælles indsatsområder, som direktionen har fastlagt for alle afdelinger."
        ),
        h("Indsatsområder"),
        area("Grøn energi", tagline="Den bæredygtige kommune", level=3),
        p(
            "For Forsyning betyder det, at fjernvarmen skal være fri for kul og olie, og at vi "
            "hjælper borgerne med at spare på energien."
        ),
        p(
            goal(
                "f1",
                "Vi vil omstille fjernvarmen, så den er fri for fossile brændsler inden "
                "udgangen af 2025.",
                label="Mål:",
            )
        ),
        table(
            COLUMNS,
            (
                crit("f1", "Den nye varmepumpe ved Nordværket er sat i drift."),
                follow("f1", "Varmepumpen blev sat i drift i oktober 2024."),
            ),
            (
                crit("f1", "Oliekedlen på Sydværket bruges kun som reserve."),
                follow(
                    "f1",
                    "Oliekedlen har kørt i 40 timer under en driftsforstyrrelse i februar.",
                ),
            ),
        ),
        p(goal("f2", "Vi vil hjælpe borgerne med at spare på energien.", label="Mål:")),
        table(
            COLUMNS,
            (
                crit("f2", "Der er holdt fire energicaféer med mindst 30 deltagere hver."),
                follow("f2", "Der er holdt fem energicaféer med i alt 210 deltagere."),
            ),
            (
                crit("f2", "Alle kunder kan følge deres forbrug time for time i en app."),
                follow(
                    "f2",
                    "Appen kommer først i 2025, fordi målerne skal udskiftes først.",
                    status="postponed",
                    label="Udskudt",
                    alone=True,
                ),
            ),
        ),
        area("Rent vand", tagline="Den sunde kommune", level=3),
        p(goal("f3", "Vi vil sikre rent drikkevand til alle kunder.", label="Mål:")),
        table(
            COLUMNS,
            (
                crit("f3", "Vandværkerne overholder alle krav til drikkevand i hele 2024."),
                follow(
                    "f3",
                    "Alle prøver har overholdt kravene.",
                    status="met",
                    label="Opfyldt",
                    alone=True,
                ),
            ),
        ),
        p(
            goal(
                "f4",
                "Vi vil mindske vandspildet i ledningsnettet til under 8 %.",
                label="Mål:",
            )
        ),
        table(
            COLUMNS,
            (
                crit("f4", "Vandspildet for 2024 er opgjort og er under 8 %."),
                follow(
                    "f4",
                    "Vandspildet var 9,2 %. Der er fundet og repareret 14 større brud.",
                    status="not_met",
                    label="Ikke opfyldt",
                    alone=True,
                ),
            ),
        ),
    ),
)
