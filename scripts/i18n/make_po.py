#!/usr/bin/env python3
"""Build or refresh a module's zh_CN.po from its .pot and a translation table.

    python3 scripts/i18n/make_po.py addons/dealer_base scripts/i18n/dealer_base_zh_CN.py

The table is a Python file defining ``TRANSLATIONS = {msgid: msgstr}``. Strings
already translated in the existing zh_CN.po are kept; msgids that are Chinese
already (demo data) translate to themselves. Prints what is still missing and
exits 1 if anything is.
"""
import re
import runpy
import sys
from pathlib import Path

import polib

CJK = re.compile(r"[\u4e00-\u9fff]")


def main(module_dir, table_path=None):
    module_dir = Path(module_dir)
    name = module_dir.name
    pot = polib.pofile(str(module_dir / "i18n" / f"{name}.pot"))
    po_path = module_dir / "i18n" / "zh_CN.po"
    existing = {e.msgid: e.msgstr for e in polib.pofile(str(po_path))} if po_path.exists() else {}
    table = runpy.run_path(table_path)["TRANSLATIONS"] if table_path else {}
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "Odoo Server 18.0",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "",
        "Language-Team": "Chinese (Simplified)",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    missing = []
    for entry in pot:
        msgstr = existing.get(entry.msgid) or table.get(entry.msgid)
        if not msgstr and CJK.search(entry.msgid) and not re.search(r"[A-Za-z]{3,}", entry.msgid):
            msgstr = entry.msgid
        if not msgstr:
            missing.append(entry.msgid)
            msgstr = ""
        po.append(polib.POEntry(
            msgid=entry.msgid, msgstr=msgstr, occurrences=entry.occurrences,
            comment=entry.comment, tcomment=entry.tcomment, flags=entry.flags,
        ))
    po.save(str(po_path))
    for msgid in missing:
        print("MISSING:", repr(msgid))
    print(f"{po_path}: {len(pot) - len(missing)}/{len(pot)} translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
