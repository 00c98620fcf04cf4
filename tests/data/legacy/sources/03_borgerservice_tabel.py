"""A citizens' service plan printed as PDF: each focus area a 'Målsætning | Opfølgning' table."""

from tests.interchange.legacy.corpus.model import (
    Plan,
    area,
    follow,
    goal,
    h,
    p,
    table,
    title,
)

HEADER = ("Målsætning", "Opfølgning")

PLAN = Plan(
    name="03_borgerservice_tabel",
    unit="borgerservice",
    origin="print",
    description="Citizens' service: goals and follow-ups side by side, verdicts in prose",
    patterns=(
        "other-table-headers",
        "table-header",
        "wrapped-cells",
        "prose-verdict",
        "page-of-pages",
    ),
    header="Mølleby Kommune · Borgerservice",
    footer="Side {page} af {pages}",
    body=(
        title("Virksomhedsplan 2023", 2023, level=1),
        p(
            "Borgerservice hjælper borgerne med pas, kørekort, sundhedskort, flytning, pension "
            "og boligstøtte. Vi er 23 medarbejdere i borgerservicecentret på rådhuset og i de to "
            "lokale ekspeditioner."
        ),
        p(
            "Virksomhedsplanen har tre indsatsområder. Under hvert står vores målsætninger for "
            "2023 og opfølgningen på dem ved årets udgang."
        ),
        area("Nem og hurtig betjening"),
        p(
            "Borgerne skal opleve, at det er let at få hjælp, uanset om de ringer, skriver eller "
            "kommer forbi."
        ),
        table(
            HEADER,
            (
                goal("n1", "Vi vil besvare 85 % af alle opkald inden for to minutter."),
                (
                    follow(
                        "n1",
                        "I 2023 blev 81 % af opkaldene besvaret inden for to minutter. "
                        "Ventetiden var længst i januar og i august, hvor mange ringede om pas "
                        "og kørekort.",
                    ),
                    follow(
                        "n1",
                        "Det vurderes, at målsætningen er delvist opfyldt.",
                        status="partly_met",
                    ),
                ),
            ),
            (
                goal(
                    "n2",
                    "Vi vil give borgerne mulighed for at bestille tid til pas og kørekort på "
                    "nettet.",
                ),
                follow(
                    "n2",
                    "Tidsbestilling på nettet blev indført 1. marts 2023, og 64 % af borgerne "
                    "bestiller nu tid på nettet. Det vurderes, at målsætningen er opfyldt.",
                    status="met",
                ),
            ),
        ),
        area("Digital selvbetjening"),
        table(
            HEADER,
            (
                goal(
                    "d1",
                    "Vi vil hjælpe borgere, der ikke selv kan bruge de digitale løsninger, så "
                    "flere af dem bliver selvhjulpne.",
                ),
                (
                    follow(
                        "d1",
                        "Der er holdt 24 kurser i MitID og Digital Post på biblioteket og i "
                        "ældreklubberne.",
                    ),
                    follow(
                        "d1",
                        "Det vurderes, at målsætningen er opfyldt, men der er stadig stor "
                        "efterspørgsel efter kurserne.",
                        status="met",
                    ),
                ),
            ),
            (
                goal(
                    "d2",
                    "Vi vil have færre henvendelser om ting, som borgerne selv kan finde på "
                    "kommunens hjemmeside.",
                ),
                follow(
                    "d2",
                    "Henvendelserne er ikke talt i 2023, fordi det nye telefonsystem først blev "
                    "taget i brug i december. Det vurderes, at målsætningen ikke er opfyldt.",
                    status="not_met",
                ),
            ),
        ),
        area("Et godt arbejdsliv"),
        table(
            HEADER,
            (
                goal("a1", "Vi vil nedbringe sygefraværet til under 4,5 %."),
                follow(
                    "a1",
                    "Sygefraværet var 5,1 % i 2023 mod 6,0 % i 2022. Det vurderes, at "
                    "målsætningen ikke er opfyldt, men udviklingen går den rigtige vej.",
                    status="not_met",
                ),
            ),
            (
                goal("a2", "Vi vil holde en udviklingssamtale med alle medarbejdere hvert år."),
                follow(
                    "a2",
                    "Alle 23 medarbejdere har haft en udviklingssamtale. Det vurderes, at "
                    "målsætningen er opfyldt.",
                    status="met",
                ),
            ),
        ),
        h("Samlet vurdering"),
        p(
            "Det vurderes, at målsætningerne for 2023 samlet set er blevet opfyldt. Borgerservice "
            "fortsætter arbejdet med telefonbetjeningen i 2024."
        ),
    ),
)
