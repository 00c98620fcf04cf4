"""Health and prevention's action plan as a web page: goals as numbered lists, and the year's
status under headings that repeat each goal."""

from tests.interchange.legacy.corpus.model import (
    Heading,
    Items,
    Para,
    Plan,
    area,
    follow,
    goal,
    h,
    link,
    nav,
    numbered,
    p,
    prose,
    title,
)

STATEMENTS = {
    "r1": "Ingen elever ryger i skoletiden",
    "r2": "Flere rygere får tilbudt et rygestopforløb",
    "b1": "Flere ældre borgere deltager i holdtræning",
    "b2": "Alle skoler har 45 minutters bevægelse om dagen",
    "m1": "Unge kan få en samtale med en sundhedsplejerske inden for en uge",
    "m2": "Flere foreninger har en aftale om at tage imod ensomme borgere",
}


def goals(*ids: str) -> Items:
    return numbered(*(goal(id, STATEMENTS[id]) for id in ids))


def status(id: str, text: str, value: str = "") -> tuple[Heading, Para]:
    return (Heading(3, prose(STATEMENTS[id])), p(follow(id, text, status=value)))


PLAN = Plan(
    name="14_sundhed_web",
    unit="sundhed",
    origin="web",
    description="Health: a web page with goals as numbered lists and the status under "
    "headings that repeat the goals",
    patterns=(
        "numbered-goal-list",
        "theme-bullets",
        "nominal-goals",
        "web-links",
        "glued-lines",
        "browser-print",
        "status-repeat",
        "prose-verdict",
    ),
    url="https://www.fjordlund.dk/sundhed/forebyggelse/handleplan-2023",
    body=(
        nav("Forside", "Borger", "Sundhed", "Forebyggelse", "Søg", "Udskriv"),
        title("Handleplan 2023", 2023, level=1),
        p(
            "Handleplanen følger op på kommunens sundhedspolitik. Den har tre temaer med i alt "
            "seks mål"
        ),
        p(link("Læs sundhedspolitikken her"), joined=True),
        area("Røgfri fremtid"),
        goals("r1", "r2"),
        p(link("Se, hvordan det går"), joined=True),
        area("Bevægelse hele livet"),
        goals("b1", "b2"),
        p(link("Se, hvordan det går"), joined=True),
        area("Mental sundhed"),
        goals("m1", "m2"),
        h("Sådan gik det i 2023"),
        *status(
            "r1",
            "Alle skoler har nu røgfri skoletid, også for de voksne. Målet er nået.",
            "met",
        ),
        *status(
            "r2",
            "112 borgere har fået et rygestopforløb mod 80 året før. Målet er nået.",
            "met",
        ),
        *status(
            "b1",
            "Der er startet fire nye hold. Deltagerne er dog stort set de samme som før, så "
            "målet er kun delvist nået.",
            "partly_met",
        ),
        *status(
            "b2",
            "Ni af tolv skoler har 45 minutters bevægelse om dagen. Vi er ikke i mål endnu.",
            "in_progress",
        ),
        *status(
            "m1",
            "Ventetiden var i gennemsnit fem dage.",
        ),
        *status(
            "m2",
            "Arbejdet er udskudt til 2024, fordi projektlederen stoppede.",
            "postponed",
        ),
        nav("Sidst opdateret: 30. januar 2024"),
        nav("Del", "Udskriv", "Læs højt"),
        nav("Kontakt Sundhed og Forebyggelse", "Tilgængelighedserklæring"),
    ),
)
