import hashlib
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import TableKind, column_exists, create_index, drop_view_if_exists, table_exists, table_kind

from odoo.addons.dealer_base.tools import in_user_language, split_ids

_logger = logging.getLogger(__name__)

# ids of the rows: partner, product and company packed in one integer the web client keeps
# exact (below 2**53 for partner ids below 4 million, product ids below 2 million, 1024 companies);
# a row keeps its id when it is refreshed
ID_SQL = "(%(p)s::bigint * 2147483648 + %(q)s::bigint * 1024 + %(c)s::bigint)"

# the facts changed in the transaction, applied to the table before it is read and at commit
PENDING_KEY = "dealer.channel.stock.pending"

# above this many products, a refresh of some dealers recomputes all their rows
REFRESH_MAX_PRODUCTS = 200
# up to this many dealers, a refresh runs the prepared statement (planned once per connection)
PREPARED_MAX_PARTNERS = 50
# the placeholders of the prepared refresh: the dealers' and the products' ids
PREPARED_PARTNERS = SQL("$1::int[]")
PREPARED_PRODUCTS = SQL("$2::int[]")

# dealers per job of the daily rebuild when a job queue takes it (:meth:`_dealer_rebuild_chunk`).
# Measured on 600 dealers × 500 products (300,000 rows; 2 cores): the set-based rebuild 14.5 s,
# the chunks together 15–16 s whatever their size (100, 200 or 300 dealers), a chunk of 200
# dealers up to 5.3 s (100,000 rows). 200: jobs of a few seconds (15 for the reference 1.5
# million rows), short enough for a serialization retry beside a delivery to cost little
REBUILD_CHUNK_SIZE = 200

# the columns the table stores, filled by the refresh from the facts (``_dealer_query``)
STORED_COLUMNS = (
    "id", "partner_id", "product_id", "company_id", "categ_id", "dealer_level_id", "dealer_region_id",
    "dealer_parent_id", "state_id", "sell_in_qty", "sell_out_qty", "expected_qty", "reported_qty",
    "reported_date", "difference_qty", "difference_flag", "estimated_qty", "in_transit_qty",
    "last_sell_out_date",
)

# The rollup of the table: its rows summed over the dealers and products, one row per company ×
# category × province × region × level × upline × difference flag, with the number of rows each
# stands for (a few thousand rows for 1.5 million). ``_read_group`` reads it when everything a
# grouping needs is one of its columns, as for the region × category pivot (dealer.rollup.mixin).
ROLLUP_TABLE = "dealer_channel_stock_rollup"
ROLLUP_DIMENSIONS = (
    "company_id", "categ_id", "state_id", "dealer_region_id", "dealer_level_id", "dealer_parent_id",
    "difference_flag",
)
ROLLUP_MEASURES = (
    "sell_in_qty", "sell_out_qty", "expected_qty", "reported_qty", "difference_qty", "estimated_qty",
    "in_transit_qty",
)
# Every statement that changes the table (a refresh, a cascade, a region or category update)
# notes, through a trigger, the company × category × province keys of the rows it changed in
# this table: appended rows, no row any transaction updates, so the dealers' orders never wait
# on each other for the rollup. A grouping sums those keys from the table itself and the others
# from the rollup, so it is always exact; a scheduled job (and the full rebuild) folds the noted
# keys into the rollup.
ROLLUP_DIRTY_TABLE = "dealer_channel_stock_rollup_dirty"
ROLLUP_TRIGGER_FUNCTION = "dealer_channel_stock_rollup_note"
# set while a grouping reads the noted keys' rows with PostgreSQL's JIT compilation off
ROLLUP_JIT_KEY = "dealer.channel.stock.rollup.jit"
# two merges never run at once (the key is arbitrary, unique to this table)
ROLLUP_LOCK_KEY = 74_102_023
# the key of a row of the table or the rollup in the noted keys (0 for no category / province)
ROLLUP_KEY_SQL = "%(t)s.company_id, COALESCE(%(t)s.categ_id, 0), COALESCE(%(t)s.state_id, 0)"


