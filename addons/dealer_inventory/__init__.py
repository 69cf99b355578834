from odoo.tools import SQL

from . import models
from . import wizards
from .models.dealer_channel_stock import ROLLUP_DIRTY_TABLE, ROLLUP_TABLE, ROLLUP_TRIGGER_FUNCTION


def uninstall_hook(env):
    """Drop what the channel stock keeps beside its model's table: the rollup, its noted keys and
    the function of the triggers that note them (Odoo drops the models' own tables)."""
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(ROLLUP_TRIGGER_FUNCTION)))
    for table in (ROLLUP_TABLE, ROLLUP_DIRTY_TABLE):
        env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(table)))
