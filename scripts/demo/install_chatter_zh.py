#!/usr/bin/env python3
"""Write again in Chinese the chatter lines that the demo data wrote in English at install.

    python3 scripts/demo/install_chatter_zh.py DB ADDONS_PATH

Run by ``scripts/run.sh`` on a demo database it has just created, never on a database that
has been used. Odoo loads data files with no language in the context (``odoo.tools.convert``)
and loads a module's translations after its demo data, so what the demo's records and calls
write into the chatter at install is English: "Dealer Wallet 创建" (the model's name, read
without a language), "Authorization granted: …", "Order approved automatically and
confirmed.". What users and the scheduled actions write later is in their language.

Two kinds of lines are rewritten, nothing else:

* creation notes ``<p><model name> 创建</p>``: the model's Chinese name (``ir_model``);
* single-paragraph lines that are one of the suite's own translated messages (the
  ``zh_CN.po`` files of ``addons/``, code strings with ``%(name)s`` parameters): the Chinese
  message with the same parameter values. The closing message of a crowdfunding campaign,
  which the campaign also keeps in ``close_message`` for its page, is rewritten there too.
"""
import html
import re
import sys
from pathlib import Path

import polib
from markupsafe import escape

PARAM = re.compile(r"%\((\w+)\)s")


def message_patterns(addons_dirs):
    """``[(compiled regex of the escaped English line, escaped Chinese template)]``."""
    patterns = []
    for addons_dir in addons_dirs:
        for po_path in sorted(Path(addons_dir).glob("dealer_*/i18n/zh_CN.po")):
            for entry in polib.pofile(str(po_path)):
                if entry.obsolete or not entry.msgstr or entry.msgstr == entry.msgid:
                    continue
                if not any(where.startswith("code:") for where, _line in entry.occurrences):
                    continue
                if re.search(r"%[sdf]|%%", PARAM.sub("", entry.msgid)):
                    continue  # positional parameters: not the suite's convention
                regex, seen = [], set()
                position = 0
                for match in PARAM.finditer(entry.msgid):
                    regex.append(re.escape(str(escape(entry.msgid[position:match.start()]))))
                    name = match.group(1)
                    regex.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
                    seen.add(name)
                    position = match.end()
                regex.append(re.escape(str(escape(entry.msgid[position:]))))
                if len(re.sub(r"[^A-Za-z]", "", PARAM.sub("", entry.msgid))) < 10:
                    continue  # a word ("Cash") or a shape ("%(a)s of %(b)s"), not a line of the chatter
                patterns.append((re.compile("".join(regex), re.S), entry.msgstr))
    return patterns


def translate_line(text, patterns):
    """The Chinese of ``text`` (escaped HTML of one message) or None."""
    for regex, msgstr in patterns:
        match = regex.fullmatch(text)
        if match:
            # the values are escaped already (they come from the stored HTML), the template is not
            return PARAM.sub(lambda param, found=match: found.group(param.group(1)), str(escape(msgstr)))
    return None


def main(db, addons_path):
    import odoo
    from odoo.tools import config

    config.parse_config(["-d", db, "--addons-path", addons_path, "--log-level=warn"])
    from odoo.modules.registry import Registry

    patterns = message_patterns(addons_path.split(","))
    paragraph = re.compile(r"<p>(.*)</p>", re.S)
    with Registry(db).cursor() as cr:
        cr.execute("""
            UPDATE mail_message m
               SET body = '<p>' || (im.name->>'zh_CN') || ' 创建</p>'
              FROM ir_model im
             WHERE im.model = m.model AND im.name->>'zh_CN' IS NOT NULL
               AND m.body = '<p>' || (im.name->>'en_US') || ' 创建</p>'
        """)
        creations = cr.rowcount
        cr.execute("SELECT id, body FROM mail_message WHERE body ~ '^<p>[^<]*[A-Za-z]{3}[^<]*</p>$'")
        lines = 0
        for message_id, body in cr.fetchall():
            chinese = translate_line(paragraph.fullmatch(body).group(1), patterns)
            if chinese is not None:
                cr.execute("UPDATE mail_message SET body = %s WHERE id = %s", (f"<p>{chinese}</p>", message_id))
                lines += 1
        cr.execute("SELECT to_regclass('dealer_crowdfunding')")
        campaigns = []
        if cr.fetchone()[0]:
            cr.execute("SELECT id, close_message FROM dealer_crowdfunding WHERE close_message IS NOT NULL")
            campaigns = cr.fetchall()
        for campaign_id, text in campaigns:
            chinese = translate_line(str(escape(text)), patterns)
            if chinese is not None:
                cr.execute("UPDATE dealer_crowdfunding SET close_message = %s WHERE id = %s",
                           (html.unescape(chinese), campaign_id))
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env.invalidate_all()
    print(f"chatter in zh_CN: {creations} creation notes, {lines} lines")


if __name__ == "__main__":
    main(*sys.argv[1:3])