class DealerChannelStock(models.Model):
    """Channel stock per dealer, product and company, as of today: a table kept up to date
    from its facts (:meth:`_dealer_refresh`, called when they change; :meth:`_dealer_rebuild`
    recomputes every row), so that reading it never aggregates the moves.

    - sell-in = our done deliveries to the dealer − done returns;
    - sell-out = done sell-out report lines (net of reversals) + done fulfillment deliveries
      that left from the dealer's warehouse;
    - expected = sell-in − sell-out; reported / reported date = the latest done count of the
      product; difference = reported − (sell-in − sell-out up to the count's date);
    - estimated = reported + sell-in after the count − sell-out after it (expected without
      a count); in transit = our confirmed deliveries to the dealer not done yet.

    The figures that depend on today (sell-out of the window, velocity, days of cover,
    slow-moving) are computed when they are read, so they are right on any day without a
    nightly job.
    """

    _name = "dealer.channel.stock"
    _inherit = ["dealer.rollup.mixin", "dealer.job.mixin"]
    _description = "Dealer Channel Stock"
    _order = "id"
    _rec_name = "product_id"
    _log_access = False
    _dealer_rollup_dimensions = ROLLUP_DIMENSIONS
    _dealer_rollup_measures = ROLLUP_MEASURES

    # a row goes with its dealer, product or company (a row without them would be stale)
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True, index=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one("res.company", readonly=True, index=True, ondelete="cascade")
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True)
    dealer_region_id = fields.Many2one("dealer.region", string="Region", readonly=True)
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    sell_in_qty = fields.Float(string="Sell-in", digits="Product Unit of Measure", readonly=True)
    sell_out_qty = fields.Float(string="Sell-out", digits="Product Unit of Measure", readonly=True)
    expected_qty = fields.Float(string="Expected", digits="Product Unit of Measure", readonly=True)
    reported_qty = fields.Float(string="Reported", digits="Product Unit of Measure", readonly=True)
    reported_date = fields.Date(string="Counted on", readonly=True)
    difference_qty = fields.Float(string="Difference", digits="Product Unit of Measure", readonly=True)
    difference_flag = fields.Boolean(
        string="Difference beyond Tolerance", readonly=True,
        help="The last count differs from the expected quantity by more than the company's tolerance.",
    )
    estimated_qty = fields.Float(string="Estimated", digits="Product Unit of Measure", readonly=True)
    in_transit_qty = fields.Float(string="In Transit", digits="Product Unit of Measure", readonly=True)
    last_sell_out_date = fields.Date(string="Last Sell-out", readonly=True)
    window_sell_out_qty = fields.Float(
        string="Recent Sell-out", digits="Product Unit of Measure", compute="_compute_window",
        help="Sell-out within the dealer's sell-out window, up to today.",
    )
    velocity = fields.Float(string="Daily Sell-out", digits=(16, 3), compute="_compute_window")
    cover_days = fields.Float(string="Days of Cover", digits=(16, 1), compute="_compute_window")
    slow_moving = fields.Boolean(
        string="Slow-moving", compute="_compute_slow_moving", search="_search_slow_moving",
        help="Stock left and no sell-out within the company's slow-moving days.",
    )

    @api.depends("product_id")
    def _compute_display_name(self):
        # sudo: the name of the row's product, for whoever may read the row (a portal dealer
        # reads its own rows but not the product model)
        for row in self:
            row.display_name = row.product_id.sudo().display_name

    # ------------------------------------------------------------------
    # Figures as of today (computed when read)
    # ------------------------------------------------------------------
    @api.model
    def _dealer_window_days_sql(self, partner_alias="rp", company_alias="comp"):
        """Days of the sell-out window of the dealer row ``partner_alias`` (0 = the company's)."""
        return SQL(
            "COALESCE(NULLIF(%(rp)s.dealer_replenish_window_days, 0), %(comp)s.dealer_replenish_window_days)",
            rp=SQL.identifier(partner_alias), comp=SQL.identifier(company_alias),
        )

    @api.model
    def _dealer_window_sql(self, partner_ids=None, product_ids=None):
        """SELECT ``partner_id, product_id, company_id, window_sell_out_qty``: the sell-out
        dated within each dealer's window up to today, for any number of dealers at once."""
        return SQL(
            """
            SELECT e.partner_id, e.product_id, e.company_id, sum(e.sell_out_qty) AS window_sell_out_qty
              FROM dealer_channel_move e
              JOIN res_partner rp ON rp.id = e.partner_id
              JOIN res_company comp ON comp.id = e.company_id
             WHERE e.sell_out_qty != 0 AND e.date > CURRENT_DATE - %(days)s AND %(filter)s
          GROUP BY e.partner_id, e.product_id, e.company_id
            """,
            days=self._dealer_window_days_sql(),
            filter=self._dealer_filter_sql(SQL("e.partner_id"), SQL("e.product_id"), partner_ids, product_ids),
        )

    @api.depends("estimated_qty", "partner_id", "product_id", "company_id")
    def _compute_window(self):
        rows = self.filtered("id")
        (self - rows).update({"window_sell_out_qty": 0.0, "velocity": 0.0, "cover_days": 0.0})
        if not rows:
            return
        self.env["dealer.inventory.report.line"].flush_model()
        self.env.cr.execute(self._dealer_window_sql(rows.partner_id.ids, rows.product_id.ids))
        window = {(partner, product, company): qty for partner, product, company, qty in self.env.cr.fetchall()}
        for row in rows:
            # sudo: the dealer's and the company's window, for whoever may read the row
            days = (row.partner_id.sudo().dealer_replenish_window_days
                    or row.company_id.sudo().dealer_replenish_window_days or 1)
            qty = window.get((row.partner_id.id, row.product_id.id, row.company_id.id), 0.0)
            velocity = qty / days
            row.window_sell_out_qty = qty
            row.velocity = velocity
            row.cover_days = max(row.estimated_qty, 0.0) / velocity if qty > 0 else 0.0

    def _dealer_slow_limit(self, company):
        return fields.Date.today() - timedelta(days=company.sudo().dealer_inventory_slow_days)

    @api.depends("estimated_qty", "last_sell_out_date", "company_id")
    def _compute_slow_moving(self):
        for row in self:
            row.slow_moving = row.estimated_qty > 0 and (
                not row.last_sell_out_date or row.last_sell_out_date < self._dealer_slow_limit(row.company_id))

    def _search_slow_moving(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        # sudo: each company's slow-moving days, for whoever searches
        per_company = expression.OR([
            [("company_id", "=", company.id), "|", ("last_sell_out_date", "=", False),
             ("last_sell_out_date", "<", self._dealer_slow_limit(company))]
            for company in self.env["res.company"].sudo().search([])
        ])
        domain = expression.AND([[("estimated_qty", ">", 0)], per_company])
        if (operator == "=") == bool(value):
            return domain
        return ["!", *expression.normalize_domain(domain)]

    # ------------------------------------------------------------------
    # The facts and the maintenance of the table
    # ------------------------------------------------------------------
    @api.model
    def _dealer_filter_sql(self, partner_column, product_column, partner_ids=None, product_ids=None):
        """SQL condition restricting ``partner_column`` / ``product_column`` (None = any)."""
        conditions = [SQL("TRUE")]
        for column, ids in ((partner_column, partner_ids), (product_column, product_ids)):
            if ids is not None:
                # an SQL placeholder of the prepared refresh, or the ids
                conditions.append(SQL("%s = ANY(%s)", column, ids if isinstance(ids, SQL) else sorted(ids)))
        return SQL(" AND ").join(conditions)

    @api.model
    def _dealer_regions_sql(self):
        """SELECT ``state_id, region_id``: the deepest region containing each province."""
        return SQL(
            """
            SELECT DISTINCT ON (s.state_id) s.state_id, r.id AS region_id
              FROM dealer_region_country_state_rel s
              JOIN dealer_region r ON r.id = s.region_id
          ORDER BY s.state_id, length(r.parent_path) DESC, r.id
            """
        )

    @api.model
    def _dealer_query(self, partner_ids=None, product_ids=None):
        """SELECT of the rows (the stored columns) computed from the facts, for the dealers
        ``partner_ids`` and the products ``product_ids`` (None = all)."""

        def only(partner_column, product_column):
            return self._dealer_filter_sql(SQL(partner_column), SQL(product_column), partner_ids, product_ids)

        return SQL(
            """
            WITH counts AS (
                SELECT DISTINCT ON (x.partner_id, x.product_id, x.company_id)
                       x.partner_id, x.product_id, x.company_id, x.date, x.qty
                  FROM (SELECT l.partner_id, l.product_id, l.company_id, l.date, l.report_id, sum(l.quantity) AS qty
                          FROM dealer_inventory_report_line l
                         WHERE l.state = 'done' AND l.report_type = 'stock' AND %(line_filter)s
                      GROUP BY l.partner_id, l.product_id, l.company_id, l.date, l.report_id) x
              ORDER BY x.partner_id, x.product_id, x.company_id, x.date DESC, x.report_id DESC
            ), events AS (
                SELECT e.partner_id, e.product_id, e.company_id, e.date, e.sell_in_qty, e.sell_out_qty,
                       0.0 AS transit_qty
                  FROM dealer_channel_move e
                 WHERE %(move_filter)s
                UNION ALL
                -- in transit: our confirmed deliveries to the dealer, not done yet
                SELECT cp.id, m.product_id, m.company_id, NULL::date, 0.0, 0.0, m.product_qty
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  JOIN stock_picking p ON p.id = m.picking_id
                  JOIN res_partner addr ON addr.id = p.partner_id
                  JOIN res_partner cp ON cp.id = addr.commercial_partner_id AND cp.is_dealer
                 WHERE m.state IN ('confirmed', 'waiting', 'partially_available', 'assigned')
                   AND dst.usage = 'customer' AND src.usage != 'customer' AND %(transit_filter)s
            ), keyed AS (
                SELECT e.partner_id, e.product_id, e.company_id,
                       sum(e.sell_in_qty) AS sell_in_qty, sum(e.sell_out_qty) AS sell_out_qty,
                       sum(e.sell_in_qty - e.sell_out_qty) FILTER (WHERE e.date <= c.date) AS before_count,
                       sum(e.sell_in_qty - e.sell_out_qty) FILTER (WHERE e.date > c.date) AS after_count,
                       max(e.date) FILTER (WHERE e.sell_out_qty > 0) AS last_sell_out_date,
                       max(c.date) AS reported_date, max(c.qty) AS reported_qty,
                       sum(e.transit_qty) AS in_transit_qty
                  FROM events e
             LEFT JOIN counts c ON c.partner_id = e.partner_id AND c.product_id = e.product_id
                                AND c.company_id = e.company_id
              GROUP BY e.partner_id, e.product_id, e.company_id
            ), regions AS (%(regions)s)
            SELECT %(id)s AS id, k.partner_id, k.product_id, k.company_id, pt.categ_id,
                   rp.dealer_level_id, reg.region_id AS dealer_region_id, rp.dealer_parent_id, rp.state_id,
                   k.sell_in_qty, k.sell_out_qty, k.sell_in_qty - k.sell_out_qty AS expected_qty,
                   k.reported_qty, k.reported_date,
                   k.reported_qty - COALESCE(k.before_count, 0) AS difference_qty,
                   k.reported_qty IS NOT NULL AND %(flag)s AS difference_flag,
                   CASE WHEN k.reported_date IS NULL THEN k.sell_in_qty - k.sell_out_qty
                        ELSE k.reported_qty + COALESCE(k.after_count, 0) END AS estimated_qty,
                   k.in_transit_qty, k.last_sell_out_date
              FROM keyed k
              JOIN res_partner rp ON rp.id = k.partner_id
              JOIN res_company comp ON comp.id = k.company_id
              JOIN product_product pp ON pp.id = k.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
         LEFT JOIN regions reg ON reg.state_id = rp.state_id
            """,
            id=SQL(ID_SQL, p=SQL("k.partner_id"), q=SQL("k.product_id"), c=SQL("k.company_id")),
            line_filter=only("l.partner_id", "l.product_id"),
            move_filter=only("e.partner_id", "e.product_id"),
            transit_filter=only("cp.id", "m.product_id"),
            regions=self._dealer_regions_sql(),
            flag=self._dealer_flag_sql(SQL("k.reported_qty - COALESCE(k.before_count, 0)"),
                                       SQL("COALESCE(k.before_count, 0)")),
        )

    @api.model
    def _dealer_flag_sql(self, difference, expected):
        """SQL: ``difference`` from ``expected`` is beyond the tolerance of company ``comp``."""
        return SQL(
            """CASE WHEN comp.dealer_inventory_tolerance_type = 'units'
                    THEN abs(%(difference)s) > comp.dealer_inventory_tolerance
                    ELSE abs(%(difference)s) > abs(%(expected)s) * comp.dealer_inventory_tolerance / 100.0 END""",
            difference=difference, expected=expected,
        )

    @api.model
    def _dealer_flush_facts(self):
        for model in ("stock.move", "stock.move.line", "stock.picking", "stock.location", "sale.order",
                      "res.partner", "res.company", "product.product", "product.template", "dealer.region",
                      "dealer.inventory.report", "dealer.inventory.report.line"):
            self.env[model].flush_model()

    @api.model
    def _dealer_mark(self, partner_ids=None, product_ids=None, move_ids=(), report_ids=()):
        """Note that the rows of ``partner_ids`` × ``product_ids`` (None = all products), of the
        dealers and products of the stock moves ``move_ids`` and of the reports ``report_ids``
        are to be refreshed: without a query, before the table is next read (search, read,
        replenishment) or at the latest when the transaction commits."""
        data = self.env.cr.precommit.data
        pending = data.get(PENDING_KEY)
        if pending is None:
            pending = data[PENDING_KEY] = {"groups": [], "moves": set(), "reports": set()}
            self.env.cr.precommit.add(self.sudo()._dealer_apply_pending)
        if partner_ids:
            pending["groups"].append((set(partner_ids), None if product_ids is None else set(product_ids)))
        pending["moves"].update(move_ids)
        pending["reports"].update(report_ids)

    @api.model
    def _dealer_apply_pending(self):
        """Refresh the rows noted by :meth:`_dealer_mark` (at most two refreshes)."""
        pending = self.env.cr.precommit.data.pop(PENDING_KEY, None)
        if not pending:
            return
        groups = pending["groups"]
        # moves deleted since they were noted simply match no row of the keys' query
        moves = self.env["stock.move"].browse(sorted(pending["moves"]))
        if moves:
            groups.append(moves._dealer_channel_keys())
        if pending["reports"]:
            self.env["dealer.inventory.report.line"].flush_model(["report_id", "product_id", "partner_id"])
            self.env.cr.execute(SQL(
                "SELECT DISTINCT partner_id, product_id FROM dealer_inventory_report_line WHERE report_id = ANY(%s)",
                sorted(pending["reports"])))
            rows = self.env.cr.fetchall()
            groups.append(({row[0] for row in rows}, {row[1] for row in rows}))
        whole = set().union(*(partners for partners, products in groups if products is None))
        partners = set().union(*(partners for partners, products in groups if products is not None)) - whole
        products = set().union(*(products for _partners, products in groups if products is not None))
        if whole:
            self._dealer_refresh(whole)
        if partners and products:
            self._dealer_refresh(partners, products)

    def _search(self, *args, **kwargs):
        self._dealer_apply_pending()
        return super()._search(*args, **kwargs)

    def fetch(self, field_names=None):
        self._dealer_apply_pending()
        return super().fetch(field_names)

    @api.model
    def _dealer_refresh(self, partner_ids=None, product_ids=None):
        """Recompute the rows of the dealers ``partner_ids`` (commercial partners) and the products
        ``product_ids`` (None = all) from the facts: two statements, whatever their number."""
        if (partner_ids is not None and not partner_ids) or (product_ids is not None and not product_ids):
            return
        if partner_ids is not None and product_ids is not None and len(product_ids) > REFRESH_MAX_PRODUCTS:
            # a big report: all the dealers' rows (a superset, as right) read through the dealer
            # indexes rather than every move of thousands of products
            product_ids = None
        self._dealer_flush_facts()
        self.flush_model()
        cr = self.env.cr
        if partner_ids is not None and product_ids is not None and len(partner_ids) <= PREPARED_MAX_PARTNERS:
            self._dealer_refresh_prepared(partner_ids, product_ids)
            self.invalidate_model()
            return
        cr.execute(SQL(
            "DELETE FROM dealer_channel_stock WHERE %s",
            self._dealer_filter_sql(SQL("partner_id"), SQL("product_id"), partner_ids, product_ids),
        ))
        cr.execute(self._dealer_upsert_sql(partner_ids, product_ids))
        self.invalidate_model()

    @api.model
    def _dealer_upsert_sql(self, partner_ids=None, product_ids=None):
        """INSERT of the rows computed from the facts, replacing those of the same ids."""
        columns = SQL(", ").join(SQL.identifier(column) for column in STORED_COLUMNS)
        return SQL(
            "INSERT INTO dealer_channel_stock (%(columns)s) SELECT %(columns)s FROM (%(query)s) q"
            " ON CONFLICT (id) DO UPDATE SET %(update)s",
            columns=columns, update=SQL(", ").join(
                SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
                for column in STORED_COLUMNS[1:]), query=self._dealer_query(partner_ids, product_ids),
        )

    @api.model
    def _dealer_refresh_prepared(self, partner_ids, product_ids):
        """The refresh of a few dealers' rows of some products (what a delivery, a report or an
        order changes), as a prepared statement: planning the query (the facts' view joins a dozen
        tables in each branch) costs 20 to 100 times its execution, so it is planned once per
        database connection, with a generic plan. The statement is prepared within the same
        transaction when the connection lacks it (a new connection, one a pooler handed over),
        its name follows its text (an upgraded module prepares its new text), and the whole
        refresh is one round trip."""
        cr = self.env.cr
        upsert = self._dealer_upsert_sql(PREPARED_PARTNERS, PREPARED_PRODUCTS)
        text = cr.mogrify(upsert.code, upsert.params).decode()
        name = "dealer_channel_stock_refresh_" + hashlib.sha1(text.encode()).hexdigest()[:16]
        partners, products = sorted(partner_ids), sorted(product_ids)
        cr.execute(SQL(
            """
            DO $dealer_prepare$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_prepared_statements WHERE name = %(name)s) THEN
                    EXECUTE %(prepare)s;
                END IF;
            END $dealer_prepare$;
            SET LOCAL plan_cache_mode = force_generic_plan;
            DELETE FROM dealer_channel_stock WHERE partner_id = ANY(%(partners)s) AND product_id = ANY(%(products)s);
            EXECUTE %(statement)s(%(partners)s::int[], %(products)s::int[]);
            SET LOCAL plan_cache_mode TO DEFAULT;
            """,
            name=name, prepare=f"PREPARE {name}(int[], int[]) AS {text}", statement=SQL.identifier(name),
            partners=partners, products=products,
        ))

    @api.model
    @in_user_language
    def _cron_dealer_rebuild(self):
        """Daily safety net: every row recomputed from the facts. With a job queue, one job per
        chunk of dealers (:meth:`_dealer_rebuild_as_jobs`); without one, the set-based rebuild
        here (:meth:`_dealer_rebuild`), as before: its few statements over the whole table take
        a little less time than the chunks' statements one after the other in the same
        transaction (14.5 s against 15–16 s for 300,000 rows)."""
        # sudo: the scheduled maintenance of the whole table, whoever the cron's user is
        stock = self.sudo()
        if not stock._dealer_rebuild_as_jobs():
            stock._dealer_rebuild()

    @api.model
    def _dealer_rebuild(self):
        """Recompute every row from the facts (after a bulk load in SQL, or to check the table)."""
        self.env.cr.precommit.data.pop(PENDING_KEY, None)
        self._dealer_refresh()
        self._dealer_rollup_rebuild()
        _logger.info("dealer channel stock rebuilt")
        return True

    # ------------------------------------------------------------------
    # The full rebuild as jobs, by chunks of dealers (dealer.job.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _dealer_rebuild_as_jobs(self):
        """Hand the full rebuild to a job queue: one job per chunk of ``REBUILD_CHUNK_SIZE``
        dealers (:meth:`_dealer_rebuild_chunk`), then :meth:`_dealer_rebuild_finish`.

        :return: True when a job queue took the work (or has it queued already), False when
            there is none: the caller then rebuilds the table itself
        """
        chunks = split_ids(self._dealer_rebuild_partner_ids(), REBUILD_CHUNK_SIZE)
        if not self._dealer_queue_chunks("_dealer_rebuild_chunk", chunks, finish="_dealer_rebuild_finish",
                                         description=self.env._("Rebuild of the channel stock")):
            return False
        _logger.info("dealer channel stock: full rebuild queued (%s chunks)", len(chunks))
        return True

    @api.model
    def _dealer_rebuild_partner_ids(self):
        """The dealers (commercial partners) a rebuild by chunks refreshes, sorted: every partner
        the facts may give a row (the dealers of our transfers, the fulfilling dealers of orders,
        the partners of inventory reports) and every partner with rows (rows of a partner
        without facts any more are deleted by its chunk). A superset of the partners of
        :meth:`_dealer_query`, read from the facts' tables rather than the facts themselves;
        a module adding facts adds their partners here."""
        self._dealer_flush_facts()
        self.flush_model(["partner_id"])
        self.env.cr.execute(SQL(
            """
            SELECT cp.id FROM stock_picking p
              JOIN res_partner addr ON addr.id = p.partner_id
              JOIN res_partner cp ON cp.id = addr.commercial_partner_id AND cp.is_dealer
             UNION
            SELECT d.id FROM sale_order so
              JOIN res_partner d ON d.id = so.fulfillment_dealer_id AND d.dealer_warehouse_id IS NOT NULL
             UNION
            SELECT partner_id FROM dealer_inventory_report WHERE partner_id IS NOT NULL
             UNION
            SELECT partner_id FROM dealer_channel_stock WHERE partner_id IS NOT NULL
             ORDER BY 1
            """
        ))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _dealer_rebuild_chunk(self, partner_ids):
        """Chunk method of the full rebuild: every row of these dealers deleted and written again
        from the facts as they stand (:meth:`_dealer_refresh`). Idempotent: run twice, it writes
        the same rows (their ids pack dealer, product and company).

        Beside the incremental refreshes of the same dealers (a delivery, a report): each writes
        the rows it computed from its own snapshot, so of two transactions writing a row, the one
        whose snapshot predates the other's commit fails on a serialization error (REPEATABLE
        READ) and is retried — a job by queue_job, a request by Odoo — computing the row again
        from the facts the other committed. The rollup's noted keys are rows appended by each
        statement, never waited for; the refreshes noted by the transaction (``PENDING_KEY``)
        are left to it.

        :return: the number of dealers refreshed
        """
        self._dealer_refresh(set(partner_ids))
        _logger.info("dealer channel stock: %s dealers rebuilt", len(partner_ids))
        return len(partner_ids)

    @api.model
    def _dealer_rebuild_finish(self):
        """Last step of the full rebuild by chunks: the rollup written again from the whole table
        (:meth:`_dealer_rollup_rebuild`; idempotent). The keys noted by refreshes not committed
        yet stay noted: the groupings read the table for them until they are merged."""
        self._dealer_rollup_rebuild()
        _logger.info("dealer channel stock rebuilt (by chunks)")
        return True

    @api.model
    def _dealer_refresh_categories(self, template_ids):
        """The product category of the rows of these templates' products."""
        self.env["product.template"].flush_model(["categ_id"])
        self.env.cr.execute(SQL(
            """UPDATE dealer_channel_stock s SET categ_id = pt.categ_id
                 FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
                WHERE pp.id = s.product_id AND pt.id = ANY(%s) AND s.categ_id IS DISTINCT FROM pt.categ_id""",
            list(template_ids),
        ))
        self.invalidate_model(["categ_id"])

    @api.model
    def _dealer_refresh_regions(self):
        """The region of every row, after a change of the regions (one statement)."""
        self.env["dealer.region"].flush_model()
        self.env.cr.execute(SQL(
            """UPDATE dealer_channel_stock s SET dealer_region_id = x.region_id
                 FROM (SELECT rp.id AS partner_id, reg.region_id
                         FROM res_partner rp LEFT JOIN (%s) reg ON reg.state_id = rp.state_id) x
                WHERE x.partner_id = s.partner_id AND s.dealer_region_id IS DISTINCT FROM x.region_id""",
            self._dealer_regions_sql(),
        ))
        self.invalidate_model(["dealer_region_id"])

    @api.model
    def _dealer_refresh_flags(self, company_ids):
        """The difference flags of these companies' rows, after a change of their tolerance."""
        self.env["res.company"].flush_model()
        self.env.cr.execute(SQL(
            """UPDATE dealer_channel_stock s SET difference_flag = s.reported_qty IS NOT NULL AND %s
                 FROM res_company comp WHERE comp.id = s.company_id AND comp.id = ANY(%s)""",
            self._dealer_flag_sql(SQL("s.difference_qty"), SQL("(s.reported_qty - s.difference_qty)")),
            list(company_ids),
        ))
        self.invalidate_model(["difference_flag"])

    # ------------------------------------------------------------------
    # The rollup (groupings on it: dealer.rollup.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _dealer_rollup_select_sql(self, source, alias):
        """SELECT of the rollup's rows summed from the table's rows ``source`` (alias ``alias``)."""
        dimensions = SQL(", ").join(SQL.identifier(alias, name) for name in ROLLUP_DIMENSIONS)
        return SQL(
            "SELECT %(dimensions)s, %(sums)s, count(*) AS row_count FROM %(source)s %(alias)s"
            " GROUP BY %(dimensions)s",
            dimensions=dimensions, source=source, alias=SQL.identifier(alias),
            sums=SQL(", ").join(SQL("sum(%s) AS %s", SQL.identifier(alias, name), SQL.identifier(name))
                                for name in ROLLUP_MEASURES),
        )

    @api.model
    def _dealer_rollup_table_sql(self):
        """The rollup's rows of the keys not noted since it was last merged, and the table's own
        rows of the noted keys: what the table sums to, at the rollup's size. The noted keys are
        read first, so that the grouping's plan knows their number (the rollup alone when there
        are none, an index scan of the table per noted key otherwise)."""
        cr = self.env.cr
        cr.execute(SQL("SELECT DISTINCT company_id, categ_key, state_key FROM %s ORDER BY 1, 2, 3",
                       SQL.identifier(ROLLUP_DIRTY_TABLE)))
        keys = cr.fetchall()
        rollup = SQL(
            "SELECT %s FROM %s r", SQL(", ").join(
                SQL.identifier(name) for name in (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES, "row_count")),
            SQL.identifier(ROLLUP_TABLE))
        if not keys:
            return SQL("(%s)", rollup)
        # the planner's estimate of the noted keys' rows (thousands each) would have PostgreSQL
        # compile the query (JIT) for longer than it runs; undone after the read
        cr.execute("SET LOCAL jit = off")
        self.env.cr.precommit.data[ROLLUP_JIT_KEY] = True
        companies, categories, states = (list(column) for column in zip(*keys, strict=True))
        noted = SQL("unnest(%s::int[], %s::int[], %s::int[]) AS d(company_id, categ_key, state_key)",
                    companies, categories, states)
        return SQL(
            """(%(rollup)s
                 WHERE NOT EXISTS (SELECT FROM %(noted)s WHERE (d.company_id, d.categ_key, d.state_key) = (%(key)s))
                UNION ALL
                SELECT %(table_columns)s FROM %(noted)s CROSS JOIN LATERAL (%(rows)s) s)""",
            rollup=rollup, noted=noted, key=SQL(ROLLUP_KEY_SQL % {"t": "r"}),
            table_columns=SQL(", ").join(
                [SQL.identifier("s", name) for name in (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES)] + [SQL("1")]),
            rows=self._dealer_rollup_key_rows_sql("d"),
        )

    def _dealer_rollup_read_done(self):
        if self.env.cr.precommit.data.pop(ROLLUP_JIT_KEY, False):
            self.env.cr.execute("SET LOCAL jit TO DEFAULT")

    @api.model
    def _dealer_rollup_key_rows_sql(self, key_alias):
        """SELECT of the table's rows of the noted key ``key_alias``, to join laterally: an index
        scan per key, whatever the planner guesses of their number (``OFFSET 0`` keeps it from
        turning the lateral join into a hash join over the whole table)."""
        return SQL(
            """SELECT * FROM dealer_channel_stock x
                WHERE x.company_id = %(k)s.company_id AND COALESCE(x.categ_id, 0) = %(k)s.categ_key
                  AND COALESCE(x.state_id, 0) = %(k)s.state_key OFFSET 0""",
            k=SQL.identifier(key_alias),
        )

    @api.model
    def _dealer_rollup_rebuild(self):
        """Write the rollup again from the whole table (after the full rebuild)."""
        self.flush_model()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", ROLLUP_LOCK_KEY))
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(ROLLUP_DIRTY_TABLE)))
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(ROLLUP_TABLE)))
        cr.execute(SQL("INSERT INTO %s (%s, row_count) %s", SQL.identifier(ROLLUP_TABLE),
                       SQL(", ").join(SQL.identifier(name) for name in (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES)),
                       self._dealer_rollup_select_sql(SQL.identifier(self._table), "s")))

    @api.model
    def _dealer_rollup_merge(self):
        """Fold the keys noted since the last merge into the rollup (one statement); skipped
        when another merge or rebuild is running. Returns the number of keys merged."""
        self._dealer_apply_pending()
        self.flush_model()
        cr = self.env.cr
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", ROLLUP_LOCK_KEY))
        if not cr.fetchone()[0]:
            return 0
        cr.execute(SQL(
            """
            SET LOCAL jit = off;
            WITH noted AS (DELETE FROM %(dirty)s RETURNING company_id, categ_key, state_key),
                 merged AS (SELECT DISTINCT company_id, categ_key, state_key FROM noted),
                 dropped AS (DELETE FROM %(rollup)s r USING merged k
                              WHERE (k.company_id, k.categ_key, k.state_key) = (%(rollup_key)s)),
                 written AS (INSERT INTO %(rollup)s (%(columns)s, row_count) %(select)s RETURNING 1)
            SELECT count(*) FROM merged
            """,
            dirty=SQL.identifier(ROLLUP_DIRTY_TABLE), rollup=SQL.identifier(ROLLUP_TABLE),
            rollup_key=SQL(ROLLUP_KEY_SQL % {"t": "r"}),
            columns=SQL(", ").join(SQL.identifier(name) for name in (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES)),
            select=self._dealer_rollup_select_sql(
                SQL("merged k CROSS JOIN LATERAL (%s)", self._dealer_rollup_key_rows_sql("k")), "s"),
        ))
        merged = cr.fetchone()[0]
        cr.execute("SET LOCAL jit TO DEFAULT")
        return merged

    @api.model
    @in_user_language
    def _cron_dealer_rollup_merge(self):
        """Scheduled every few minutes: the noted keys folded into the rollup."""
        merged = self.sudo()._dealer_rollup_merge()
        if merged:
            _logger.info("dealer channel stock rollup: %s keys merged", merged)

    @api.model
    def _dealer_rollup_init(self):
        """Create the rollup, its noted keys and the triggers that note them (on install and on
        upgrade); a rollup created here is filled from the table as it stands."""
        cr = self.env.cr
        existed = table_exists(cr, ROLLUP_TABLE)
        columns = [SQL("%s %s", SQL.identifier(name), SQL(self._fields[name].column_type[1]))
                   for name in (*ROLLUP_DIMENSIONS, *ROLLUP_MEASURES)] + [SQL("row_count integer NOT NULL")]
        cr.execute(SQL("CREATE TABLE IF NOT EXISTS %s (%s)", SQL.identifier(ROLLUP_TABLE), SQL(", ").join(columns)))
        cr.execute(SQL(
            "CREATE TABLE IF NOT EXISTS %s (company_id integer NOT NULL, categ_key integer NOT NULL,"
            " state_key integer NOT NULL)", SQL.identifier(ROLLUP_DIRTY_TABLE)))
        create_index(cr, f"{ROLLUP_TABLE}_key_idx", ROLLUP_TABLE,
                     ["company_id", "COALESCE(categ_id, 0)", "COALESCE(state_id, 0)"])
        # the table's rows of a noted key
        create_index(cr, f"{self._table}_key_idx", self._table,
                     ["company_id", "COALESCE(categ_id, 0)", "COALESCE(state_id, 0)"])
        cr.execute(SQL(
            """
            CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger LANGUAGE plpgsql AS $note$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO %(dirty)s (company_id, categ_key, state_key)
                         SELECT DISTINCT %(old_key)s FROM old_rows o WHERE o.company_id IS NOT NULL;
                END IF;
                IF TG_OP IN ('UPDATE', 'INSERT') THEN
                    INSERT INTO %(dirty)s (company_id, categ_key, state_key)
                         SELECT DISTINCT %(new_key)s FROM new_rows n WHERE n.company_id IS NOT NULL;
                END IF;
                RETURN NULL;
            END
            $note$
            """,
            function=SQL.identifier(ROLLUP_TRIGGER_FUNCTION), dirty=SQL.identifier(ROLLUP_DIRTY_TABLE),
            old_key=SQL(ROLLUP_KEY_SQL % {"t": "o"}), new_key=SQL(ROLLUP_KEY_SQL % {"t": "n"}),
        ))
        # one trigger per kind of statement: a trigger with transition tables has one event
        for event, referencing in (("INSERT", "NEW TABLE AS new_rows"),
                                   ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                   ("DELETE", "OLD TABLE AS old_rows")):
            trigger = SQL.identifier(f"{self._table}_rollup_{event.lower()}")
            cr.execute(SQL("DROP TRIGGER IF EXISTS %s ON %s", trigger, SQL.identifier(self._table)))
            cr.execute(SQL(
                "CREATE TRIGGER %s AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %s()",
                trigger, SQL(event), SQL.identifier(self._table), SQL(referencing),
                SQL.identifier(ROLLUP_TRIGGER_FUNCTION)))
        if not existed:
            self._dealer_rollup_rebuild()

    def _auto_init(self):
        # the rows were a SQL view in earlier versions of the module: make room for the table
        if table_kind(self.env.cr, self._table) == TableKind.View:
            drop_view_if_exists(self.env.cr, self._table)
        result = super()._auto_init()
        # the ids pack dealer, product and company (stable when a row is refreshed): 64 bits
        if column_exists(self.env.cr, self._table, "id"):
            self.env.cr.execute(SQL(
                "SELECT data_type FROM information_schema.columns WHERE table_name = %s AND column_name = 'id'",
                self._table))
            if self.env.cr.fetchone()[0] != "bigint":
                self.env.cr.execute(SQL("ALTER TABLE %s ALTER COLUMN id TYPE bigint", SQL.identifier(self._table)))
        return result

    def init(self):
        self._dealer_rollup_init()
        self.env.cr.execute(SQL("SELECT 1 FROM %s LIMIT 1", SQL.identifier(self._table)))
        if not self.env.cr.rowcount:
            self._dealer_rebuild()

    def action_view_stock_card(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_inventory.dealer_channel_move_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id), ("product_id", "=", self.product_id.id),
                            ("company_id", "=", self.company_id.id)]
        action["display_name"] = self.env._("Stock card: %(dealer)s · %(product)s",
                                            dealer=self.partner_id.display_name,
                                            product=self.product_id.display_name)
        action["context"] = {}
        return action
