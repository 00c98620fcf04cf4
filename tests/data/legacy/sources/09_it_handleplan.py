"""An IT department's action plan in Word: numbered headings, and an 'Indsats |
Succeskriterium | Status' table per focus area."""

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

COLUMNS = ("Indsats", "Succeskriterium", "Status")

PLAN = Plan(
    name="09_it_handleplan",
    unit="it-digitalisering",
    origin="word",
    description="IT: numbered headings ('2.1 Drift og sikkerhed'), three-column tables with "
    "status words",
    patterns=(
        "numbered-headings",
        "other-table-headers",
        "table-header",
        "status-words",
        "nominal-goals",
        "cp1252-crlf",
    ),
    header="Vesterå Kommune · IT og Digitalisering",
    body=(
        title("Handleplan 2025", 2025),
        h("1 Indledning", 1),
        p(
            "IT og Digitalisering har 31 medarbejdere og driver kommunens netværk, pc'er og "
            "fagsystemer. Handleplanen viser årets indsatser, hvordan vi ser, at de er lykkedes, "
            "og hvor langt vi er nået ved halvåret."
        ),
        h("2 Indsatsområder", 1),
        area("Drift og sikkerhed", label="2.1", level=2),
        table(
            COLUMNS,
            (
                goal("i1", "Alle medarbejdere bruger tofaktorgodkendelse."),
                crit("i1", "Tofaktorgodkendelse er slået til for alle brugere senest 1. april."),
                follow("i1", "Gennemført", status="met"),
            ),
            (
                goal("i2", "Backup af alle fagsystemer testes hvert kvartal."),
                crit("i2", "Der foreligger en skriftlig rapport fra hver test."),
                follow("i2", "To af fire test er holdt.", status="in_progress", label="Igangsat."),
            ),
            (
                goal("i3", "De gamle servere i rådhusets kælder udfases."),
                crit("i3", "Alle systemer kører i kommunens datacenter eller i skyen."),
                follow(
                    "i3",
                    "Flytningen er udskudt til 2026, fordi datacentret først står klar til den "
                    "tid.",
                    status="postponed",
                    label="Ikke påbegyndt.",
                ),
            ),
        ),
        area("Digitale arbejdsgange", label="2.2", level=2),
        table(
            COLUMNS,
            (
                goal("i4", "Flere sager behandles helt digitalt."),
                crit(
                    "i4",
                    "Mindst 80 % af ansøgningerne om byggetilladelse og parkeringstilladelse "
                    "behandles uden papir.",
                ),
                follow(
                    "i4",
                    "87 % af ansøgningerne behandles nu uden papir.",
                    status="met",
                    label="Gennemført.",
                ),
            ),
            (
                goal("i5", "Medarbejderne får kurser i det nye intranet."),
                (
                    crit("i5", "Alle afdelinger har haft mindst én medarbejder på kursus."),
                    crit("i5", "Tilfredsheden med kurset er mindst 4 af 5."),
                ),
                follow("i5", "Igangsat", status="in_progress"),
            ),
        ),
        h("3 Økonomi", 1),
        p(
            "Handleplanen finansieres af IT-budgettet for 2025. Flytningen af serverne kræver "
            "en særskilt bevilling."
        ),
        h("3.1 Investeringer", 2),
        p("Der er afsat 1,2 mio. kr. til nye netværksswitche på skolerne."),
    ),
)
