"""/indicators: reading the demo's indicators, and pushing measurements with a token, all or
nothing, refused without the role."""

import datetime
from decimal import Decimal

from virkplan.indicators.models import Indicator, Measurement, Source

from .conftest import secret_for

NAME = "Udlån af testelcykler"


def _key() -> str:
    return Indicator.objects.get(name=NAME).key


def test_a_token_reads_the_indicators_and_their_measurements(api, demo_users):
    reader = api(secret_for(demo_users["laeser"]))
    listing = reader.get("/indicators").json()
    assert NAME in [i["name"] for i in listing["items"]]
    item = next(i for i in listing["items"] if i["name"] == NAME)
    assert item["unit"] == "miljo-teknik" and item["direction"] == "higher"
    assert len(item["criteria"]) == 1
    measurements = reader.get(f"/indicators/{_key()}/measurements").json()
    assert [m["value"] for m in measurements["items"]] == [9, 24, 41, 62]
    assert measurements["items"][0]["period_start"] == "2014-01-01"
    later = reader.get(f"/indicators/{_key()}/measurements?date_from=2014-07-01").json()
    assert [m["value"] for m in later["items"]] == [41, 62]


def test_anonymous_readers_see_only_indicators_of_published_criteria(api, demo_users):
    names = [i["name"] for i in api().get("/indicators").json()["items"]]
    assert NAME in names
    assert "Vandforbrug i kommunale bygninger" not in names  # it measures no criterion
    water = Indicator.objects.get(name="Vandforbrug i kommunale bygninger")
    assert api().get(f"/indicators/{water.key}").status_code == 404


def test_an_editor_pushes_measurements_and_a_period_stored_is_corrected(api, demo_users):
    editor = api(secret_for(demo_users["redaktoer"]))
    body = {
        "measurements": [
            {
                "period_start": "2014-10-01",
                "period_end": "2014-12-31",
                "value": 63,
                "note": "Rettet",
            },
            {"period_start": "2015-01-01", "period_end": "2015-03-31", "value": "10.5"},
        ]
    }
    response = editor("post", f"/indicators/{_key()}/measurements", body)
    assert response.status_code == 201, response.content
    assert response.json() == {"created": 1, "corrected": 1, "unchanged": 0}
    q4 = Measurement.objects.get(period_end=datetime.date(2014, 12, 31), indicator__name=NAME)
    assert q4.value == Decimal(63) and q4.source == Source.PUSHED
    assert q4.recorded_by == demo_users["redaktoer"]
    assert [h.value for h in q4.history.order_by("history_id")] == [Decimal(62), Decimal(63)]


def test_pushing_is_refused_without_a_token_or_the_role(api, demo_users):
    body = {"measurements": [{"period_start": "2015-01-01", "value": 1}]}
    path = f"/indicators/{_key()}/measurements"
    before = Measurement.objects.count()
    assert api()("post", path, body).status_code == 401
    reader = api(secret_for(demo_users["laeser"]))("post", path, body)
    assert reader.status_code == 403
    assert reader.json()["code"] == "not_allowed"
    other_unit = api(secret_for(demo_users["redaktoer-forsyning"]))("post", path, body)
    assert other_unit.status_code == 403
    missing = api(secret_for(demo_users["redaktoer"]))(
        "post", "/indicators/nope/measurements", body
    )
    assert missing.status_code == 404
    assert Measurement.objects.count() == before


def test_a_bad_measurement_refuses_them_all_naming_the_field(api, demo_users):
    editor = api(secret_for(demo_users["redaktoer"]))
    path = f"/indicators/{_key()}/measurements"
    before = Measurement.objects.count()
    backwards = {
        "measurements": [
            {"period_start": "2015-01-01", "value": 1},
            {"period_start": "2015-03-31", "period_end": "2015-01-01", "value": 2},
        ]
    }
    response = editor("post", path, backwards)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("measurements[1]")
    twice = {
        "measurements": [
            {"period_start": "2015-01-01", "value": 1},
            {"period_start": "2015-01-01", "value": 2},
        ]
    }
    response = editor("post", path, twice)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "measurements[1].period_start"
    huge = {"measurements": [{"period_start": "2015-01-01", "value": 1e20}]}
    assert editor("post", path, huge).status_code == 422
    assert editor("post", path, {"measurements": []}).status_code == 422
    assert Measurement.objects.count() == before
