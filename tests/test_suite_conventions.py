"""Suite-level checks of every module of addons/ (no database needed).

They hold the conventions the whole suite promises: a translated UI for Chinese
users, documentation, access rights for every model, sane manifests.
"""
import ast
import csv
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
# scripts/test.sh passes its module filter: only those modules are checked then
_WANTED = {m for m in os.environ.get("DCS_MODULES", "").split(",") if m}
MODULES = sorted(
    p.parent for p in ADDONS.glob("*/__manifest__.py") if not _WANTED or p.parent.name in _WANTED
)


def _manifest(module):
    return ast.literal_eval((module / "__manifest__.py").read_text(encoding="utf-8"))


def _po_entries(path):
    """(msgid, msgstr) pairs of a .po file, multi-line strings joined."""
    entries, current, key = [], {}, None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            if "msgid" in current:
                entries.append((current.get("msgid", ""), current.get("msgstr", "")))
            current, key = {"msgid": ast.literal_eval(line[6:])}, "msgid"
        elif line.startswith("msgstr "):
            current["msgstr"], key = ast.literal_eval(line[7:]), "msgstr"
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line:
            key = None
    if "msgid" in current:
        entries.append((current["msgid"], current.get("msgstr", "")))
    return [(i, s) for i, s in entries if i]  # the header has an empty msgid


def test_modules_found():
    assert MODULES, "no module in addons/"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_manifest(module):
    manifest = _manifest(module)
    assert manifest["version"].startswith("18.0."), manifest["version"]
    assert manifest.get("license") in {"LGPL-3", "AGPL-3", "OPL-1"}
    for key in ("data", "demo"):
        for rel in manifest.get(key, []):
            assert (module / rel).is_file(), f"{module.name}: {key} file {rel} is missing"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_readme(module):
    for name in ("DESCRIPTION.md", "USAGE.md"):
        path = module / "readme" / name
        assert path.is_file() and path.read_text(encoding="utf-8").strip(), f"{module.name}: readme/{name}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_chinese_translation_complete(module):
    pot = module / "i18n" / f"{module.name}.pot"
    po = module / "i18n" / "zh_CN.po"
    assert pot.is_file(), f"{module.name}: i18n/{module.name}.pot is missing"
    assert po.is_file(), f"{module.name}: i18n/zh_CN.po is missing"
    pot_ids = {msgid for msgid, _ in _po_entries(pot)}
    po_entries = dict(_po_entries(po))
    missing = sorted(pot_ids - set(po_entries))
    assert not missing, f"{module.name}: {len(missing)} strings of the .pot not in zh_CN.po: {missing[:5]}"
    untranslated = sorted(msgid for msgid, msgstr in po_entries.items() if not msgstr.strip())
    assert not untranslated, f"{module.name}: {len(untranslated)} untranslated: {untranslated[:5]}"
    # named placeholders must survive the translation
    for msgid, msgstr in po_entries.items():
        wanted = set(re.findall(r"%\((\w+)\)s", msgid))
        assert wanted == set(re.findall(r"%\((\w+)\)s", msgstr)), f"{module.name}: placeholders of {msgid!r}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_chinese_punctuation_is_full_width(module):
    """Commas, colons, semicolons and brackets touching Chinese text are the Chinese ones
    (``scripts/i18n/fullwidth.py`` writes them so)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts" / "i18n"))
    from fullwidth import fullwidth

    po = module / "i18n" / "zh_CN.po"
    if not po.is_file():
        pytest.skip("no zh_CN.po (test_chinese_translation_complete fails for it)")
    mixed = [msgstr for _msgid, msgstr in _po_entries(po) if msgstr and fullwidth(msgstr) != msgstr]
    assert not mixed, f"{module.name}: {len(mixed)} translations mix half-width punctuation into Chinese: {mixed[:3]}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_every_model_has_access_rights(module):
    names = set()
    for py in module.rglob("*.py"):
        if "tests" in py.parts:
            continue
        tree = ast.parse(py.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                attrs = {
                    t.id: stmt.value
                    for stmt in node.body if isinstance(stmt, ast.Assign)
                    for t in stmt.targets if isinstance(t, ast.Name)
                }
                name = attrs.get("_name")
                abstract = any(
                    isinstance(b, ast.Attribute) and b.attr == "AbstractModel" for b in node.bases
                ) or isinstance(attrs.get("_auto"), ast.Constant) and attrs["_auto"].value is False
                inherit = attrs.get("_inherit")
                inherited = {inherit.value} if isinstance(inherit, ast.Constant) else {
                    elt.value for elt in getattr(inherit, "elts", []) if isinstance(elt, ast.Constant)}
                # `_name = X` with X in `_inherit` extends X (adding a mixin): no new model
                if isinstance(name, ast.Constant) and not abstract and name.value not in inherited:
                    names.add(name.value)
    if not names:
        return
    csv_path = module / "security" / "ir.model.access.csv"
    assert csv_path.is_file(), f"{module.name} defines {sorted(names)} but has no ir.model.access.csv"
    with csv_path.open(encoding="utf-8") as fh:
        covered = {row["model_id:id"].split(".")[-1] for row in csv.DictReader(fh)}
    missing = sorted(n for n in names if "model_" + n.replace(".", "_") not in covered)
    assert not missing, f"{module.name}: no access rights for {missing}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_no_forbidden_patterns(module):
    bad = re.compile(r"cr\.commit\(\)|except\s*:\s*pass|except Exception\s*:\s*pass")
    for py in module.rglob("*.py"):
        if "tests" in py.parts:
            continue
        for number, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
            assert not bad.search(line), f"{py.relative_to(ROOT)}:{number}: {line.strip()}"


def test_demo_network_generator_is_deterministic(tmp_path, monkeypatch):
    import gen_dealer_network_demo as gen

    target = tmp_path / "network.xml"
    monkeypatch.setattr(gen, "OUT", target)
    gen.main()
    first = target.read_text(encoding="utf-8")
    gen.main()
    assert target.read_text(encoding="utf-8") == first
    committed = ADDONS / "dealer_base" / "demo" / "dealer_network_demo.xml"
    assert committed.read_text(encoding="utf-8") == first, "regenerate the demo network and commit it"
    assert first.count('model="res.partner"') == 3 + 10 + 30 + 100 + 2


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.name)
def test_no_module_probes_for_another_modules_models(module):
    """Where two modules meet, a bridge module depends on both (SPEC): no code, tests
    included, asks whether a model of another module happens to be installed."""
    probe = re.compile(r"""["'][a-z_]+(\.[a-z_]+)+["']\s+(not\s+)?in\s+(self\.|cls\.)?env\b""")
    for py in module.rglob("*.py"):
        for number, line in enumerate(py.read_text(encoding="utf-8").splitlines(), 1):
            assert not probe.search(line), f"{py.relative_to(ROOT)}:{number}: {line.strip()}"
