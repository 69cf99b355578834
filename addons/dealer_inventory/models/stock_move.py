from functools import partial

from odoo import api, models
from odoo.tools import SQL

# states in which a delivery to a dealer is in transit
TRANSIT_STATES = ("confirmed", "waiting", "partially_available", "assigned")
# fields of a move whose change can change a dealer's channel stock
CHANNEL_FIELDS = {"state", "date", "quantity", "product_uom_qty", "product_qty", "product_uom", "product_id",
                  "picking_id", "location_id", "location_dest_id", "company_id"}
# of them, those that may change the dealer or product a move feeds
STRUCTURAL_FIELDS = {"product_id", "picking_id", "location_id", "location_dest_id", "company_id"}


class StockMove(models.Model):
    _inherit = "stock.move"

    def _dealer_channel_keys(self):
        """``(dealer ids, product ids)`` whose channel stock these moves feed: the dealer a
        picking goes to (its commercial partner) and the dealer fulfilling its order."""
        if not self.ids:
            return set(), set()
        for model in ("stock.move", "stock.picking", "sale.order", "res.partner"):
            self.env[model].flush_model()
        self.env.cr.execute(SQL(
            """
            SELECT cp.id, m.product_id
              FROM stock_move m
              JOIN stock_picking p ON p.id = m.picking_id
              JOIN res_partner addr ON addr.id = p.partner_id
              JOIN res_partner cp ON cp.id = addr.commercial_partner_id AND cp.is_dealer
             WHERE m.id = ANY(%(ids)s)
             UNION
            SELECT so.fulfillment_dealer_id, m.product_id
              FROM stock_move m
              JOIN stock_picking p ON p.id = m.picking_id
              JOIN sale_order so ON so.id = p.sale_id AND so.fulfillment_dealer_id IS NOT NULL
             WHERE m.id = ANY(%(ids)s)
            """,
            ids=self.ids,
        ))
        rows = self.env.cr.fetchall()
        return {row[0] for row in rows}, {row[1] for row in rows}

    def _dealer_channel_feeding(self):
        """Those of these moves that feed a dealer's channel stock now: a picking to an address
        of a dealer, or of an order a dealer fulfills — :meth:`_dealer_channel_keys`' rule, read
        through the ORM (the moves a confirmation writes, their picking and order are in the
        cache), so that the moves of other customers cost no query. A partner that becomes a
        dealer later has all its rows refreshed then (``res.partner``). Read as superuser: a
        warehouse user validating the delivery of an order that is not his own may not read
        that order (sales' "own documents" rule), and this bookkeeping must not stop him."""
        feeding = self.sudo().filtered(lambda move: move.picking_id and (
            move.picking_id.partner_id.commercial_partner_id.is_dealer
            or move.picking_id.sale_id.fulfillment_dealer_id
        ))
        return self.browse(feeding.ids)

    def _dealer_channel_remarked(self, write):
        """Run ``write()``, a change that may move these moves to another dealer (their
        picking's partner, their order's fulfilling dealer), and note the channel stock rows
        they feed before and after it: those they leave and those they join.

        :return: what ``write()`` returns"""
        moves = self.filtered(lambda move: move.state == "done" or move.state in TRANSIT_STATES)
        Stock = self.env["dealer.channel.stock"].sudo()
        if moves:
            Stock._dealer_mark(*moves._dealer_channel_keys())
        result = write()
        if moves:
            Stock._dealer_mark(move_ids=moves.ids)
        return result

    def _dealer_channel_relevant(self, vals):
        """Whether writing ``vals`` on these moves may change a channel stock figure: a move
        entering or leaving the done or in-transit states, or a done / in-transit move changed."""
        fnames = set(vals) & CHANNEL_FIELDS
        if not fnames:
            return False
        if fnames == {"state"}:
            new = vals["state"]
            return any((move.state == "done") != (new == "done")
                       or (move.state in TRANSIT_STATES) != (new in TRANSIT_STATES) for move in self)
        return any(move.state == "done" or move.state in TRANSIT_STATES or "state" in fnames for move in self)

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        # a move created in transit or done (a backorder's split, a move of an import)
        counted = moves.filtered(lambda move: move.state == "done" or move.state in TRANSIT_STATES)
        counted = counted._dealer_channel_feeding() if counted else counted
        if counted:
            self.env["dealer.channel.stock"].sudo()._dealer_mark(move_ids=counted.ids)
        return moves

    def write(self, vals):
        moves = self.filtered("id") if self._dealer_channel_relevant(vals) else self.browse()
        Stock = self.env["dealer.channel.stock"].sudo()
        if moves and STRUCTURAL_FIELDS & set(vals):
            # the dealer or product a move feeds may change: its rows before the change too
            before = moves._dealer_channel_feeding()
            if before:
                Stock._dealer_mark(*before._dealer_channel_keys())
        result = super().write(vals)
        after = moves._dealer_channel_feeding() if moves else moves
        if after:
            Stock._dealer_mark(move_ids=after.ids)
        return result

    def unlink(self):
        moves = self.filtered(lambda move: move.state in TRANSIT_STATES)
        if moves:
            self.env["dealer.channel.stock"].sudo()._dealer_mark(*moves._dealer_channel_keys())
        return super().unlink()


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def write(self, vals):
        if "partner_id" not in vals and "sale_id" not in vals:
            return super().write(vals)
        return self.move_ids._dealer_channel_remarked(partial(super().write, vals))
