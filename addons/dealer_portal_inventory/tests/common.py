from datetime import timedelta

from odoo import Command, fields

from odoo.addons.dealer_portal.tests.common import DealerPortalHttpCommon


class DealerPortalInventoryCommon(DealerPortalHttpCommon):
    """The portal fixture; ``dealer`` received 30 × item A three days ago, ``dealer_b`` 40 × item A
    and counted them yesterday, in a lot expiring in 10 days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls._sell_in(cls.dealer, cls.item_a, 30)
        cls._sell_in(cls.dealer_b, cls.item_a, 40)
        cls.count_b = cls.env["dealer.inventory.report"].create({
            "partner_id": cls.dealer_b.id, "report_type": "stock", "date": cls.today - timedelta(days=1),
            "line_ids": [Command.create({"product_id": cls.item_a.id, "quantity": 40, "lot_name": "B-LOT-9",
                                         "expiration_date": cls.today + timedelta(days=10)})],
        })
        cls.count_b.action_done()

    @classmethod
    def _sell_in(cls, dealer, product, qty):
        order = cls.env["sale.order"].create({
            "partner_id": dealer.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty, "price_unit": 10.0,
                                           "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking._action_done()
        picking.move_ids.date = fields.Datetime.now() - timedelta(days=3)
        cls.env.flush_all()
        return order
