"""The demo's indicators (nøgletal): measured series that fit the reference plan's goals.

The reference plan gives targets but no measured series, so every number here is made up to
show how indicators work, and says so ("Illustrative tal") in its description and notes.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from virkplan.indicators import services
from virkplan.indicators.models import Direction, Frequency, Indicator, Source
from virkplan.indicators.services import MeasurementRow
from virkplan.organisation.models import Unit
from virkplan.organisation.permissions import SYSTEM_ACTOR
from virkplan.plans.models import Criterion

ILLUSTRATIVE = "Illustrative tal"
NOTE = "Illustrative tal, ikke målt."


def _year(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _quarter(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    ends = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
    return start, datetime.date(year, *ends[quarter])


YEARS = (2011, 2012, 2013, 2014)
QUARTERS = [(2014, q) for q in (1, 2, 3, 4)]

# name, unit key, unit of measure, direction, frequency, what it is, periods and values,
# and the criterion it measures (its goal's key and how its text starts), if any.
DEMO_INDICATORS = (
    (
        "Energibesparelser i erhvervslivet",
        "miljo-teknik",
        "MWh",
        Direction.HIGHER,
        Frequency.YEARLY,
        "Energi sparet om året gennem energispareaktivitetsplanen.",
        [(_year(y), v) for y, v in zip((2012, 2013, 2014), ("8420", "8810", "9050"), strict=True)],
        ("mt-2014-g16", "Energispareaktivitetsplanen"),
    ),
    (
        "Udlån af testelcykler",
        "miljo-teknik",
        "udlån",
        Direction.HIGHER,
        Frequency.QUARTERLY,
        "Udlån i projektet “test en elcykel”, talt sammen fra årets start.",
        [(_quarter(*q), v) for q, v in zip(QUARTERS, ("9", "24", "41", "62"), strict=True)],
        ("mt-2014-g03", "Projekt ”test en elcykel”"),
    ),
    (
        "Energiforbrug i kommunale bygninger",
        "ejendom-vej-park",
        "MWh",
        Direction.LOWER,
        Frequency.YEARLY,
        "Varme og el i kommunens egne bygninger.",
        [(_year(y), v) for y, v in zip(YEARS, ("31250", "30480", "29910", "29120"), strict=True)],
        ("mt-2014-g16", "Kommunens handlingsplan for fortsatte vand og energi"),
    ),
    (
        "Vandforbrug i kommunale bygninger",
        "ejendom-vej-park",
        "m³",
        Direction.LOWER,
        Frequency.YEARLY,
        "Vand målt i kommunens egne bygninger.",
        [
            (_year(y), v)
            for y, v in zip(YEARS, ("118400", "112900", "109300", "104800"), strict=True)
        ],
        None,
    ),
    (
        "CO2-udledning fra kommunens egen drift",
        "miljo-teknik",
        "ton",
        Direction.LOWER,
        Frequency.YEARLY,
        "Bygninger, gadelys og køretøjer, som i det grønne regnskab.",
        [(_year(y), v) for y, v in zip(YEARS, ("9850", "9420", "9010", "8640"), strict=True)],
        None,
    ),
    (
        "Sagsbehandlingstid for byggesager",
        "by-miljoe",
        "dage",
        Direction.LOWER,
        Frequency.QUARTERLY,
        "Gennemsnitlig tid fra komplet ansøgning til afgørelse.",
        [(_quarter(*q), v) for q, v in zip(QUARTERS, ("48", "44", "41", "37"), strict=True)],
        ("mt-2014-g13", "Der er udarbejdet et kvalitetsstyringssystem"),
    ),
)


@transaction.atomic
def demo_indicators_create() -> int:
    """Give the demo its indicators, unless it has some; how many were made."""
    if Indicator.objects.exists():
        return 0
    units = {unit.key: unit for unit in Unit.objects.all()}
    made = 0
    for name, unit_key, measure, direction, frequency, about, values, measures in DEMO_INDICATORS:
        unit = units.get(unit_key)
        if unit is None:
            continue
        indicator = services.indicator_create(
            user=SYSTEM_ACTOR,
            unit=unit,
            name=name,
            unit_of_measure=measure,
            direction=direction,
            frequency=frequency,
            source=Source.UPLOADED,
            description=f"{ILLUSTRATIVE}: {about} Tallene er opdigtede og viser kun, "
            "hvordan nøgletal følges.",
        )
        rows = [MeasurementRow(start, end, Decimal(value), NOTE) for (start, end), value in values]
        services.measurements_record(
            user=SYSTEM_ACTOR, indicator=indicator, rows=rows, source=Source.UPLOADED
        )
        if measures is not None:
            goal_key, text = measures
            criterion = Criterion.objects.filter(goal__key=goal_key, text__startswith=text).first()
            if criterion is not None:
                services.criterion_link(user=SYSTEM_ACTOR, criterion=criterion, indicator=indicator)
        made += 1
    return made
