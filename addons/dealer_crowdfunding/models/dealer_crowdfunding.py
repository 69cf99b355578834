import logging
import math
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round

from odoo.addons.dealer_base.tools import format_qty, in_user_language, lock_rows

_logger = logging.getLogger(__name__)

CAMPAIGN_STATES = [
    ("draft", "Draft"),
    ("open", "Open"),
    ("succeeded", "Succeeded"),
    ("failed", "Failed"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
# pledges turned into orders per chunk of the closing work (one job each with a job queue)
CLOSE_CHUNK_SIZE = 20


class DealerCrowdfunding(models.Model):
    _name = "dealer.crowdfunding"
    _description = "Dealer Crowdfunding Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.eligibility.mixin", "dealer.job.mixin"]
    _order = "state_sequence, deadline, id desc"
    _check_company_auto = True

    name = fields.Char(string="Campaign", required=True, tracking=True, translate=False)
    reference = fields.Char(readonly=True, copy=False, default="/", index=True)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        CAMPAIGN_STATES, required=True, default="draft", readonly=True, copy=False, index=True, tracking=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", store=True, string="Currency")
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True,
        domain="[('share', '=', False)]",
        help="Receives the activities of the campaign (orders waiting for their balance, closing problems).",
    )
    description = fields.Html(translate=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True, tracking=True,
        domain="[('sale_ok', '=', True), ('type', '!=', 'combo')]",
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    price_unit = fields.Monetary(
        string="Campaign Price", required=True, tracking=True,
        help="Unit price of the orders created when the campaign succeeds (before taxes of the product).",
    )
    target_qty = fields.Float(
        string="Target Quantity", digits="Product Unit of Measure", required=True, tracking=True,
        help="The campaign succeeds when the pledged quantity reaches this quantity at closing.",
    )
    max_qty = fields.Float(
        string="Maximum Quantity", digits="Product Unit of Measure", required=True, tracking=True,
        help="The total of the pledges never exceeds this quantity.",
    )
    min_pledge_qty = fields.Float(
        string="Minimum per Pledge", digits="Product Unit of Measure", default=1.0, tracking=True,
        help="Smallest quantity a dealer may pledge. It replaces the usual minimum order quantity: the campaign "
        "as a whole reaches the brand's minimum.",
    )
    deadline = fields.Datetime(required=True, tracking=True, index=True)
    deposit_ratio = fields.Float(
        default=0.3, required=True, tracking=True, digits=(16, 4),
        help="Part of the tax-included amount of a pledge held on the dealer's cash wallet as a deposit "
        "(0.3 = 30%). It becomes the deposit of the order when the campaign succeeds.",
    )
    balance_due_days = fields.Integer(
        string="Balance Due (days)", default=7, tracking=True,
        help="Days after closing the dealers have to pay the balance of their orders when their wallets "
        "did not cover it at once.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse", check_company=True, tracking=True,
        help="Warehouse shipping the orders; the company's default warehouse when empty.",
    )
    # eligible dealers: dealer.eligibility.mixin (the campaign's own dealer list table)
    partner_ids = fields.Many2many(
        relation="dealer_crowdfunding_partner_rel", column1="campaign_id", column2="partner_id",
        string="Eligible Dealers",
    )
    # internal users only: a portal dealer reads its own pledges on the pledge model (record
    # rule), never the list of the other dealers' pledges of a campaign
    pledge_ids = fields.One2many(
        "dealer.crowdfunding.pledge", "campaign_id", string="Pledges", groups="dealer_base.group_dealer_user",
    )
    pledged_qty = fields.Float(
        string="Pledged Quantity", digits="Product Unit of Measure", readonly=True, copy=False, default=0.0,
        help="Quantity of the active pledges, maintained under a lock of the campaign row.",
    )
    remaining_qty = fields.Float(
        string="Remaining Quantity", digits="Product Unit of Measure", compute="_compute_remaining_qty",
    )
    progress = fields.Float(
        compute="_compute_progress", store=True, aggregator="avg",
        help="Pledged quantity in percent of the target.",
    )
    pledge_count = fields.Integer(compute="_compute_counts")
    pledger_count = fields.Integer(string="Dealers", compute="_compute_counts")
    pledged_amount = fields.Monetary(compute="_compute_counts")
    deposit_amount = fields.Monetary(compute="_compute_counts", string="Deposits")
    order_ids = fields.One2many("sale.order", "crowdfunding_campaign_id", string="Orders", readonly=True)
    order_count = fields.Integer(compute="_compute_order_count")
    batch_id = fields.Many2one(
        "stock.picking.batch", string="Shipping Batch", readonly=True, copy=False, index="btree_not_null",
        check_company=True,
    )
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    close_message = fields.Text(readonly=True, copy=False)

    _sql_constraints = [
        ("quantities_positive", "CHECK(target_qty > 0 AND max_qty >= target_qty AND min_pledge_qty >= 0)",
         "The target must be positive, the maximum at least the target and the minimum pledge not negative."),
        ("balance_days_positive", "CHECK(balance_due_days >= 0)", "The balance due days cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("state")
    def _compute_state_sequence(self):
        order = {"open": 0, "draft": 1, "succeeded": 2, "done": 3, "failed": 4, "cancel": 5}
        for campaign in self:
            campaign.state_sequence = order.get(campaign.state, 99)

    @api.depends("pledged_qty", "target_qty")
    def _compute_progress(self):
        for campaign in self:
            campaign.progress = (campaign.pledged_qty / campaign.target_qty * 100.0) if campaign.target_qty else 0.0

    @api.depends("pledged_qty", "max_qty")
    def _compute_remaining_qty(self):
        for campaign in self:
            campaign.remaining_qty = max(campaign.max_qty - campaign.pledged_qty, 0.0)

    @api.depends("pledge_ids.state", "pledge_ids.amount", "pledge_ids.deposit_amount")
    def _compute_counts(self):
        data = {}
        partners = {}
        for campaign, partner, count, amount, deposit in self.env["dealer.crowdfunding.pledge"]._read_group(
            [("campaign_id", "in", self.ids), ("state", "in", ("pledged", "ordered"))],
            ["campaign_id", "partner_id"], ["__count", "amount:sum", "deposit_amount:sum"],
        ):
            values = data.setdefault(campaign.id, [0, 0.0, 0.0])
            values[0] += count
            values[1] += amount
            values[2] += deposit
            partners.setdefault(campaign.id, set()).add(partner.id)
        for campaign in self:
            count, amount, deposit = data.get(campaign.id, (0, 0.0, 0.0))
            campaign.pledge_count = count
            campaign.pledger_count = len(partners.get(campaign.id, ()))
            campaign.pledged_amount = amount
            campaign.deposit_amount = deposit

    def _compute_order_count(self):
        counts = dict(self.env["sale.order"]._read_group(
            [("crowdfunding_campaign_id", "in", self.ids)], ["crowdfunding_campaign_id"], ["__count"],
        ))
        for campaign in self:
            campaign.order_count = counts.get(campaign, 0)

    # ------------------------------------------------------------------
    # Constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains("deposit_ratio")
    def _check_deposit_ratio(self):
        for campaign in self:
            if not 0.0 < campaign.deposit_ratio <= 1.0:
                raise ValidationError(self.env._(
                    "The deposit ratio of %(campaign)s must be above 0 and at most 1 (100%%).",
                    campaign=campaign.display_name,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["reference"] = self.env["ir.sequence"].with_company(company).next_by_code(
                    "dealer.crowdfunding") or "/"
        return super().create(vals_list)

    def write(self, vals):
        frozen = {"product_id", "price_unit", "deposit_ratio", "company_id", "min_pledge_qty"} & vals.keys()
        if frozen and any(campaign.state != "draft" for campaign in self):
            raise UserError(self.env._(
                "The product, price, deposit ratio, minimum pledge and company of a campaign cannot change "
                "once it is open: the pledges were made on them."
            ))
        if {"target_qty", "max_qty", "deadline"} & vals.keys() and any(
            campaign.state not in ("draft", "open") for campaign in self
        ):
            raise UserError(self.env._("The quantities and deadline of a closed campaign cannot change."))
        res = super().write(vals)
        if "max_qty" in vals:
            for campaign in self.filtered(lambda c: c.state == "open"):
                if float_compare(campaign.max_qty, campaign.pledged_qty,
                                 precision_rounding=campaign.product_uom_id.rounding or 0.01) < 0:
                    raise ValidationError(self.env._(
                        "The maximum quantity of %(campaign)s cannot go below what is already pledged (%(qty)s).",
                        campaign=campaign.display_name, qty=campaign.pledged_qty,
                    ))
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_pledged(self):
        if self.pledge_ids:
            raise UserError(self.env._("A campaign with pledges cannot be deleted; cancel or archive it."))

    @api.depends("name", "reference")
    def _compute_display_name(self):
        for campaign in self:
            campaign.display_name = (
                "[%s] %s" % (campaign.reference, campaign.name)
                if campaign.reference and campaign.reference != "/" else campaign.name
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _open_errors(self):
        """Reasons why the campaign cannot be opened (all at once)."""
        self.ensure_one()
        errors = []
        if not self.product_id:
            errors.append(self.env._("Choose the product of the campaign."))
        elif not self.product_id.sale_ok or not self.product_id.active:
            errors.append(self.env._("%(product)s cannot be sold.", product=self.product_id.display_name))
        if self.currency_id.compare_amounts(self.price_unit, 0.0) <= 0:
            errors.append(self.env._("The campaign price must be positive."))
        if self.target_qty <= 0:
            errors.append(self.env._("The target quantity must be positive."))
        if self.max_qty < self.target_qty:
            errors.append(self.env._("The maximum quantity must be at least the target quantity."))
        if self.min_pledge_qty <= 0:
            errors.append(self.env._("The minimum pledge must be positive."))
        elif self.min_pledge_qty > self.max_qty:
            errors.append(self.env._("The minimum pledge cannot exceed the maximum quantity."))
        if not self.deadline or self.deadline <= fields.Datetime.now():
            errors.append(self.env._("The deadline must be in the future."))
        if not 0.0 < self.deposit_ratio <= 1.0:
            errors.append(self.env._("The deposit ratio must be above 0 and at most 1 (100%)."))
        return errors

    def action_open(self):
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(self.env._("Only draft campaigns can be opened (%(campaign)s).",
                                           campaign=campaign.display_name))
            errors = campaign._open_errors()
            if errors:
                raise UserError(self.env._(
                    "%(campaign)s cannot be opened:\n%(errors)s",
                    campaign=campaign.display_name, errors="\n".join("- %s" % error for error in errors),
                ))
        self.write({"state": "open"})
        return True

    def action_close(self):
        """Close open campaigns: success → one confirmed order per pledge, shipped in one
        batch; failure → deposits released. Idempotent: closed campaigns are skipped."""
        self.check_access("write")
        for campaign in self:
            campaign._close()
        return True

    def action_cancel(self):
        self.check_access("write")
        for campaign in self:
            campaign._lock()
            if campaign.state == "cancel":
                continue
            if campaign.state not in ("draft", "open"):
                raise UserError(self.env._(
                    "%(campaign)s is closed; cancel its orders instead.", campaign=campaign.display_name))
            campaign.pledge_ids.filtered(lambda p: p.state == "pledged")._release_deposit("cancelled")
            campaign._set_pledged_qty()
            campaign.write({"state": "cancel", "date_closed": fields.Datetime.now()})
            campaign.message_post(body=self.env._("Campaign cancelled; the deposits were released."))
        return True

    def action_draft(self):
        for campaign in self:
            if campaign.state != "cancel" or campaign.pledge_ids.filtered(lambda p: p.state in ("pledged", "ordered")):
                raise UserError(self.env._("Only cancelled campaigns without active pledges go back to draft."))
        self.write({"state": "draft", "date_closed": False, "close_message": False})
        return True

    def action_done(self):
        for campaign in self:
            if campaign.state != "succeeded":
                raise UserError(self.env._("Only succeeded campaigns can be set to done (%(campaign)s).",
                                           campaign=campaign.display_name))
        self.write({"state": "done"})
        return True

    def action_pledge_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register a Pledge"),
            "res_model": "dealer.crowdfunding.pledge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("crowdfunding_campaign_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_view_batch(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking.batch",
            "view_mode": "form",
            "res_id": self.batch_id.id,
        }

    def action_view_pledges(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_crowdfunding.dealer_crowdfunding_pledge_action")
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Locking
    # ------------------------------------------------------------------
    def _lock(self):
        """Lock the campaign rows (ordered by id) and reload what the pledges change.

        Every pledge, cancellation and closing takes this lock first, so they are
        serialized per campaign; under REPEATABLE READ a transaction that read the
        row before a concurrent committed change fails here with a serialization
        error and is retried by the caller (RPC layer, cron), reading fresh data.
        """
        return lock_rows(self, ["state", "pledged_qty", "max_qty", "target_qty", "deadline", "batch_id"])

    def _set_pledged_qty(self):
        """Store the quantity of the active pledges (campaign row locked)."""
        self.ensure_one()
        self.env["dealer.crowdfunding.pledge"].flush_model(["campaign_id", "qty", "state"])
        self.env.cr.execute(SQL(
            "SELECT COALESCE(SUM(qty), 0) FROM dealer_crowdfunding_pledge "
            "WHERE campaign_id = %s AND state IN ('pledged', 'ordered')", self.id,
        ))
        qty = self.env.cr.fetchone()[0]
        # sudo: the pledged quantity is a counter the pledge API maintains under the
        # campaign lock; the dealers and salespeople pledging cannot edit campaigns.
        self.sudo().write({"pledged_qty": qty})
        return qty

    # ------------------------------------------------------------------
    # Eligibility and amounts
    # ------------------------------------------------------------------
    def _pledge_fiscal_position(self, partner):
        self.ensure_one()
        partner = partner.commercial_partner_id
        delivery = partner.address_get(["delivery"])["delivery"]
        return self.env["account.fiscal.position"].with_company(self.company_id)._get_fiscal_position(
            partner, delivery=self.env["res.partner"].browse(delivery),
        )

    def _compute_pledge_amounts(self, partner, qty):
        """``(tax-included amount, deposit)`` of a pledge of ``qty`` by ``partner``.

        Computed like the order line the pledge becomes: the product's taxes of the
        company mapped by the dealer's fiscal position, on the campaign price.
        """
        self.ensure_one()
        company = self.company_id
        product = self.product_id.with_company(company)
        taxes = product.taxes_id._filter_taxes_by_company(company)
        if taxes:
            taxes = self._pledge_fiscal_position(partner).map_tax(taxes)
        currency = self.currency_id
        if taxes:
            total = taxes.compute_all(
                self.price_unit, currency=currency, quantity=qty, product=product,
                partner=partner.commercial_partner_id,
            )["total_included"]
        else:
            total = self.price_unit * qty
        total = currency.round(total)
        return total, currency.round(total * self.deposit_ratio)

    # ------------------------------------------------------------------
    # Pledging (public API, also used by the dealer portal)
    # ------------------------------------------------------------------
    def _pledge_errors(self, partner, qty):
        """Reasons why ``partner`` cannot pledge ``qty`` now (campaign row locked)."""
        self.ensure_one()
        errors = []
        rounding = self.product_uom_id.rounding or 0.01
        if self.state != "open":
            state = dict(self._fields["state"]._description_selection(self.env))[self.state]
            return [self.env._("%(campaign)s is not open for pledges (it is %(state)s).",
                               campaign=self.display_name, state=state)]
        if fields.Datetime.now() >= self.deadline:
            return [self.env._("The deadline of %(campaign)s (%(deadline)s) has passed.",
                               campaign=self.display_name,
                               deadline=fields.Datetime.to_string(self.deadline))]
        if not partner.is_dealer:
            return [self.env._("%(partner)s is not a dealer.", partner=partner.display_name)]
        if partner.dealer_state != "active":
            errors.append(self.env._("Dealer %(dealer)s is not active.", dealer=partner.display_name))
        if not isinstance(qty, int | float) or not math.isfinite(qty):
            # NaN and infinities compare as nothing else does: refused before any comparison
            return errors + [self.env._("The pledged quantity must be a number.")]
        remaining = self.max_qty - self.pledged_qty
        if abs(qty) > 2 * max(abs(self.max_qty), 1.0):
            # beyond any pledge of this campaign, said without Odoo's rounding (which overflows
            # near the float limit)
            if qty < 0:
                return errors + [self.env._("The pledged quantity must be positive.")]
            return errors + [self._pledge_remaining_error(remaining)]
        if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
            errors.append(self.env._("The pledged quantity must be positive."))
        elif float_compare(float_round(qty, precision_rounding=rounding), qty, precision_digits=10):
            errors.append(self.env._(
                "%(qty)s is finer than the unit %(uom)s allows (steps of %(step)s).",
                qty=repr(qty), uom=self.product_uom_id.name, step=format_qty(rounding, rounding),
            ))
        elif float_compare(qty, self.min_pledge_qty, precision_rounding=rounding) < 0:
            errors.append(self.env._(
                "%(qty)s %(uom)s is below the minimum pledge of %(min)s %(uom)s.",
                qty=qty, min=self.min_pledge_qty, uom=self.product_uom_id.name,
            ))
        if float_compare(qty, remaining, precision_rounding=rounding) > 0:
            errors.append(self._pledge_remaining_error(remaining))
        if not self._is_dealer_eligible(partner):
            errors.append(self.env._("%(dealer)s is not eligible for %(campaign)s.",
                                     dealer=partner.display_name, campaign=self.display_name))
        errors.extend(self._pledge_product_errors(partner))
        return errors

    def _pledge_remaining_error(self, remaining):
        return self.env._(
            "Only %(remaining)s %(uom)s are left in %(campaign)s (maximum %(max)s %(uom)s).",
            remaining=max(remaining, 0.0), uom=self.product_uom_id.name, campaign=self.display_name,
            max=self.max_qty,
        )

    def _pledge_product_errors(self, partner):
        """Product checks the order confirmation will make: pool and sales region.

        Hook: extend to add checks of other modules.
        """
        self.ensure_one()
        errors = []
        product = self.product_id
        dealer = partner.with_company(self.company_id)
        if dealer._dealer_unauthorized_catalog_products(product):
            errors.append(self.env._(
                "%(dealer)s may not order %(product)s: the product is not in the dealer's product pools.",
                dealer=partner.display_name, product=product.display_name,
            ))
        if product.type != "service":
            address = self.env["res.partner"].browse(partner.address_get(["delivery"])["delivery"])
            if partner._dealer_unauthorized_products(address, product, fields.Date.context_today(self)):
                errors.append(self.env._(
                    "Cross-region sale: %(dealer)s is not authorized to receive %(product)s at %(address)s.",
                    dealer=partner.display_name, product=product.display_name, address=address.display_name,
                ))
        return errors

    def pledge(self, partner, qty):
        """Pledge ``qty`` of the campaign's product for the dealer ``partner``.

        The deposit (deposit ratio × the tax-included amount) is reserved on the
        dealer's cash wallet. The campaign row is locked first, so concurrent
        pledges never exceed ``max_qty``. Raises a UserError listing every problem;
        nothing is written then.

        :return: the dealer.crowdfunding.pledge created
        """
        self.ensure_one()
        # pledging is creating a pledge: refuse users without that right before any lock or check
        self.env["dealer.crowdfunding.pledge"].check_access("create")
        if isinstance(partner, int):
            partner = self.env["res.partner"].browse(partner)
        partner = partner.commercial_partner_id
        self._lock()
        errors = self._pledge_errors(partner, qty)
        wallet = self.env["dealer.wallet"]
        amount = deposit = 0.0
        if not errors:
            amount, deposit = self._compute_pledge_amounts(partner, qty)
            wallet = self.env["dealer.wallet"]._get_wallet(partner, "cash", company=self.company_id, create=False)
            if not wallet or not wallet.active:
                errors.append(self.env._(
                    "%(dealer)s has no cash wallet to pay the deposit of %(deposit)s.",
                    dealer=partner.display_name, deposit=self.currency_id.format(deposit),
                ))
            else:
                wallet._lock()
                available = wallet._get_bucket_available()
                if self.currency_id.compare_amounts(deposit, available) > 0:
                    errors.append(self.env._(
                        "The deposit of %(deposit)s exceeds what %(dealer)s has available in its cash wallet "
                        "(%(available)s).",
                        deposit=self.currency_id.format(deposit), dealer=partner.display_name,
                        available=self.currency_id.format(available),
                    ))
        if errors:
            raise UserError("\n".join(errors))
        pledge = self.env["dealer.crowdfunding.pledge"].create({
            "campaign_id": self.id,
            "partner_id": partner.id,
            "qty": qty,
            "amount": amount,
            "deposit_amount": deposit,
            "wallet_id": wallet.id,
        })
        pledge._reserve_deposit()
        self._set_pledged_qty()
        return pledge

    def portal_pledge(self, qty):
        """Pledge for the commercial partner of the current (portal) user.

        The dealer pledges for itself only: the partner is taken from the user,
        never from the request. The user must be able to read the campaign (the
        record rules show portal dealers the open campaigns they are eligible for).
        """
        self.ensure_one()
        self.check_access("read")
        partner = self.env.user.commercial_partner_id
        # sudo: the campaign is readable by the user (checked above) and the pledge is
        # made for the user's own company only, with every business check of pledge();
        # portal users have no create right on pledges nor write on wallets.
        return self.sudo().pledge(partner, qty).sudo(False)

    # ------------------------------------------------------------------
    # Closing
    # ------------------------------------------------------------------
    def _close(self):
        """Decide the outcome of the campaign and hand the pledges to the closing work.

        The state changes at once (no pledge is taken any more); the pledges are then
        turned into orders (success) or released (failure) chunk by chunk through
        :meth:`_dealer_run_chunks`: inline in this transaction without a job queue, one job
        per chunk with it. Each chunk is idempotent: it only takes pledges still pledged.
        """
        self.ensure_one()
        self._lock()
        if self.state != "open":
            return False  # already closed (idempotent)
        qty = self._set_pledged_qty()
        pledges = self.pledge_ids.filtered(lambda p: p.state == "pledged").sorted("id")
        rounding = self.product_uom_id.rounding or 0.01
        now = fields.Datetime.now()
        if pledges and float_compare(qty, self.target_qty, precision_rounding=rounding) >= 0:
            self.write({"state": "succeeded", "date_closed": now})
            self._dealer_run_chunks(
                "_close_success_chunk", pledges.ids, finish="_close_success_finish",
                chunk_size=CLOSE_CHUNK_SIZE, description=self.env._("Crowdfunding close (orders)"),
            )
        else:
            message = self.env._(
                "Target missed: %(qty)s of %(target)s %(uom)s pledged. %(count)s deposit(s) released.",
                qty=format_qty(sum(pledges.mapped("qty"))), target=format_qty(self.target_qty),
                uom=self.product_uom_id.name, count=len(pledges),
            )
            self.write({"state": "failed", "date_closed": now, "close_message": message})
            self._dealer_run_chunks(
                "_close_failure_chunk", pledges.ids, finish="_close_failure_finish",
                chunk_size=CLOSE_CHUNK_SIZE, description=self.env._("Crowdfunding close (deposits)"),
            )
        return True

    def _close_pledges_todo(self, pledge_ids):
        """The pledges of ``pledge_ids`` of this campaign still pledged (rows locked, so a
        chunk run twice at once waits and then finds nothing left)."""
        self.ensure_one()
        pledges = self.env["dealer.crowdfunding.pledge"].browse(pledge_ids).exists()
        lock_rows(pledges, ["state"])
        return pledges.filtered(lambda p: p.campaign_id == self and p.state == "pledged").sorted("id")

    def _close_failure_chunk(self, pledge_ids):
        """Release the deposits of the given pledges (idempotent per pledge)."""
        self.ensure_one()
        if self.state != "failed":
            return 0
        pledges = self._close_pledges_todo(pledge_ids)
        pledges._release_deposit("released")
        return len(pledges)

    def _close_failure_finish(self):
        self.ensure_one()
        self._lock()
        if self.state != "failed" or self.pledge_ids.filtered(lambda p: p.state == "pledged"):
            return
        self._set_pledged_qty()
        self.message_post(body=self.close_message)

    def _close_due_date(self):
        """Balance due date of the orders: counted from the close."""
        self.ensure_one()
        return fields.Date.context_today(self, self.date_closed) + timedelta(days=self.balance_due_days)

    def _close_success_chunk(self, pledge_ids):
        """Turn the given pledges into confirmed orders and pay their balances from the
        wallets when they cover it (idempotent per pledge: an ordered pledge is skipped)."""
        self.ensure_one()
        if self.state != "succeeded":
            return 0
        pledges = self._close_pledges_todo(pledge_ids)
        due_date = self._close_due_date()
        orders = self.env["sale.order"]
        for pledge in pledges:
            orders |= pledge._make_order(due_date)
        for order in orders:
            order._crowdfunding_try_pay_balance()
        return len(pledges)

    def _close_success_finish(self):
        """Once every pledge is an order: one shipping batch, the closing message and the
        activity for the balances still to collect (idempotent: done once)."""
        self.ensure_one()
        self._lock()
        if self.state != "succeeded" or self.batch_id or self.close_message:
            return
        if self.pledge_ids.filtered(lambda p: p.state == "pledged"):
            return  # a chunk did not run (yet): finished by the last one
        orders = self.order_ids.filtered(lambda order: order.state != "cancel")
        waiting = orders.filtered(lambda order: order.deposit_state != "balance_paid")
        due_date = self._close_due_date()
        batch = self._create_batch(orders)
        message = self.env._(
            "Target reached: %(qty)s of %(target)s %(uom)s pledged. %(count)s order(s) confirmed, "
            "%(waiting)s waiting for their balance (due %(due)s).",
            qty=format_qty(self.pledged_qty), target=format_qty(self.target_qty), uom=self.product_uom_id.name,
            count=len(orders), waiting=len(waiting), due=due_date,
        )
        self.write({"close_message": message, "batch_id": batch.id})
        self.message_post(body=message)
        if waiting and self.user_id:
            self.activity_schedule(
                "mail.mail_activity_data_todo", date_deadline=due_date, user_id=self.user_id.id,
                summary=self.env._("Balances to collect"),
                note=self.env._("Orders waiting for their balance: %(orders)s",
                                orders=", ".join(waiting.mapped("name"))),
            )

    def _create_batch(self, orders):
        """One batch transfer with the first-step pickings of the orders, so they ship together."""
        pickings = orders.picking_ids.filtered(
            lambda picking: picking.state not in ("done", "cancel") and not picking.move_ids.move_orig_ids
        )
        if not pickings:
            return self.env["stock.picking.batch"]
        return self.env["stock.picking.batch"].create({
            "description": self.display_name,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "picking_ids": [Command.set(pickings.ids)],
        })

    def _check_done(self):
        """Succeeded campaigns whose orders are all delivered (or cancelled) become done."""
        for campaign in self.filtered(lambda c: c.state == "succeeded" and c.close_message):
            orders = campaign.order_ids.filtered(lambda order: order.state != "cancel")
            pickings = orders.picking_ids
            if orders and pickings and all(picking.state in ("done", "cancel") for picking in pickings) and any(
                picking.state == "done" for picking in pickings
            ):
                campaign.write({"state": "done"})
                campaign.message_post(body=self.env._("All the orders of the campaign are delivered."))

    @api.model
    @in_user_language
    def _cron_close_expired(self, limit=50):
        """Close the open campaigns whose deadline passed.

        A campaign that cannot be closed (e.g. a dealer's order no longer passes its
        confirmation checks) is left open, with the reason on its chatter and an
        activity for its responsible; the others are closed.
        """
        campaigns = self.search([("state", "=", "open"), ("deadline", "<=", fields.Datetime.now())], limit=limit)
        for campaign in campaigns:
            try:
                with self.env.cr.savepoint():
                    campaign._close()
            except (UserError, ValidationError) as error:
                _logger.warning("Crowdfunding campaign %s could not be closed: %s", campaign.id, error)
                campaign._notify_close_error(str(error))
        return campaigns

    def _notify_close_error(self, error):
        self.ensure_one()
        summary = self.env._("Campaign could not be closed")
        self.message_post(body=self.env._("The campaign could not be closed: %(error)s", error=error))
        if self.user_id and not self.activity_ids.filtered(lambda activity: activity.summary == summary):
            self.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.user_id.id, summary=summary, note=error,
            )
