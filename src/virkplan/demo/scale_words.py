"""Danish words and phrases the scale data set (demo.scale) builds its plans from.

Written for this data set; names of Copenhagen's administrations and districts
are public facts, every sentence is put together from the lists below.
"""

MUNICIPALITY = ("koebenhavns-kommune", "Københavns Kommune", "www.kk.dk", "Rådhuspladsen 1")

DISTRICTS = (
    "Amager Øst",
    "Amager Vest",
    "Bispebjerg",
    "Brønshøj-Husum",
    "Indre By",
    "Nørrebro",
    "Østerbro",
    "Valby",
    "Vanløse",
    "Vesterbro",
    "Kongens Enghave",
    "Nordvest",
)


# Each administration: name, short name, its centres, what its units are called ("{district}"
# is filled in), and what its goals are about.
ADMINISTRATIONS = (
    (
        "Økonomiforvaltningen",
        "ØKF",
        (
            "Center for Byudvikling",
            "Koncernservice",
            "Center for Økonomi",
            "HR-Center",
            "Center for Digitalisering",
            "Center for Politik og Kommunikation",
        ),
        (
            "Lønteam {district}",
            "Indkøbsteam {district}",
            "IT-support {district}",
            "Servicecenter {district}",
        ),
        (
            "kommunens indkøb og udbud",
            "den digitale borgerbetjening",
            "budgetopfølgningen",
            "rekrutteringen af nye medarbejdere",
            "arbejdsmiljøet",
            "byens langsigtede planlægning",
            "datasikkerheden",
            "sagsbehandlingstiderne på tværs af forvaltningerne",
        ),
    ),
    (
        "Børne- og Ungdomsforvaltningen",
        "BUF",
        (
            "Center for Dagtilbud",
            "Center for Skole",
            "Center for Pædagogik",
            "Center for Policy",
            "Center for Sundhedstjenester",
            "Center for Ungdomsskolen",
        ),
        (
            "Dagtilbud {district}",
            "Skolerne i {district}",
            "Sundhedsplejen {district}",
            "Fritidscenter {district}",
            "PPR {district}",
        ),
        (
            "trivslen blandt børn i dagtilbud",
            "sprogindsatsen for de yngste børn",
            "elevernes faglige niveau i dansk og matematik",
            "overgangen fra dagtilbud til skole",
            "fraværet i udskolingen",
            "inklusionen af børn med særlige behov",
            "samarbejdet med forældrene",
            "bevægelse i skoledagen",
        ),
    ),
    (
        "Kultur- og Fritidsforvaltningen",
        "KFF",
        (
            "Center for Kultur",
            "Center for Fritid og Idræt",
            "Københavns Biblioteker",
            "Center for Kulturhuse",
            "Center for Anlæg og Drift",
        ),
        (
            "Biblioteket {district}",
            "Kulturhuset {district}",
            "Idrætsanlæg {district}",
            "Borgerservice {district}",
        ),
        (
            "udlånet af bøger og digitale medier",
            "foreningslivet i bydelen",
            "brugen af idrætsfaciliteterne",
            "kulturtilbuddene for unge",
            "læselysten hos børn",
            "frivilliges deltagelse i kulturlivet",
            "borgerservicens åbningstider",
        ),
    ),
    (
        "Sundheds- og Omsorgsforvaltningen",
        "SUF",
        (
            "Center for Hjemmepleje",
            "Center for Plejehjem",
            "Center for Forebyggelse",
            "Center for Rehabilitering",
            "Center for Sundhedsfaglig Udvikling",
            "Center for Misbrug",
        ),
        (
            "Hjemmeplejen {district}",
            "Plejehjemmet i {district}",
            "Sundhedshuset {district}",
            "Træningscenter {district}",
            "Aktivitetscenter {district}",
        ),
        (
            "den ældres egen mestring i hverdagen",
            "genindlæggelserne af ældre borgere",
            "kontinuiteten i hjemmeplejen",
            "ernæringen på plejehjemmene",
            "rygestoptilbuddene",
            "den tidlige opsporing af sygdom",
            "samarbejdet med de praktiserende læger",
            "velfærdsteknologien i plejen",
        ),
    ),
    (
        "Socialforvaltningen",
        "SOF",
        (
            "Center for Udsatte Voksne",
            "Center for Børnefamilier",
            "Center for Handicap",
            "Center for Botilbud",
            "Center for Hjemløse",
        ),
        (
            "Børnefamilieenheden {district}",
            "Botilbuddet {district}",
            "Værested {district}",
            "Socialcenter {district}",
            "Familiehuset {district}",
        ),
        (
            "den tidlige indsats over for sårbare familier",
            "boligsituationen for hjemløse",
            "sagsbehandlingen i børnesager",
            "anbragte børns skolegang",
            "beboernes selvbestemmelse på botilbuddene",
            "tilbuddene til borgere med misbrug",
            "samarbejdet med civilsamfundet",
        ),
    ),
    (
        "Teknik- og Miljøforvaltningen",
        "TMF",
        (
            "Center for Trafik og Byliv",
            "Center for Miljøbeskyttelse",
            "Byens Drift",
            "Center for Byggeri",
            "Center for Parker og Natur",
            "Center for Affald",
        ),
        (
            "Driftsområde {district}",
            "Byggesagsteam {district}",
            "Parkteam {district}",
            "Vejteam {district}",
        ),
        (
            "cykelstierne og trafiksikkerheden",
            "sorteringen af husholdningsaffald",
            "byens grønne områder",
            "behandlingstiden for byggesager",
            "støjen fra trafikken",
            "renholdelsen af gader og pladser",
            "klimatilpasningen af byen",
            "luftkvaliteten i byen",
        ),
    ),
    (
        "Beskæftigelses- og Integrationsforvaltningen",
        "BIF",
        (
            "Jobcenter København",
            "Center for Virksomhedsservice",
            "Center for Integration",
            "Center for Unge",
            "Center for Ydelser",
        ),
        (
            "Jobcenter {district}",
            "Ungecenter {district}",
            "Integrationsteam {district}",
            "Ydelsesteam {district}",
        ),
        (
            "ledige borgeres vej til job",
            "virksomhedernes rekruttering",
            "de unges overgang til uddannelse",
            "danskundervisningen for nye borgere",
            "sygedagpengeforløbenes længde",
            "samarbejdet med a-kasserne",
            "de langtidslediges kontakt med virksomheder",
        ),
    ),
)

