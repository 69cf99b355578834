from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# fields of a done report that may still change (the link to its reversal, the chatter)
DONE_WRITABLE_FIELDS = {"reversal_id", "message_main_attachment_id"}
# fields only the report's own actions set (never a client, e.g. a dealer's system over RPC)
PROTECTED_FIELDS = {"state", "reversal_id", "reversal_of_id"}


class DealerInventoryReport(models.Model):
    """What a dealer tells of its stock: a count at a date (``stock``) or what it sold over a
    period (``sellout``). Validated reports feed the channel stock; a done sell-out report is
    corrected by its reversal, never edited."""

    _name = "dealer.inventory.report"
    _description = "Dealer Inventory Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/", tracking=True)
    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, index=True, tracking=True, check_company=True,
        domain="[('is_dealer', '=', True), ('is_company', '=', True)]",
        help="The reporting dealer (its commercial partner).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True,
    )
    report_type = fields.Selection(
        [("stock", "Stock Count"), ("sellout", "Sell-out")],
        string="Type", required=True, default="sellout", tracking=True,
        help="Stock Count: what the dealer holds at the date.\nSell-out: what it sold from the start date to the date.",
    )
    date = fields.Date(
        required=True, default=fields.Date.context_today, index=True, tracking=True,
        help="Date of the count, or last day of the sell-out period.",
    )
    date_from = fields.Date(string="From", tracking=True, help="First day of the sell-out period.")
    line_ids = fields.One2many("dealer.inventory.report.line", "report_id", string="Lines", copy=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True, default="draft", readonly=True, copy=False, index=True, tracking=True,
    )
    source = fields.Selection(
        [("backend", "Backend"), ("portal", "Portal"), ("import", "Import"), ("rpc", "Dealer's System")],
        required=True, default="backend", readonly=True, tracking=True,
    )
    reversal_of_id = fields.Many2one(
        "dealer.inventory.report", string="Reverses", readonly=True, copy=False, index="btree_not_null",
        help="The done sell-out report this one cancels out.",
    )
    reversal_id = fields.Many2one(
        "dealer.inventory.report", string="Reversed by", readonly=True, copy=False, index="btree_not_null",
    )
    note = fields.Text()
    total_qty = fields.Float(
        string="Total Quantity", compute="_compute_total_qty", store=True, digits="Product Unit of Measure",
    )
    line_count = fields.Integer(compute="_compute_total_qty", store=True, string="# Lines")

    _sql_constraints = [
        ("sellout_period", "CHECK(report_type != 'sellout' OR (date_from IS NOT NULL AND date_from <= date))",
         "A sell-out report needs a period whose start is not after its end."),
    ]

    @api.depends("line_ids.quantity")
    def _compute_total_qty(self):
        for report in self:
            report.total_qty = sum(report.line_ids.mapped("quantity"))
            report.line_count = len(report.line_ids)

    @api.constrains("partner_id")
    def _check_partner(self):
        for report in self:
            if not report.partner_id.is_dealer or report.partner_id != report.partner_id.commercial_partner_id:
                raise ValidationError(self.env._(
                    "%(partner)s is not a dealer: only dealers report their stock and sell-out.",
                    partner=report.partner_id.display_name,
                ))

    @api.constrains("date", "date_from")
    def _check_dates(self):
        for report in self:
            today = fields.Date.context_today(report)
            if report.date > today:
                raise ValidationError(self.env._(
                    "%(report)s: the date %(date)s is in the future.", report=report.name, date=report.date))

    def _check_protected_fields(self, fnames):
        # the actions write them as superuser once they have checked the report as the user
        if PROTECTED_FIELDS & set(fnames) and not self.env.su:
            raise UserError(self.env._("The state and reversals of a report are set by its actions only."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_protected_fields(vals)
            if vals.get("report_type") == "stock":
                vals["date_from"] = False
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - DONE_WRITABLE_FIELDS - {"state"} and any(r.state != "draft" for r in self):
            raise UserError(self.env._("A validated or cancelled report cannot be changed: reverse it instead."))
        self._check_protected_fields(vals)
        counted = self.filtered(lambda report: report.state == "done") if "state" in vals else self.browse()
        result = super().write(vals)
        if "state" in vals:
            counted |= self.filtered(lambda report: report.state == "done")
        if counted:
            # a report entering (or leaving) the done state changes its dealer's figures
            self.env["dealer.channel.stock"].sudo()._dealer_mark(report_ids=counted.ids)
        return result

    def unlink(self):
        if any(report.state == "done" for report in self):
            raise UserError(self.env._("A validated report cannot be deleted: reverse it instead."))
        return super().unlink()

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for report in self:
            report.display_name = f"{report.name} · {report.partner_id.name}" if report.partner_id else report.name

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        """Validate draft reports: they then count in the channel stock."""
        self.check_access("write")
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only draft reports can be validated."))
        errors = self._dealer_validation_errors()
        if errors:
            raise UserError("\n".join(errors))
        for report in self:
            code = f"dealer.inventory.report.{report.report_type}"
            vals = {"state": "done"}
            if report.name == "/":
                sequence = self.env["ir.sequence"].sudo().with_company(report.company_id)
                vals["name"] = sequence.next_by_code(code) or "/"
            # sudo: the state is protected from clients; the checks above ran as the user
            report.sudo().write(vals)
        return True

    def action_cancel(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only draft reports can be cancelled; reverse a validated sell-out report."))
        self.check_access("write")
        # sudo: the state is protected from clients; the user may write these reports (checked)
        self.sudo().write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(report.state != "cancel" for report in self):
            raise UserError(self.env._("Only cancelled reports can be set back to draft."))
        self.check_access("write")
        # sudo: the state is protected from clients; the user may write these reports (checked)
        self.sudo().write({"state": "draft"})
        return True

    def action_reverse(self):
        """Create and validate the negative twin of each done sell-out report."""
        self.check_access("write")
        reversals = self.browse()
        for report in self:
            if report.state != "done" or report.report_type != "sellout":
                raise UserError(self.env._("Only validated sell-out reports can be reversed."))
            if report.reversal_id or report.reversal_of_id:
                raise UserError(self.env._(
                    "%(report)s is already a reversal or reversed.", report=report.name))
            # sudo: a reversal repeats the user's own validated report (write access checked above)
            reversal = self.sudo().create({
                "partner_id": report.partner_id.id,
                "company_id": report.company_id.id,
                "report_type": "sellout",
                "date": report.date,
                "date_from": report.date_from,
                "source": report.source,
                "reversal_of_id": report.id,
                "note": self.env._("Reversal of %(report)s", report=report.name),
                "line_ids": [Command.create({
                    "product_id": line.product_id.id, "quantity": line.quantity, "lot_name": line.lot_name,
                    "expiration_date": line.expiration_date, "customer_id": line.customer_id.id,
                }) for line in report.line_ids],
            })
            reversal.action_done()
            report.sudo().reversal_id = reversal
            reversal = reversal.sudo(False)
            report.message_post(body=self.env._("Reversed by %(reversal)s.", reversal=reversal.name))
            reversals |= reversal
        if len(reversals) == 1:
            return {
                "type": "ir.actions.act_window", "res_model": self._name, "res_id": reversals.id,
                "view_mode": "form", "views": [(False, "form")],
            }
        return True

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _dealer_validation_errors(self):
        """Every reason these reports cannot be validated (all of them, one per line)."""
        errors = []
        today = fields.Date.context_today(self)
        for report in self:
            if not report.line_ids:
                errors.append(self.env._("%(report)s has no line.", report=report.display_name))
            if report.date > today:
                errors.append(self.env._("%(report)s: the date is in the future.", report=report.display_name))
            if report.reversal_of_id:
                continue  # a reversal repeats a report that passed the checks
            refused = report.line_ids.product_id - report._dealer_allowed_products(report.line_ids.product_id)
            for product in refused:
                errors.append(self.env._("%(report)s: %(product)s is not in the dealer's catalog.",
                                         report=report.display_name, product=product.display_name))
            overlap = report._dealer_overlapping_sellouts()
            if overlap:
                errors.append(self.env._(
                    "%(report)s: the period %(start)s – %(end)s overlaps the sell-out already reported in "
                    "%(others)s.", report=report.display_name, start=report.date_from, end=report.date,
                    others=", ".join(overlap.mapped("name"))))
        return errors

    def _dealer_allowed_products(self, products):
        """The products of ``products`` in the dealer's catalog (dealer_catalog's pools)."""
        self.ensure_one()
        if not products:
            return products
        Pool = self.env["dealer.product.pool"].with_company(self.company_id)
        # sudo: the catalog is checked whoever reports (a portal dealer cannot read pools)
        return self.env["product.product"].sudo().with_context(active_test=False).search([
            ("id", "in", products.ids), *Pool.sudo().allowed_product_domain(self.partner_id),
        ]).sudo(False)

    def _dealer_overlapping_sellouts(self, partner=None, company=None, date_from=None, date_to=None):
        """Done sell-out reports (not reversed, not reversals) of the dealer whose period
        overlaps ``date_from`` – ``date_to`` (by default this report's)."""
        if partner is None:
            self.ensure_one()
            if self.report_type != "sellout":
                return self.browse()
            partner, company, date_from, date_to = self.partner_id, self.company_id, self.date_from, self.date
        self.flush_model()
        # sudo: the overlap is checked against all of the dealer's reports, whoever reports
        self.env.cr.execute(SQL(
            """
            SELECT id FROM dealer_inventory_report
             WHERE partner_id = %(partner)s AND company_id = %(company)s AND report_type = 'sellout'
               AND state = 'done' AND reversal_id IS NULL AND reversal_of_id IS NULL
               AND date_from <= %(date_to)s AND date >= %(date_from)s AND id != %(self)s
             ORDER BY date
            """,
            partner=partner.id, company=company.id, date_from=date_from, date_to=date_to,
            self=self.id if len(self) == 1 and isinstance(self.id, int) else 0,
        ))
        return self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
