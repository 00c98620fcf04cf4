"""A school's plan for the school year, written in Word: each goal a heading of its own."""

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
    p,
    title,
)

PLAN = Plan(
    name="02_skole_word",
    unit="kaerbo-skole",
    origin="word",
    description="School: Word headings for goals ('Mål 1: …'), 'Tegn på succes' and a status line",
    patterns=(
        "title-variants",
        "goal-headings",
        "skal-goals",
        "wrapped-heading",
        "label-line",
        "criteria-labels",
        "word-bullets",
        "status-label",
        "cp1252-crlf",
    ),
    header="Kærbo Skole",
    footer="Side {page} af {pages}",
    body=(
        title("Handleplan for skoleåret 2024/25", 2024, 2025),
        h("Indledning", 1),
        p(
            "Handleplanen beskriver, hvad Kærbo Skole vil arbejde med i skoleåret 2024/25. "
            "Planen bygger på kvalitetsrapporten og på drøftelser i skolebestyrelsen og i "
            "elevrådet."
        ),
        area("Trivsel og fællesskab", level=1),
        p(
            "Trivselsmålingen fra foråret 2024 viser, at trivslen falder i udskolingen. Det vil "
            "vi gøre noget ved."
        ),
        Heading(
            2,
            goal(
                "t1",
                "Alle elever skal opleve, at de hører til i deres klasse",
                label="Mål 1:",
                ref="1",
            ),
        ),
        label("Tegn på succes"),
        bullets(
            crit(
                "t1",
                "Andelen af elever i 7.–9. klasse, der føler sig som en del af fællesskabet, "
                "stiger fra 78 % til 85 %.",
            ),
            crit(
                "t1",
                "Alle klasser har lavet klasseregler sammen med deres lærere inden efterårsferien.",
            ),
        ),
        p(
            follow(
                "t1",
                "Målingen i marts 2025 viser 83 %. Klassereglerne er lavet i alle klasser.",
                status="partly_met",
                label="Status: Delvist opfyldt",
                alone=True,
            )
        ),
        Heading(
            2,
            goal(
                "t2",
                "Elever med meget fravær skal mødes tidligt af en voksen,\nde kender",
                label="Mål 2:",
                ref="2",
            ),
        ),
        label("Tegn på succes"),
        bullets(
            crit(
                "t2",
                "Skolen kontakter hjemmet, senest når en elev har haft 10 % fravær i en måned.",
            ),
            crit("t2", "Antallet af elever med mere end 15 % fravær falder med en tredjedel."),
        ),
        p(
            follow(
                "t2",
                "Kontakten til hjemmet sker nu efter en fast procedure. Antallet af elever med "
                "meget fravær er faldet fra 21 til 12.",
                status="met",
                label="Status: Opfyldt",
                alone=True,
            )
        ),
        area("Faglighed", level=1),
        Heading(2, goal("f1", "Flere elever skal blive gode til at læse", label="Mål 3:", ref="3")),
        p("Vi vil især styrke læsningen i 2. og 3. klasse."),
        label("Tegn på succes"),
        bullets(
            crit("f1", "Mindst 80 % af eleverne i 3. klasse er gode læsere i den nationale test."),
            crit("f1", "Alle elever i 2. klasse læser 20 minutter hver dag i skoletiden."),
        ),
        p(
            follow(
                "f1",
                "Testen i 3. klasse er flyttet til efteråret. Målet vurderes derfor først i "
                "december 2025.",
                status="postponed",
                label="Status: Udskudt",
                alone=True,
            )
        ),
        Heading(
            2,
            goal(
                "f2",
                "Matematikundervisningen skal være mere praktisk",
                label="Mål 4:",
                ref="4",
            ),
        ),
        label("Tegn på succes"),
        bullets(
            crit(
                "f2",
                "Hver årgang har mindst ét praktisk matematikforløb om året, fx i skolehaven "
                "eller i byen.",
            ),
        ),
        p(
            follow(
                "f2",
                "Alle årgange har haft et praktisk forløb. Eleverne var især glade for forløbet "
                "om budget og indkøb.",
                status="met",
                label="Status: Opfyldt",
                alone=True,
            )
        ),
        h("Økonomi", 1),
        p(
            "Handleplanen gennemføres inden for skolens budget. Kurser i læsevejledning betales "
            "af kommunens fælles pulje."
        ),
    ),
)
