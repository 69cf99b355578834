"""The test factory of the suite: dealers, their portal users, and the files they upload.

Every module's tests build their dealers and portal buyers with these two functions
(their fixtures only add their own defaults), so a change to what makes a dealer is
made once.
"""

import io

import openpyxl

from odoo.addons.mail.tests.common import mail_new_test_user


def create_dealer(env, name, level=None, state=None, parent=None, tier=None, **vals):
    """An active dealer company.

    :param level: a ``dealer.level`` (default: level 1)
    :param state: its province (``res.country.state``; the country follows)
    :param parent: its upline dealer
    :param tier: its ``dealer.tier``
    :param vals: any other field of the partner
    """
    values = {
        "name": name,
        "is_company": True,
        "dealer_level_id": (level or env.ref("dealer_base.dealer_level_l1")).id,
        "dealer_state": "active",
    }
    if state:
        values.update(state_id=state.id, country_id=state.country_id.id)
    if parent:
        values["dealer_parent_id"] = parent.id
    if tier:
        values["dealer_tier_id"] = tier.id
    return env["res.partner"].create({**values, **vals})


def create_portal_user(env, partner, login, name=None, **kwargs):
    """A portal user buying for ``partner`` (a contact of a dealer, or the dealer itself);
    its password is its login."""
    return mail_new_test_user(
        env, login=login, password=login, name=name or partner.name, groups="base.group_portal",
        partner_id=partner.id, email=kwargs.pop("email", f"{login}@example.com"), **kwargs,
    )


def xlsx_file(rows):
    """The bytes of a one-sheet workbook holding ``rows`` (lists of cell values)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
