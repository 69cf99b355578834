"""The flows are those of dealer_order and of the modules that add theirs (selection_add
with their configuration in their own data). Once every module is loaded, a flow
no installed module offers any more (earlier versions created the configurations of
every flow they knew for every company) is what its module's ondelete policies make
of it at uninstall: its configurations go with their numbering, its orders are
regular orders, its review log entries have no flow."""
import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    Flow = env["dealer.order.flow"].with_context(active_test=False)
    codes = tuple(code for code, _label in Flow._fields["code"]._description_selection(env))
    flows = Flow.search([("code", "not in", codes)])
    if flows:
        _logger.info("dealer_order: flow configurations removed (no module offers their flow): %s",
                     ", ".join(sorted(set(flows.mapped("code")))))
        sequences = flows.sequence_id
        flows.unlink()
        sequences.unlink()
    cr.execute(SQL("UPDATE sale_order SET dealer_flow = 'regular' WHERE dealer_flow NOT IN %s", codes))
    if cr.rowcount:
        _logger.warning("dealer_order: %s orders of a flow no module offers are regular orders now", cr.rowcount)
    cr.execute(SQL("UPDATE dealer_review_log SET dealer_flow = NULL WHERE dealer_flow NOT IN %s", codes))
