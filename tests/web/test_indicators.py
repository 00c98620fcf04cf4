def test_an_excel_upload_is_previewed_and_stored(client, editing, indicator):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Fra", "Til", "Værdi", "Note"])
    workbook.active.append(
        [datetime.datetime(2026, 7, 1), datetime.datetime(2026, 9, 30), 47.25, "Q3"]
    )
    content = io.BytesIO()
    workbook.save(content)
    client.force_login(editing.users["editor"])
    response = _upload(client, indicator, content.getvalue(), "kvartal.xlsx")
    html = response.content.decode()
    assert response.status_code == 200 and "47,25" in html
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    confirm = reverse("web:measurement-upload-confirm", args=[indicator.key])
    client.post(confirm, {"payload": payload})
    stored = Measurement.objects.get(period_end=datetime.date(2026, 9, 30))
    assert (stored.period_start, stored.value, stored.note) == (
        datetime.date(2026, 7, 1),
        Decimal("47.25"),
        "Q3",
    )


def test_a_file_too_large_is_refused_and_nothing_is_stored(client, editing, indicator):
    from virkplan.indicators.upload import MAX_BYTES

    client.force_login(editing.users["editor"])
    content = "dato;værdi\n".encode() + b"30-09-2026;1\n" * (MAX_BYTES // 12)
    response = _upload(client, indicator, content, "stor.csv")
    assert response.status_code == 400
    assert "Filen er for stor: højst 2 MB." in response.content.decode()
    assert Measurement.objects.count() == 2


def test_an_anonymous_reader_sees_a_published_goal_s_progress_without_the_link(client, demo):
    html = _page(client, reverse("web:goal", args=["mt-2014-g03"]))
    assert "Målt med nøgletal" in html and "Måltallet er nået" in html
    assert "/noegletal/" not in html  # the indicator's page takes a sign-in
