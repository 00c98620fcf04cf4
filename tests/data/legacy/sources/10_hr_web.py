"""HR's development plan as a web page: goals as headings, indicators as bullets, a status
line and a link under each."""

from tests.interchange.legacy.corpus.model import (
    Heading,
    Para,
    Plan,
    area,
    bullets,
    crit,
    follow,
    goal,
    label,
    link,
    nav,
    p,
    title,
)


def status(of: str, text: str, value: str = "") -> Para:
    return p(follow(of, text, status=value, label="Status 2024:"))


PLAN = Plan(
    name="10_hr_web",
    unit="hr",
    origin="web",
    description="HR: a web page with noun-phrase goals as headings, 'Indikatorer', a dated "
    "status and 'Se, hvordan det går' under each",
    patterns=(
        "web-links",
        "breadcrumbs",
        "browser-print",
        "title-variants",
        "nominal-goals",
        "goal-headings",
        "label-line",
        "criteria-labels",
        "glued-lines",
        "dated-status-label",
        "prose-verdict",
    ),
    url="https://www.soelvby.dk/om-kommunen/hr/udviklingsplan",
    text_bullet="•",
    body=(
        nav("Forside", "Job i kommunen", "Om kommunen", "Kontakt", "Søg"),
        nav("Forside", "Om kommunen", "HR og Personale", "Udviklingsplan"),
        title("Udviklingsplan for HR 2024–2026", 2024, 2026),
        p(
            "Planen beskriver, hvad HR og Personale vil opnå frem mod 2026. Den er vedtaget af "
            "direktionen i december 2023 og følges op hvert år."
        ),
        area("Rekruttering"),
        Heading(3, goal("r1", "Flere kvalificerede ansøgere til hver stilling")),
        label("Indikatorer"),
        bullets(
            crit("r1", "Antal kvalificerede ansøgere pr. stilling, mindst 5 i 2026."),
            crit("r1", "Andel af stillinger, der må slås op igen"),
        ),
        p(link("Se, hvordan det går"), joined=True),
        status(
            "r1",
            "Der var i gennemsnit 6,2 kvalificerede ansøgere pr. stilling. Målet er nået.",
            "met",
        ),
        Heading(3, goal("r2", "Kortere tid fra opslag til ansættelse")),
        label("Indikatorer"),
        bullets(crit("r2", "Antal dage fra opslag til underskrevet kontrakt, højst 45 dage")),
        p(link("Se, hvordan det går"), joined=True),
        status(
            "r2",
            "Der gik i gennemsnit 52 dage fra opslag til ansættelse. Vi er endnu ikke i mål.",
            "in_progress",
        ),
        area("Arbejdsmiljø"),
        Heading(3, goal("a1", "Et lavere sygefravær i hele organisationen")),
        label("Indikatorer"),
        bullets(
            crit("a1", "Sygefravær i procent, opgjort hvert kvartal"),
            crit("a1", "Antal langtidssygemeldte"),
        ),
        status("a1", "Sygefraværet faldt fra 5,9 % til 5,4 %."),
        Heading(3, goal("a2", "Ledere, der kender og bruger trivselsmålingen")),
        label("Indikatorer"),
        bullets(
            crit(
                "a2",
                "Andel af ledere, der har holdt dialogmøde om trivselsmålingen med deres "
                "medarbejdere",
            )
        ),
        p(link("Se, hvordan det går"), joined=True),
        area("Løn og ansættelse"),
        Heading(3, goal("l1", "Lige løn for samme arbejde")),
        label("Indikatorer"),
        bullets(
            crit(
                "l1",
                "Lønforskellen mellem kvinder og mænd i samme stilling er opgjort og forklaret",
            )
        ),
        nav("Sidst opdateret 5. januar 2025"),
        nav("Udskriv", "Del", "Læs op"),
        nav("Sølvby Kommune", "Rådhustorvet 1", "Tilgængelighedserklæring", "Cookies"),
    ),
)
