"""The profit-share kind of rebate policy moved to the bridge module
dealer_rebate_profit_share (dealer_order × dealer_rebate).

Its records (the selection values of the kind, the demo policy) now belong to the
bridge, which is installed in the same upgrade when dealer_order is installed, so
the policies, settlement lines and settled profit shares keep their data. Without
dealer_order no profit share can be settled: such policies are archived.
"""
import logging

_logger = logging.getLogger(__name__)

BRIDGE = "dealer_rebate_profit_share"


def migrate(cr, version):
    cr.execute(
        """
        UPDATE ir_model_data
           SET module = %s
         WHERE module = 'dealer_rebate'
           AND (name = 'demo_policy_profit_share'
                OR (model = 'ir.model.fields.selection'
                    AND name LIKE 'selection\\_\\_%%\\_\\_kind\\_\\_profit\\_share'))
        """,
        [BRIDGE],
    )
    cr.execute("SELECT state FROM ir_module_module WHERE name = 'dealer_order'")
    row = cr.fetchone()
    if row and row[0] in ("installed", "to upgrade"):
        cr.execute("UPDATE ir_module_module SET state = 'to install' WHERE name = %s AND state = 'uninstalled'",
                   [BRIDGE])
        if cr.rowcount:
            _logger.info("dealer_rebate: %s will be installed (profit-share policies)", BRIDGE)
        return
    cr.execute("UPDATE dealer_rebate_policy SET active = FALSE, kind = 'volume' WHERE kind = 'profit_share'")
    if cr.rowcount:
        _logger.warning("dealer_rebate: %s profit-share policies archived (dealer_order is not installed)",
                        cr.rowcount)
    cr.execute("DELETE FROM dealer_rebate_accrual WHERE kind = 'profit_share'")
