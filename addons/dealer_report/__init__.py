from odoo.tools import SQL

from . import models
from . import wizards
from .models.dealer_sales_analysis import ROLLUP_TABLE


def uninstall_hook(env):
    """Drop what the analysis keeps beside its model's table: the dealer × month rollup and the
    index on the orders' write date (Odoo drops the models' own tables)."""
    env.cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(ROLLUP_TABLE)))
    env.cr.execute(SQL("DROP INDEX IF EXISTS sale_order_dealer_report_write_date_idx"))
