"""A library's development plan as a page on the municipality's web site."""

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
    link,
    nav,
    p,
    title,
)

PLAN = Plan(
    name="01_bibliotek_web",
    unit="bibliotek",
    origin="web",
    description="Library: a web page with goals as bullets and as headings, links between them",
    patterns=(
        "web-links",
        "breadcrumbs",
        "browser-print",
        "theme-bullets",
        "verb-goals",
        "glued-lines",
        "label-line",
        "criteria-labels",
        "goal-headings",
        "prose-verdict",
    ),
    url="https://www.aabaek.dk/kultur-og-fritid/biblioteket/udviklingsplan-2024",
    body=(
        nav("Forside", "Borger", "Erhverv", "Politik", "Søg", "Menu"),
        nav("Du er her:", "Forside", "Kultur og fritid", "Biblioteket", "Udviklingsplan 2024"),
        title("Udviklingsplan 2024", 2024),
        p(
            "Åbæk Bibliotekerne arbejder i 2024 med tre temaer. Under hvert tema står de mål, "
            "vi arbejder efter, og hvordan vi kan se, om vi når dem."
        ),
        p(link("Læs mere om bibliotekets vision")),
        area("Læselyst hos børn og unge"),
        p("Børn, der læser i fritiden, klarer sig bedre i skolen. Derfor har vi sat os disse mål:"),
        bullets(
            goal("b1", "Øge antallet af børn, der låner bøger i fritiden"),
            goal("b2", "Styrke samarbejdet med skolerne om læsning"),
            goal(
                "b3", "Give alle nye forældre en bogpakke ved barnets første besøg på biblioteket"
            ),
        ),
        p(link("Se, hvordan det går"), joined=True),
        area("Biblioteket som mødested"),
        p("Biblioteket skal være et sted, hvor borgerne mødes om mere end bøger"),
        p(link("Læs mere her"), joined=True),
        Heading(3, goal("m1", "Flere arrangementer skabt sammen med byens foreninger")),
        p(
            "I 2023 holdt biblioteket 140 arrangementer. Kun få af dem blev planlagt sammen "
            "med foreningerne."
        ),
        label("Tegn på succes"),
        bullets(
            crit("m1", "Mindst 40 arrangementer i 2024 er planlagt sammen med en forening."),
            crit("m1", "Foreningerne giver samarbejdet mindst 4 på en skala fra 1 til 5."),
        ),
        p(link("Se, hvordan det går"), joined=True),
        Heading(3, goal("m2", "Længere åbningstid i lokalbibliotekerne")),
        label("Tegn på succes"),
        bullets(
            crit(
                "m2",
                "Lokalbibliotekerne i Kærby og Søvang har åbent med selvbetjening fra kl. 7 "
                "til 22 alle ugens dage.",
            ),
            crit("m2", "Besøgstallet i lokalbibliotekerne stiger med 10 % i forhold til 2023."),
        ),
        area("Digital dannelse"),
        p("Flere borgere skal kunne klare sig selv på nettet."),
        bullets(
            goal("d1", "Vi hjælper ældre borgere med at bruge MitID og Digital Post."),
            goal("d2", "Vi tilbyder et kursus i kildekritik til alle 8. klasser."),
        ),
        h("Status efter første halvår", 3),
        p(
            follow(
                "d1",
                "Der er holdt 32 hjælpecaféer med i alt 410 besøg. Det vurderes, at målet "
                "allerede er nået.",
                status="met",
            )
        ),
        p(
            follow(
                "d2",
                "Kurset er holdt for 9 af kommunens 11 8.-klasser. De sidste to klasser får "
                "kurset i efteråret.",
            )
        ),
        nav("Sidst opdateret: 12. februar 2024"),
        nav("Del siden", "Udskriv", "Facebook", "LinkedIn"),
        nav("Kontakt", "Tilgængelighedserklæring", "Cookies", "Privatlivspolitik"),
    ),
)
