import base64
import dataclasses
import io
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from odoo.addons.dealer_base.tools import in_user_language, new_workbook, safe_text

from ..tools import promotion_engine as engine

CHUNK = 500  # orders read (with their lines and usage) per round trip
BACKGROUND_ORDERS = 5000  # above it a run is left to the scheduled job
MAX_PERIOD_DAYS = 731


class DealerPromotionSimulation(models.Model):
    """What-if: a period's real confirmed dealer orders replayed with candidate promotions.

    Each order is evaluated by the promotion engine on its product lines as they were confirmed,
    with the promotions it really received (each at most what it gave, as recorded in its usage)
    plus the candidates, stacking and exclusivity as in production; the net change is that total
    minus what the order really received. The
    candidates count as active over the whole period, whatever their state and dates; their
    caps per dealer and their budget are consumed in order-date order, from zero. Nothing but
    this record and its lines is written: no usage, no order.
    """

    _name = "dealer.promotion.simulation"
    _description = "Dealer Promotion Simulation"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, default=lambda self: self.env._("New"), copy=False, readonly=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    promotion_ids = fields.Many2many(
        "dealer.promotion", string="Candidate Promotions", required=True,
        domain="[('company_id', '=', company_id), ('is_template', '=', False)]",
        help="The promotions to try. They count as active over the whole period, on top of the "
        "promotions the orders really received.",
    )
    date_from = fields.Date(
        string="From", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(days=30),
    )
    date_to = fields.Date(
        string="To", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(days=1),
    )
    region_ids = fields.Many2many(
        "dealer.region", string="Regions", help="Only dealers in these regions (sub-regions included); empty: all.",
    )
    level_ids = fields.Many2many("dealer.level", string="Levels", help="Only dealers of these levels; empty: all.")
    tier_ids = fields.Many2many("dealer.tier", string="Tiers", help="Only dealers of these tiers; empty: all.")
    state = fields.Selection([("draft", "Draft"), ("queued", "Running"), ("done", "Done")], default="draft",
                             required=True, copy=False, tracking=True, readonly=True,
                             help="Running: a period with many orders is replayed by a scheduled job.")
    date_run = fields.Datetime(string="Run On", readonly=True, copy=False)
    run_uid = fields.Many2one("res.users", string="Run By", readonly=True, copy=False)
    replayed_count = fields.Integer(string="Orders Replayed", readonly=True, copy=False,
                                    help="Confirmed dealer orders of the period in scope.")
    order_count = fields.Integer(string="Orders Reached", readonly=True, copy=False,
                                 help="Orders on which a candidate would have granted a benefit.")
    dealer_count = fields.Integer(string="Dealers Reached", readonly=True, copy=False)
    sales_amount = fields.Monetary(string="Sales", readonly=True, copy=False,
                                   help="Untaxed amount of the replayed orders' product lines, before promotions.")
    benefit_amount = fields.Monetary(string="Benefit", readonly=True, copy=False,
                                     help="Discounts plus value of the free goods the candidates would have granted.")
    benefit_money = fields.Monetary(string="Discounts", readonly=True, copy=False)
    benefit_free = fields.Monetary(string="Free Goods Value", readonly=True, copy=False)
    net_change_amount = fields.Monetary(
        string="Net Change", readonly=True, copy=False,
        help="Benefit with the candidates minus the benefit the orders really received: less than the "
        "candidates' benefit when an exclusive candidate replaces promotions the orders had.",
    )
    benefit_percent = fields.Float(string="Benefit %", readonly=True, copy=False, digits=(16, 2),
                                   help="Benefit as a percentage of the replayed sales.")
    budget_exhausted_date = fields.Date(string="Budget Exhausted On", readonly=True, copy=False)
    budget_exhausted_order_id = fields.Many2one("sale.order", string="Budget Exhausted By", readonly=True,
                                                copy=False)
    dealer_cap_hits = fields.Integer(readonly=True, copy=False,
                                     help="Orders on which a candidate was cut by its maximum per dealer.")
    line_ids = fields.One2many("dealer.promotion.simulation.line", "simulation_id", string="Orders", readonly=True)
    note = fields.Text(string="How It Was Computed", readonly=True, copy=False)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for simulation in self:
            if simulation.date_from > simulation.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))
            if (simulation.date_to - simulation.date_from).days > MAX_PERIOD_DAYS:
                raise ValidationError(self.env._("Simulate at most two years at once."))

    @api.constrains("promotion_ids", "company_id")
    def _check_promotions(self):
        for simulation in self:
            if len(simulation.promotion_ids.currency_id) > 1:
                raise ValidationError(self.env._("The candidate promotions must share one currency."))
            if simulation.promotion_ids.company_id - simulation.company_id:
                raise ValidationError(self.env._("The candidate promotions must belong to the simulation's company."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.promotion.simulation") or "/"
        return super().create(vals_list)

    def action_same_period_last_year(self):
        for simulation in self:
            simulation.write({"date_from": simulation.date_from - relativedelta(years=1),
                              "date_to": simulation.date_to - relativedelta(years=1)})

    def action_reset(self):
        for simulation in self:
            simulation._write_lines([])
        self.write({"state": "draft"})

    def action_export_xlsx(self):
        """The simulation's figures and its orders as an XLSX download."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create({
            "name": "%s.xlsx" % self.name.replace("/", "-"),
            "datas": base64.b64encode(self._get_xlsx()),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {"type": "ir.actions.act_url", "url": "/web/content/%s?download=true" % attachment.id,
                "target": "self"}

    def _get_xlsx(self):
        """Parameters, figures and one row per replayed order (names written as text)."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = new_workbook(output)
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet = workbook.add_worksheet(self.env._("Simulation"))
        caps = dict(self.env["dealer.promotion.simulation.line"]._fields["cap"]._description_selection(self.env))
        info = [
            (self.env._("Simulation"), self.name),
            (self.env._("Candidate Promotions"), ", ".join(self.promotion_ids.mapped("display_name"))),
            (self.env._("Period"), "%s – %s" % (self.date_from, self.date_to)),
            (self.env._("Regions"), ", ".join(self.region_ids.mapped("name"))),
            (self.env._("Levels"), ", ".join(self.level_ids.mapped("name"))),
            (self.env._("Tiers"), ", ".join(self.tier_ids.mapped("name"))),
            (self.env._("Orders Replayed"), self.replayed_count),
            (self.env._("Orders Reached"), self.order_count),
            (self.env._("Dealers Reached"), self.dealer_count),
            (self.env._("Sales"), self.sales_amount),
            (self.env._("Benefit"), self.benefit_amount),
            (self.env._("Benefit %"), round(self.benefit_percent, 2)),
            (self.env._("Net Change"), self.net_change_amount),
            (self.env._("Budget Exhausted On"), str(self.budget_exhausted_date or "")),
            (self.env._("Dealer Cap Hits"), self.dealer_cap_hits),
        ]
        for row, (label, value) in enumerate(info):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, value if isinstance(value, int | float) else safe_text(value))
        headers = [self.env._("Order Date"), self.env._("Order"), self.env._("Dealer Code"), self.env._("Dealer"),
                   self.env._("Region"), self.env._("Level"), self.env._("Tier"), self.env._("Sales"),
                   self.env._("Real Benefit"), self.env._("Benefit"), self.env._("Net Change"), self.env._("Cut By")]
        row = len(info) + 1
        sheet.write_row(row, 0, headers, header)
        for column, width in enumerate([12, 16, 12, 30, 14, 12, 10, 14, 14, 14, 14, 12]):
            sheet.set_column(column, column, width)
        for line in self.line_ids.sorted(lambda line: (line.date, line.id)):
            row += 1
            sheet.write(row, 0, str(line.date or ""))
            sheet.write(row, 1, safe_text(line.sale_order_id.name))
            sheet.write(row, 2, safe_text(line.partner_id.dealer_code))
            sheet.write(row, 3, safe_text(line.partner_id.name))
            sheet.write(row, 4, safe_text(line.dealer_region_id.name))
            sheet.write(row, 5, safe_text(line.dealer_level_id.name))
            sheet.write(row, 6, safe_text(line.dealer_tier_id.name))
            for column, amount in enumerate((line.sales_amount, line.real_benefit_amount, line.benefit_amount,
                                             line.net_change_amount), start=7):
                sheet.write_number(row, column, amount, money)
            sheet.write(row, 11, safe_text(caps.get(line.cap, "")))
        workbook.close()
        return output.getvalue()

    # ------------------------------------------------------------------
    # Replay
    # ------------------------------------------------------------------
    def _scope_domain(self):
        """Confirmed dealer orders of the period, the company and the candidates' currency."""
        self.ensure_one()
        start = fields.Datetime.to_datetime(self.date_from)
        end = fields.Datetime.to_datetime(self.date_to + relativedelta(days=1))
        domain = [
            ("state", "=", "sale"),
            ("dealer_id", "!=", False),
            ("company_id", "=", self.company_id.id),
            ("currency_id", "=", (self.promotion_ids.currency_id or self.currency_id).id),
            ("date_order", ">=", start),
            ("date_order", "<", end),
        ]
        if self.region_ids:
            states = self.env["dealer.region"].search([("id", "child_of", self.region_ids.ids)]).state_ids
            domain.append(("dealer_id.state_id", "in", states.ids))
        if self.level_ids:
            domain.append(("dealer_id.dealer_level_id", "in", self.level_ids.ids))
        if self.tier_ids:
            domain.append(("dealer_id.dealer_tier_id", "in", self.tier_ids.ids))
        return domain

    def action_run(self):
        """Replay the period's orders (see the class); replaces the previous result. A period
        of more than ``BACKGROUND_ORDERS`` orders is queued for the scheduled job instead."""
        for simulation in self:
            if not simulation.promotion_ids:
                raise UserError(self.env._("Choose the promotions to simulate."))
            if self.env.context.get("dealer_simulation_inline") or \
                    self.env["sale.order"].search_count(simulation._scope_domain()) <= BACKGROUND_ORDERS:
                simulation._run()
            else:
                simulation.state = "queued"
                simulation.message_post(body=self.env._("Many orders to replay: the simulation runs in the "
                                                        "background; reload the page to see its result."))
                self.env.ref("dealer_promotion.ir_cron_dealer_promotion_simulation")._trigger()
        return True

    @api.model
    @in_user_language
    def _cron_run_queued(self):
        """Scheduled job: run the oldest queued simulation. The job runs again at once while
        others wait (``ir.cron`` progress), each simulation in a transaction of its own."""
        queued = self.search([("state", "=", "queued")], order="id")
        if not queued:
            return
        simulation = queued[0]
        simulation.with_context(dealer_simulation_inline=True)._run()
        simulation.message_post(body=self.env._("Simulation done: %(count)s orders replayed.",
                                                count=simulation.replayed_count))
        self.env["ir.cron"]._notify_progress(done=1, remaining=len(queued) - 1)

    def _run(self):
        self.ensure_one()
        SaleOrder = self.env["sale.order"]
        rounding = (self.promotion_ids.currency_id or self.currency_id).rounding
        order_ids = SaleOrder.search(self._scope_domain(), order="date_order, id").ids
        candidates = self._engine_promotions(self.promotion_ids, SaleOrder.browse(order_ids[:1]))
        candidate_ids = {promotion.id for promotion in candidates}
        first_order_dates = self._first_confirmed_dates(order_ids)
        dealer_used = defaultdict(float)  # (candidate, dealer) -> benefit so far
        budget_used = defaultdict(float)  # candidate -> benefit so far
        profiles, regions, state_regions, existing_cache = {}, {}, {}, {}
        Rule = self.env["dealer.promotion.rule"]
        Region = self.env["dealer.region"].sudo()  # the region tree is read to place the dealers
        line_vals, totals = [], defaultdict(float)
        exhausted = None
        dealer_cap_hits = 0
        for start in range(0, len(order_ids), CHUNK):
            orders = SaleOrder.browse(order_ids[start:start + CHUNK])
            orders.fetch(["date_order", "dealer_id", "pricelist_id", "currency_id", "order_line"])
            orders.dealer_id.fetch(["commercial_partner_id", "state_id", "dealer_tier_id", "dealer_type_id",
                                    "dealer_level_id", "dealer_sales_mode_id", "is_dealer"])
            orders.order_line.fetch(["product_id", "product_uom_qty", "product_uom", "price_subtotal", "tax_id",
                                     "display_type", "is_downpayment", "dealer_promotion_id"])
            usage = self._real_usage(orders)
            missing = {promotion_id for rows in usage.values() for promotion_id, _amount in rows} - set(existing_cache)
            if missing:
                for promotion in self._engine_promotions(self.env["dealer.promotion"].browse(missing), orders[:1]):
                    existing_cache[promotion.id] = promotion
            for order in orders:
                dealer = order.dealer_id
                if dealer.id not in profiles:
                    # the regions depend on the province only: placed once per province
                    profile = Rule._dealer_eligibility_profile(dealer, with_regions=False)
                    state = dealer.commercial_partner_id.state_id
                    if state.id not in state_regions:
                        covering = frozenset(Region._get_covering_regions(state).ids) if state else frozenset()
                        state_regions[state.id] = (covering, self._deepest_region(covering))
                    profiles[dealer.id] = dataclasses.replace(profile, region_ids=state_regions[state.id][0])
                    regions[dealer.id] = state_regions[state.id][1]
                first = first_order_dates.get(dealer.id)
                core_dealer = engine.Dealer(
                    **dataclasses.asdict(profiles[dealer.id]),
                    has_confirmed_order=bool(first and first < (order.date_order, order.id)),
                )
                base_lines = order._dealer_promotion_base_lines()
                core_lines = order._dealer_promotion_core_lines(base_lines)
                sales = float_round(sum(line.subtotal for line in core_lines), precision_rounding=rounding)
                # the promotions the order really received, each at most what it gave
                real = [
                    dataclasses.replace(existing_cache[promotion_id], max_discount_per_order=amount,
                                        max_discount_per_dealer=0.0, budget=0.0, dealer_used=0.0, budget_used=0.0)
                    for promotion_id, amount in usage.get(order.id, [])
                    if promotion_id in existing_cache and promotion_id not in candidate_ids and amount > 0
                ]
                tried = [
                    dataclasses.replace(candidate, dealer_used=dealer_used[candidate.id, dealer.id],
                                        budget_used=budget_used[candidate.id])
                    for candidate in candidates
                ]
                prices = order._dealer_promotion_free_prices(tried + real, core_lines) if core_lines else {}
                with_ = engine.evaluate(core_dealer, core_lines, real + tried, prices, rounding) if core_lines \
                    else None
                money = free = 0.0
                cap = ""
                for result in (with_.applied if with_ else []):
                    if result.promotion.id not in candidate_ids:
                        continue
                    money += result.money
                    free += result.free_value
                    dealer_used[result.promotion.id, dealer.id] += result.benefit
                    budget_used[result.promotion.id] += result.benefit
                    cap = cap or result.cap
                    if result.cap == engine.CAP_DEALER:
                        dealer_cap_hits += 1
                    if (not exhausted and result.promotion.budget > 0 and float_compare(
                            budget_used[result.promotion.id], result.promotion.budget,
                            precision_rounding=rounding) >= 0):
                        exhausted = order
                if with_:
                    for result in with_.results:  # a candidate left out by its dealer cap or the budget
                        if result.promotion.id in candidate_ids and not result.applies and result.cap:
                            cap = cap or result.cap
                            dealer_cap_hits += result.cap == engine.CAP_DEALER
                benefit = float_round(money + free, precision_rounding=rounding)
                # what the order really received, as recorded at its confirmation
                before = float_round(sum(amount for _promotion, amount in usage.get(order.id, [])),
                                     precision_rounding=rounding)
                after = with_.total if with_ else 0.0
                totals["sales"] += sales
                totals["money"] += money
                totals["free"] += free
                totals["net"] += after - before
                line_vals.append({
                    "simulation_id": self.id,
                    "sale_order_id": order.id,
                    "partner_id": dealer.id,
                    "date": fields.Date.context_today(self, order.date_order),
                    "dealer_region_id": regions[dealer.id],
                    "dealer_level_id": dealer.dealer_level_id.id,
                    "dealer_tier_id": dealer.dealer_tier_id.id,
                    "sales_amount": sales,
                    "benefit_amount": benefit,
                    "benefit_money": float_round(money, precision_rounding=rounding),
                    "benefit_free": float_round(free, precision_rounding=rounding),
                    "real_benefit_amount": before,
                    "net_change_amount": float_round(after - before, precision_rounding=rounding),
                    "cap": cap or False,
                })
            orders.invalidate_recordset()
        self._write_lines(line_vals)
        reached = [vals for vals in line_vals if not float_is_zero(vals["benefit_amount"], precision_rounding=rounding)]
        benefit = float_round(totals["money"] + totals["free"], precision_rounding=rounding)
        sales = float_round(totals["sales"], precision_rounding=rounding)
        self.write({
            "state": "done",
            "date_run": fields.Datetime.now(),
            "run_uid": self.env.uid,
            "replayed_count": len(line_vals),
            "order_count": len(reached),
            "dealer_count": len({vals["partner_id"] for vals in reached}),
            "sales_amount": sales,
            "benefit_amount": benefit,
            "benefit_money": float_round(totals["money"], precision_rounding=rounding),
            "benefit_free": float_round(totals["free"], precision_rounding=rounding),
            "net_change_amount": float_round(totals["net"], precision_rounding=rounding),
            "benefit_percent": benefit / sales * 100.0 if sales else 0.0,
            "budget_exhausted_date": exhausted and fields.Date.context_today(self, exhausted.date_order),
            "budget_exhausted_order_id": exhausted and exhausted.id,
            "dealer_cap_hits": dealer_cap_hits,
            "note": self.env._(
                "%(count)s confirmed dealer orders from %(start)s to %(end)s replayed on their product lines as "
                "confirmed. The dealers' tier, type, level, sales mode and province are today's: the suite keeps "
                "no history of them. The promotions the orders really received are applied again, each at most "
                "what it gave; the candidates count as active over the whole period, their caps and budget "
                "consumed in order date order from zero.",
                count=len(line_vals), start=self.date_from, end=self.date_to,
            ),
        })

    _LINE_COLUMNS = (
        ("sale_order_id", "int4"), ("partner_id", "int4"), ("date", "date"), ("dealer_region_id", "int4"),
        ("dealer_level_id", "int4"), ("dealer_tier_id", "int4"), ("sales_amount", "numeric"),
        ("benefit_amount", "numeric"), ("benefit_money", "numeric"), ("benefit_free", "numeric"),
        ("real_benefit_amount", "numeric"), ("net_change_amount", "numeric"), ("cap", "varchar"),
    )

    def _write_lines(self, line_vals):
        """Replace the simulation's lines: one INSERT of all rows (a result table: no
        computation or tracking hangs on them; the ORM's create costs more than the replay)."""
        self.ensure_one()
        Line = self.env["dealer.promotion.simulation.line"]
        Line.flush_model()
        self.env.cr.execute(SQL("DELETE FROM dealer_promotion_simulation_line WHERE simulation_id = %s", self.id))
        if line_vals:
            columns = [name for name, _type in self._LINE_COLUMNS]
            # False (no region, no cap) is NULL; amounts are written as they are
            arrays = [SQL("%s::%s[]", [vals[name] if type_ == "numeric" else vals[name] or None
                                       for vals in line_vals], SQL(type_))
                      for name, type_ in self._LINE_COLUMNS]
            self.env.cr.execute(SQL(
                """
                INSERT INTO dealer_promotion_simulation_line
                       (simulation_id, company_id, create_uid, write_uid, create_date, write_date, %(columns)s)
                SELECT %(simulation)s, %(company)s, %(uid)s, %(uid)s, now() AT TIME ZONE 'UTC',
                       now() AT TIME ZONE 'UTC', u.*
                  FROM unnest(%(arrays)s) AS u
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                simulation=self.id, company=self.company_id.id, uid=self.env.uid,
                arrays=SQL(", ").join(arrays),
            ))
        Line.invalidate_model()
        self.invalidate_recordset(["line_ids"])

    def _engine_promotions(self, promotions, order):
        """engine.Promotion objects of ``promotions`` (read in one query through an order of the scope)."""
        if not promotions or not order:
            return []
        dealer = order._dealer_promotion_core_dealer()
        return order._dealer_promotion_read(promotions.rule_ids.ids, dealer)

    def _real_usage(self, orders):
        """{order id: [(promotion id, benefit)]}: what the orders really received."""
        self.env["dealer.promotion.usage"].flush_model()
        self.env.cr.execute(SQL(
            "SELECT sale_order_id, promotion_id, amount FROM dealer_promotion_usage WHERE sale_order_id = ANY(%s)",
            orders.ids,
        ))
        usage = defaultdict(list)
        for order_id, promotion_id, amount in self.env.cr.fetchall():
            usage[order_id].append((promotion_id, float(amount or 0.0)))
        return usage

    def _first_confirmed_dates(self, order_ids):
        """{dealer id: (date_order, id) of its first confirmed order}, for "first order" rules."""
        if not order_ids:
            return {}
        self.env["sale.order"].flush_model(["dealer_id", "state", "date_order"])
        self.env.cr.execute(SQL(
            """
            SELECT DISTINCT ON (o.dealer_id) o.dealer_id, o.date_order, o.id
              FROM sale_order o
             WHERE o.state = 'sale'
               AND o.dealer_id IN (SELECT dealer_id FROM sale_order WHERE id = ANY(%s))
          ORDER BY o.dealer_id, o.date_order, o.id
            """,
            order_ids,
        ))
        return {dealer_id: (date_order, order_id) for dealer_id, date_order, order_id in self.env.cr.fetchall()}

    def _deepest_region(self, region_ids):
        """The deepest of the regions covering a dealer's province (False when none)."""
        if not region_ids:
            return False
        regions = self.env["dealer.region"].browse(sorted(region_ids))
        return max(regions, key=lambda region: (len(region.parent_path or ""), -region.id)).id


class DealerPromotionSimulationLine(models.Model):
    """One replayed order of a simulation: what the candidates would have given it."""

    _name = "dealer.promotion.simulation.line"
    _description = "Dealer Promotion Simulation Order"
    _order = "benefit_amount desc, id"

    simulation_id = fields.Many2one("dealer.promotion.simulation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="simulation_id.company_id", store=True)
    currency_id = fields.Many2one(related="simulation_id.currency_id")
    sale_order_id = fields.Many2one("sale.order", string="Order", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", string="Dealer", required=True, index=True)
    date = fields.Date(string="Order Date")
    dealer_region_id = fields.Many2one("dealer.region", string="Region")
    dealer_level_id = fields.Many2one("dealer.level", string="Level")
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier")
    sales_amount = fields.Monetary(string="Sales")
    benefit_amount = fields.Monetary(string="Benefit", help="What the candidates would have granted.")
    benefit_money = fields.Monetary(string="Discounts")
    benefit_free = fields.Monetary(string="Free Goods Value")
    real_benefit_amount = fields.Monetary(string="Real Benefit", help="What the order really received.")
    net_change_amount = fields.Monetary(string="Net Change")
    cap = fields.Selection([("order", "Per Order"), ("dealer", "Per Dealer"), ("budget", "Budget"),
                            ("order_base", "Order Amount")], string="Cut By")
