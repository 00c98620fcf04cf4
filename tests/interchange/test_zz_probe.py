import json
from django.core.management import call_command
from virkplan.interchange.selectors import document_export
from virkplan.interchange.services import document_import, ImportRefused
from virkplan.demo.services import demo_document
from virkplan.plans.models import Plan, Goal
from virkplan.organisation.models import Unit

class Staff:
    is_authenticated = True
    is_staff = True

def test_probe(demo, capsys, tmp_path):
    doc = document_export(user=Staff())
    src = demo_document()
    # compare to source
    def diff(a, b, path="$"):
        if type(a) != type(b):
            print("TYPE", path, repr(a)[:80], repr(b)[:80]); return
        if isinstance(a, dict):
            for k in set(a) | set(b):
                if k not in a or k not in b: print("KEY", path, k, k in a, k in b)
                else: diff(a[k], b[k], f"{path}.{k}")
        elif isinstance(a, list):
            if len(a) != len(b): print("LEN", path, len(a), len(b))
            for i, (x, y) in enumerate(zip(a, b)): diff(x, y, f"{path}[{i}]")
        elif a != b: print("VAL", path, repr(a)[:80], repr(b)[:80])
    diff(doc, src)
    call_command("export", "--plan", "mt-2014", "-o", str(tmp_path / "x.json"))
    one = json.loads((tmp_path / "x.json").read_text())
    print([u["key"] for u in one["units"]])
    assert False
