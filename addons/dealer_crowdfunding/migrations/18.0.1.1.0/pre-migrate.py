"""The crowdfunding order flow moved from dealer_order to this module: its selection
value on the flow fields (dealer.order.flow.code, sale.order.dealer_flow,
dealer.review.log.dealer_flow) and the main company's flow configuration.

Their xml ids become this module's before it is loaded: the selection values are
then reflected as this module's, and Odoo's cleanup at the end of the upgrade does
not delete them as records dealer_order no longer defines (deleting a selection
value runs its ondelete: the flows would be deleted, the orders made regular).
The data file finds the main company's flow under its new xml id and creates no
second one.
"""
from odoo.tools import SQL

MODULE = "dealer_crowdfunding"
FLOW_FIELDS = [("dealer.order.flow", "code"), ("sale.order", "dealer_flow"), ("dealer.review.log", "dealer_flow")]
FLOW_XMLID = "dealer_order_flow_crowdfunding"


def migrate(cr, version):
    names = (FLOW_XMLID, *("selection__%s__%s__crowdfunding" % (model.replace(".", "_"), field)
                            for model, field in FLOW_FIELDS))
    cr.execute(SQL(
        """UPDATE ir_model_data d SET module = %(module)s
            WHERE d.module = 'dealer_order' AND d.name IN %(names)s
              AND NOT EXISTS (SELECT 1 FROM ir_model_data o WHERE o.module = %(module)s AND o.name = d.name)""",
        module=MODULE, names=names,
    ))
    cr.execute(SQL("DELETE FROM ir_model_data WHERE module = 'dealer_order' AND name IN %s", names))
    # a main company's flow that lost its xml id (deleted, then created again on first
    # use) takes the data record's: the data file would create a second one
    cr.execute(SQL(
        """INSERT INTO ir_model_data (module, name, model, res_id, noupdate)
           SELECT %(module)s, %(name)s, 'dealer.order.flow', f.id, TRUE
             FROM dealer_order_flow f
             JOIN ir_model_data c ON c.module = 'base' AND c.name = 'main_company' AND c.res_id = f.company_id
            WHERE f.code = 'crowdfunding'
              AND NOT EXISTS (SELECT 1 FROM ir_model_data o WHERE o.module = %(module)s AND o.name = %(name)s)
            ORDER BY f.id
            LIMIT 1""",
        module=MODULE, name=FLOW_XMLID,
    ))
