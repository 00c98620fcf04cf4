"""A youth school's plan in one column, documentation as bullets without full stops, and a
text layer that marks its text boxes as the reference plan's does."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    bullets,
    crit,
    follow,
    goal,
    h,
    label,
    link,
    p,
    title,
)

PLAN = Plan(
    name="18_ungdomsskole",
    unit="ungdomsskolen",
    origin="layer",
    description="Youth school: one column, 'Mål:', 'Dokumentation:' bullets without full "
    "stops, 'Opfølgning:' paragraphs and links, in a text layer with marked boxes",
    patterns=(
        "glued-lines",
        "web-links",
        "label-line",
        "prose-verdict",
        "page-of-pages",
    ),
    header="Ungdomsskolen i Mølleby",
    footer="Side {page} af {pages}",
    body=(
        title("Virksomhedsplan 2025", 2025, level=1),
        h("Indledning"),
        p(
            "Ungdomsskolen tilbyder hold, klubber og knallertkørekort til unge fra 13 til 18 "
            "år. Planen viser årets mål og opfølgningen på dem ved årets udgang."
        ),
        area("Unge i fællesskaber"),
        p(
            goal(
                "u1",
                "Vi vil have flere unge med i ungdomsskolens klubber og hold.",
                label="Mål:",
            )
        ),
        label("Dokumentation:"),
        bullets(
            crit("u1", "Mindst 600 unge er tilmeldt et hold i løbet af skoleåret"),
            crit("u1", "Der er klubaften fire dage om ugen i både Mølleby og Kærby"),
        ),
        label("Opfølgning:"),
        p(follow("u1", "Der var 640 tilmeldte i skoleåret 2024/25, heraf 210 nye.")),
        p(
            follow(
                "u1",
                "Klubben i Kærby har kun haft åbent tre dage om ugen, fordi der manglede personale",
            )
        ),
        p(link("Læs mere her")),
        p(
            goal(
                "u2",
                "Vi vil give alle unge i 8. klasse et tilbud om knallertkørekort.",
                label="Mål:",
            )
        ),
        label("Dokumentation:"),
        bullets(crit("u2", "Tilbuddet er sendt til alle 8. klasser i kommunen")),
        label("Opfølgning:"),
        p(
            follow(
                "u2",
                "Alle 8. klasser har fået tilbuddet, og 85 unge har taget kørekortet i "
                "Mølleby Kommune",
            )
        ),
        p(link("Se holdene på ungdomsskolens hjemmeside")),
        area("Trivsel"),
        p(
            goal(
                "u3",
                "Vi vil tilbyde samtaler med en ungevejleder til unge, der mistrives.",
                label="Mål:",
            )
        ),
        label("Dokumentation:"),
        bullets(
            crit("u3", "Der er en ungevejleder i klubberne to aftener om ugen"),
            crit("u3", "Unge kan bestille en samtale på nettet uden at oplyse deres navn"),
        ),
        label("Opfølgning:"),
        p(follow("u3", "Ungevejlederen har haft 94 samtaler i løbet af året.")),
        p(
            follow(
                "u3",
                "Bestillingen på nettet er udskudt til 2026, fordi systemet ikke var klar",
                status="postponed",
            )
        ),
        p(link("Læs mere om ungevejledningen")),
    ),
)