GOAL_VERBS = (
    "styrke",
    "udvikle",
    "forbedre",
    "sikre",
    "løfte",
    "forenkle",
    "digitalisere",
    "nytænke",
    "kvalitetssikre",
    "målrette",
    "understøtte",
    "udbrede",
    "afprøve nye måder at organisere",
    "følge tæt op på",
    "skabe bedre sammenhæng i",
)
GOAL_OBJECTS = (
    "borgerinddragelsen",
    "samarbejdet på tværs af enhederne",
    "medarbejdernes kompetencer",
    "brugen af data i styringen",
    "kommunikationen med borgerne",
    "den daglige drift",
    "ledelsesinformationen",
    "kvaliteten i opgaveløsningen",
    "arbejdsgangene omkring sagsbehandling",
    "det grønne aftryk af vores drift",
    "trivslen blandt medarbejderne",
    "introduktionen af nye kolleger",
)
GOAL_PURPOSES = (
    "så borgerne oplever en sammenhængende service",
    "så flere borgere får den hjælp, de har brug for, i tide",
    "for at frigøre tid til kerneopgaven",
    "så vi bruger ressourcerne der, hvor de gør mest gavn",
    "i tæt samarbejde med brugere og pårørende",
    "så vi lever op til Borgerrepræsentationens mål",
    "med udgangspunkt i erfaringerne fra sidste år",
    "så resultaterne kan ses i de årlige målinger",
    "for at nå målene i kommunens klimaplan",
    "så medarbejderne har de rette redskaber",
    "og dele erfaringerne med de andre enheder i forvaltningen",
    "i dialog med de faglige organisationer",
)
SUBGOAL_PREFIXES = (
    "Som første skridt vil vi",
    "Vi vil i den forbindelse",
    "Konkret vil vi",
    "Derudover vil vi",
    "Sammen med {partner} vil vi",
)
SUBGOAL_ACTIONS = (
    "kortlægge de nuværende arbejdsgange",
    "gennemføre et pilotprojekt i to teams",
    "uddanne nøglepersoner i alle teams",
    "udarbejde en handleplan med klare milepæle",
    "evaluere indsatsen efter et halvt år",
    "indsamle data om brugernes oplevelser",
    "afholde temadage for medarbejderne",
    "beskrive en fælles standard",
    "indføre faste opfølgningsmøder",
    "udbrede de gode erfaringer til hele enheden",
)
PARTNERS = (
    "MED-udvalget",
    "brugerrådet",
    "de andre forvaltninger",
    "lokaludvalget",
    "forældrebestyrelsen",
    "de frivillige foreninger",
    "Region Hovedstaden",
    "de faglige organisationer",
)

