"""A day-care centre's year plan in Word with bold text for headings: goals as 'at …'
bullets after 'Det er vores mål,'."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    bullets,
    crit,
    follow,
    goal,
    label,
    p,
    title,
)

PLAN = Plan(
    name="12_dagtilbud",
    unit="maelkeboetten",
    origin="word",
    description="Day care: headings only in bold, 'Det er vores mål,' and 'at …' bullets, "
    "'Tegn på succes' and 'Sådan gik det'",
    patterns=(
        "at-bullets",
        "bold-headings",
        "wrapped-heading",
        "label-line",
        "criteria-labels",
        "prose-verdict",
        "word-bullets",
        "cp1252-crlf",
    ),
    headings="bold",
    footer="Børnehuset Mælkebøtten",
    body=(
        title("Årsplan 2024", 2024),
        p(
            "Mælkebøtten er et integreret dagtilbud med 85 børn fra 0 til 6 år. Årsplanen "
            "bygger på den styrkede pædagogiske læreplan og er drøftet i forældrebestyrelsen."
        ),
        area("Sprog og læring", level=1),
        p("Det er vores mål,"),
        bullets(
            goal("s1", "at alle børn bliver mødt af voksne, der taler med dem og ikke kun til dem"),
            goal("s2", "at børn med dansk som andetsprog får sprogstøtte hver dag"),
            goal("s3", "at forældrene ved, hvordan de kan støtte deres barns sprog derhjemme"),
        ),
        area("Natur og bevægelse", level=1),
        p("Det er vores mål,"),
        bullets(goal("n1", "at børnene kommer ud i naturen hver dag, uanset vejret")),
        label("Tegn på succes"),
        bullets(
            crit("n1", "Alle stuer er ude mindst to timer hver dag."),
            crit("n1", "Børnene kender navnene på de almindelige træer og fugle i skoven."),
        ),
        label("Sådan gik det"),
        p(
            follow(
                "n1",
                "Børnene har været ude hver dag undtagen tre dage med storm. Det vurderes, at "
                "målet er nået.",
                status="met",
            )
        ),
        area("Et godt samarbejde med forældrene\nog med skolen", level=1),
        p("Det er vores mål,"),
        bullets(
            goal(
                "f1",
                "at forældrene får en samtale om deres barn, når barnet er 3 år og inden "
                "skolestart",
            )
        ),
        label("Tegn på succes"),
        bullets(
            crit("f1", "Alle forældre er tilbudt samtalerne."),
            crit("f1", "Overgangen til skole sker efter den fælles plan med Kærbo Skole."),
        ),
        label("Sådan gik det"),
        p(
            follow(
                "f1",
                "Samtalerne er holdt for alle 3-årige. Samtalerne før skolestart er kun holdt "
                "for halvdelen af børnene, fordi skolen ændrede sin plan. Målet er derfor kun "
                "delvist nået.",
                status="partly_met",
            )
        ),
    ),
)