# Success criteria: text (with {n} the target), comparison, unit of measure, target range.
MEASURED_CRITERIA = (
    (
        "Andelen af borgere, der er tilfredse med {object}, er mindst {n} %",
        "at_least",
        "%",
        (60, 95),
    ),
    ("Sagsbehandlingstiden er højst {n} dage i gennemsnit", "at_most", "dage", (10, 60)),
    ("Der er gennemført mindst {n} dialogmøder med {partner}", "at_least", "møder", (2, 12)),
    ("Sygefraværet er højst {n} dage pr. medarbejder", "at_most", "dage", (6, 14)),
    ("Mindst {n} medarbejdere har gennemført forløbet", "at_least", "medarbejdere", (10, 120)),
    ("Andelen af henvendelser, der besvares digitalt, er mindst {n} %", "at_least", "%", (40, 90)),
    ("Forbruget er nedbragt med omkring {n} %", "approximately", "%", (5, 25)),
    ("Ventetiden er højst {n} uger", "at_most", "uger", (2, 12)),
    ("Mindst {n} borgere har deltaget i tilbuddet", "at_least", "borgere", (50, 1500)),
)
PLAIN_CRITERIA = (
    "En handleplan for {object} er udarbejdet og godkendt af ledelsen",
    "Erfaringerne fra indsatsen er samlet i en kort evaluering",
    "Alle teams har en fælles beskrivelse af arbejdsgangene",
    "Indsatsen er drøftet med {partner}, og deres input er indarbejdet",
    "Der er fastlagt en model for løbende opfølgning på {object}",
    "Resultaterne er formidlet til alle medarbejdere på et personalemøde",
    "En ny procedure er taget i brug i hele enheden",
)

FOLLOW_UP_OPENINGS = {
    "met": (
        "Målet er nået.",
        "Kriteriet er opfyldt.",
        "Indsatsen er gennemført som planlagt.",
        "Vi har nået det, vi satte os for.",
    ),
    "partly_met": (
        "Målet er delvist nået.",
        "Vi er godt på vej, men ikke helt i mål.",
        "Kriteriet er kun delvist opfyldt.",
    ),
    "not_met": (
        "Målet er ikke nået.",
        "Kriteriet er ikke opfyldt i perioden.",
        "Indsatsen har ikke givet det forventede resultat.",
    ),
    "postponed": (
        "Indsatsen er udskudt til næste år.",
        "Arbejdet er sat på pause.",
    ),
    "dropped": (
        "Indsatsen er opgivet.",
        "Målet er taget af planen efter aftale med ledelsen.",
    ),
    "in_progress": (
        "Arbejdet er i gang.",
        "Indsatsen er igangsat.",
        "Vi er i gang og følger planen.",
        "Første del af indsatsen er gennemført.",
    ),
}
FOLLOW_UP_REASONS = (
    "Den seneste måling viser en tydelig fremgang.",
    "Der har været travlt med driften i perioden.",
    "Omorganiseringen har taget mere tid end ventet.",
    "Samarbejdet med {partner} har fungeret godt.",
    "Vi har haft udskiftning i ledelsen.",
    "Budgettet blev reduceret midt i året.",
    "Medarbejderne har taget godt imod de nye arbejdsgange.",
    "It-systemet blev leveret senere end aftalt.",
    "Vi har fået flere henvendelser end forventet.",
    "Pilotprojektet har givet gode erfaringer, som vi bygger videre på.",
    "Resultatet er drøftet i MED-udvalget.",
    "Vi følger op igen ved næste opfølgning.",
)

# Focus areas set by the municipality (Borgerrepræsentationen) for a four-year period.
MUNICIPAL_FOCUS_AREAS = (
    (
        "Den grønne by",
        "CO2-neutral hovedstad",
        "København skal være CO2-neutral, og alle "
        "forvaltninger bidrager med konkrete indsatser i deres egen drift.",
    ),
    (
        "Sammenhængende velfærd",
        "Borgeren i centrum",
        "Borgere med flere sager skal opleve én kommune, der samarbejder på tværs.",
    ),
    (
        "Den digitale kommune",
        "Digital først",
        "Flere henvendelser skal kunne klares digitalt, "
        "så tiden bruges på de borgere, der har brug for personlig hjælp.",
    ),
    (
        "Lighed i sundhed",
        "Sundhed for alle",
        "Forskellen i levetid mellem byens bydele skal mindskes.",
    ),
    ("Flere i job", "Et stærkt arbejdsmarked", "Flere københavnere skal i job eller uddannelse."),
    (
        "Tryghed i byen",
        "En by for alle",
        "Alle skal kunne færdes trygt i byens gader og boligområder.",
    ),
    (
        "Attraktiv arbejdsplads",
        "Kompetente medarbejdere",
        "Kommunen skal kunne tiltrække og fastholde dygtige medarbejdere.",
    ),
)
ADMINISTRATION_FOCUS_TITLES = (
    "Kvalitet i kerneopgaven",
    "Effektiv drift",
    "Nye arbejdsformer",
    "Styrket faglighed",
    "Tværgående samarbejde",
    "Brugerinddragelse",
    "Bedre ledelsesinformation",
    "Forebyggelse",
)
OWN_FOCUS_TITLES = (
    "Vores kerneopgave",
    "Et godt arbejdsmiljø",
    "Nye kolleger",
    "Lokalt samarbejde",
    "Bedre service",
    "Faglig udvikling",
    "Drift og økonomi",
    "Synlighed i bydelen",
)
TAGLINES = (
    "Sammen om opgaven",
    "Fokus på resultater",
    "Tæt på borgeren",
    "Klar til fremtiden",
    "Mere af det, der virker",
    "Enkelt og effektivt",
)

# Plan sections: title and sentences to draw the body from.
SECTION_TITLES = ("Indledning", "Om enheden", "Økonomi og ressourcer", "Årets vigtigste opgaver")
SECTION_SENTENCES = (
    "Virksomhedsplanen beskriver, hvad vi vil nå i det kommende år, og hvordan vi følger op.",
    "Planen bygger videre på resultaterne fra sidste års opfølgning.",
    "Enheden løser opgaver for borgere i hele bydelen og samarbejder tæt med de andre enheder.",
    "Vi har i alt omkring {n} medarbejdere fordelt på flere teams.",
    "Budgettet er stort set uændret i forhold til sidste år.",
    "Der er afsat midler til at udvikle nye arbejdsgange og styrke kompetencerne.",
    "Målene er drøftet med medarbejderne og MED-udvalget, inden planen blev godkendt.",
    "Året vil være præget af arbejdet med {object}.",
    "Vi måler løbende på vores resultater og justerer indsatsen, hvor det er nødvendigt.",
    "Planen følger forvaltningens strategi og kommunens fælles indsatsområder.",
    "Vi prioriterer at bruge tiden på kerneopgaven og at gøre det enkelt for borgerne.",
    "En stor del af årets arbejde handler om at fastholde kvaliteten i en travl hverdag.",
)
FOCUS_UNIT_TEXTS = (
    "For os betyder det, at vi prioriterer {object} i hverdagen.",
    "Vi bidrager ved at arbejde målrettet med {object}.",
    "Det betyder konkret, at vi sætter fokus på {object} og følger op hvert kvartal.",
    "Indsatsområdet hænger tæt sammen med vores arbejde med {object}.",
)
RETURN_COMMENTS = (
    "Målene skal være mere konkrete; tilføj måltal, hvor det er muligt.",
    "Der mangler en sammenhæng til forvaltningens indsatsområder.",
    "Gennemgå økonomiafsnittet igen, før planen sendes til godkendelse.",
)
