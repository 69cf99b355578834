import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime
from odoo.tools.sql import create_index, create_unique_index, table_exists

from odoo.addons.dealer_base.tools import in_user_language, split_ids

from ..tools.sql import REGION_BY_STATE

_logger = logging.getLogger(__name__)

# ir.config_parameter holding the time of the last refresh (UTC, "YYYY-MM-DD HH:MM:SS")
REFRESH_PARAM = "dealer_report.sales_analysis_refreshed_at"
# an incremental refresh looks at orders written since the last refresh minus this margin:
# a transaction that started before the last refresh but committed after it wrote
# ``write_date`` values older than the refresh; re-reading a few minutes is idempotent
REFRESH_OVERLAP = timedelta(minutes=15)
# two refreshes never run at once (the key is arbitrary, unique to this table)
REFRESH_LOCK_KEY = 74_102_017
# The nightly full rebuild as jobs (a job queue takes them, see dealer.job.mixin): dealers per
# chunk job. Measured on 1,000,000 order lines of 1,233 dealers (637,158 rows, with the channel
# analysis' rows): 250 dealers a chunk, 5 chunks of up to 8 s, 31 s in all (the one-statement
# rebuild 26–32 s); 100 dealers, 13 chunks of up to 4.3 s but 41 s in all; 500 dealers, chunks
# of 12–22 s. A chunk holds the refresh lock for its length: the incremental refresh skips a run
# or two (every few minutes) rather than waiting.
REBUILD_CHUNK_SIZE = 250
# How long a chunk (or the last step) of the rebuild waits for the refresh lock held by another
# refresh before it gives up: PostgreSQL's lock timeout error is a concurrency error, which the
# job queue retries later (an incremental refresh holds the lock a second or so, a full
# one-statement rebuild up to a minute).
REBUILD_LOCK_TIMEOUT = "30s"
# ir.config_parameter holding when the full rebuild now running as jobs was planned (UTC): its
# last step sets the time of the last refresh to it, so the next incremental refresh re-reads
# what changed while the chunks ran
REBUILD_PLANNED_PARAM = "dealer_report.sales_analysis_rebuild_planned_at"

# The dealer × month rollup of the analysis (the product columns summed away, about thirty
# times fewer rows): ``_read_group`` reads it instead of the analysis when everything a
# grouping asks for (groups, sums, count, domain, record rules, order) is one of its columns,
# as for a region × month pivot. Written by the refresh with the analysis, in the same statements'
# transaction, so both always agree.
ROLLUP_TABLE = "dealer_sales_analysis_dealer_month"
# the fields of the analysis the rollup has: its key and the dealer's dimensions ...
ROLLUP_DIMENSIONS = (
    "date", "partner_id", "company_id", "currency_id", "dealer_region_id", "dealer_region_root_id",
    "dealer_level_id", "dealer_tier_id", "dealer_type_id", "dealer_sales_mode_id", "dealer_parent_id",
)
# ... and the measures it sums (``__count`` is the sum of its ``row_count``)
ROLLUP_MEASURES = ("qty", "amount", "qty_last_year", "amount_last_year", "amount_growth")

# the columns the refresh writes, in this order
_COLUMNS = SQL("""
    date, partner_id, company_id, product_id, product_tmpl_id, categ_id, currency_id,
    dealer_region_id, dealer_region_root_id, dealer_level_id, dealer_tier_id, dealer_type_id,
    dealer_sales_mode_id, dealer_parent_id, qty, amount, qty_last_year, amount_last_year
""")


class DealerSalesAnalysis(models.Model):
    """The channel's sell-in: one row per month × dealer × product × company.

    Built set-based from confirmed sale order lines by :meth:`refresh` (never by the
    ORM): amounts are untaxed, in the company's currency (at the order's rate),
    promotion lines included, dated by the order date in the company's time zone.
    Each row also carries the same dealer, product and month a year before, so a row
    exists when either year sold something (a product a dealer stopped buying still
    counts in last year's figures).
    """

    _name = "dealer.sales.analysis"
    _inherit = ["dealer.rollup.mixin", "dealer.job.mixin"]
    _description = "Dealer Sales Analysis"
    _order = "date desc, partner_id, product_id"
    _rec_name = "date"
    _log_access = False
    _dealer_rollup_dimensions = ROLLUP_DIMENSIONS
    _dealer_rollup_measures = ROLLUP_MEASURES
    # The table is a cache rebuilt by refresh(), created by init() below: without the
    # foreign keys the ORM would add (their triggers cost more than the rebuild itself;
    # partners, products and companies with orders cannot be deleted anyway, and the
    # nightly full rebuild drops what points to a deleted tier, type or region).
    _auto = False

    date = fields.Date(string="Month", readonly=True, required=True, help="First day of the month.")
    partner_id = fields.Many2one("res.partner", string="Dealer", readonly=True, required=True, ondelete="cascade")
    dealer_region_id = fields.Many2one(
        "dealer.region", string="Region", readonly=True, ondelete="set null",
        help="The deepest sales region containing the dealer's province.",
    )
    dealer_region_root_id = fields.Many2one(
        "dealer.region", string="Top Region", readonly=True, ondelete="set null",
        help="The top-level sales region above the dealer's region.",
    )
    dealer_level_id = fields.Many2one("dealer.level", string="Level", readonly=True, ondelete="set null")
    dealer_tier_id = fields.Many2one("dealer.tier", string="Tier", readonly=True, ondelete="set null")
    dealer_type_id = fields.Many2one("dealer.type", string="Type", readonly=True, ondelete="set null")
    dealer_sales_mode_id = fields.Many2one(
        "dealer.sales.mode", string="Sales Mode", readonly=True, ondelete="set null")
    dealer_parent_id = fields.Many2one("res.partner", string="Upline", readonly=True, ondelete="set null")
    product_id = fields.Many2one("product.product", readonly=True, ondelete="cascade")
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product Template", readonly=True, ondelete="cascade")
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True, ondelete="set null")
    company_id = fields.Many2one("res.company", readonly=True, required=True, ondelete="cascade")
    currency_id = fields.Many2one("res.currency", readonly=True)
    qty = fields.Float(string="Quantity", readonly=True, digits="Product Unit of Measure")
    amount = fields.Monetary(string="Sales", readonly=True, help="Untaxed, in the company's currency.")
    qty_last_year = fields.Float(string="Quantity Last Year", readonly=True, digits="Product Unit of Measure")
    amount_last_year = fields.Monetary(
        string="Sales Last Year", readonly=True, help="The same dealer, product and month a year before.")
    amount_growth = fields.Monetary(
        string="Growth", readonly=True, help="Sales minus sales of the same month a year before.")

    def init(self):
        cr = self.env.cr
        cr.execute(SQL("""
            CREATE TABLE IF NOT EXISTS dealer_sales_analysis (
                id serial PRIMARY KEY,
                date date NOT NULL,
                partner_id integer NOT NULL,
                company_id integer NOT NULL,
                product_id integer,
                product_tmpl_id integer,
                categ_id integer,
                currency_id integer,
                dealer_region_id integer,
                dealer_region_root_id integer,
                dealer_level_id integer,
                dealer_tier_id integer,
                dealer_type_id integer,
                dealer_sales_mode_id integer,
                dealer_parent_id integer,
                qty numeric,
                amount numeric,
                qty_last_year numeric,
                amount_last_year numeric,
                amount_growth numeric
            )
        """))
        create_unique_index(cr, "dealer_sales_analysis_key_uniq", self._table,
                            ["company_id", "partner_id", "date", "product_id"])
        create_index(cr, "dealer_sales_analysis_date_idx", self._table, ["date"])
        create_index(cr, "dealer_sales_analysis_region_date_idx", self._table, ["dealer_region_id", "date"])
        create_index(cr, "dealer_sales_analysis_partner_date_idx", self._table, ["partner_id", "date"])
        create_index(cr, "dealer_sales_analysis_product_date_idx", self._table, ["product_id", "date"])
        create_index(cr, "dealer_sales_analysis_parent_idx", self._table, ["dealer_parent_id"],
                     where="dealer_parent_id IS NOT NULL")
        # the incremental refresh looks up the orders written since the last refresh
        create_index(cr, "sale_order_dealer_report_write_date_idx", "sale_order", ["write_date"])
        rollup_exists = table_exists(cr, ROLLUP_TABLE)
        # the analysis' own column types: the key NOT NULL, other dimensions integer, measures numeric
        columns = [SQL("id serial PRIMARY KEY"), SQL("date date NOT NULL")] + [
            SQL("%s integer NOT NULL" if name in ("partner_id", "company_id") else "%s integer",
                SQL.identifier(name))
            for name in ROLLUP_DIMENSIONS if name != "date"
        ] + [SQL("%s numeric", SQL.identifier(name)) for name in ROLLUP_MEASURES] + [
            SQL("row_count integer NOT NULL")]
        cr.execute(SQL("CREATE TABLE IF NOT EXISTS %s (%s)", SQL.identifier(ROLLUP_TABLE), SQL(", ").join(columns)))
        create_index(cr, f"{ROLLUP_TABLE}_key_idx", ROLLUP_TABLE, ["company_id", "partner_id", "date"])
        create_index(cr, f"{ROLLUP_TABLE}_date_idx", ROLLUP_TABLE, ["date"])
        create_index(cr, f"{ROLLUP_TABLE}_region_date_idx", ROLLUP_TABLE, ["dealer_region_id", "date"])
        if not rollup_exists:
            # a database upgraded to the rollup: fill it from the analysis as it stands
            cr.execute(self._rollup_insert_query(None))

    # ------------------------------------------------------------------
    # Refresh
    # ------------------------------------------------------------------
    @api.model
    def _get_refreshed_at(self):
        value = self.env["ir.config_parameter"].sudo().get_param(REFRESH_PARAM)
        return fields.Datetime.to_datetime(value) if value else False

    @api.model
    def refresh(self, full=False):
        """Bring the analysis up to date.

        :param full: rebuild every row; otherwise (and on the first refresh a full
            rebuild anyway) only the (company, dealer, month) keys whose orders were
            written since the last refresh, the same keys a year later (their
            last-year columns), and the months begun since the last refresh
            (rows carrying only last year's figures); plus the dimension columns of
            dealers, products and regions changed since then.
        :return: ``{"full": bool, "keys": int, "rows": int}``
        :raise UserError: when another refresh is running
        :raise AccessError: for users other than Dealer Managers (and the scheduled jobs)
        """
        self._check_refresh_access()
        cr = self.env.cr
        self.env.flush_all()
        self._refresh_lock()
        now = self.env.cr.now().replace(microsecond=0)
        last = self._get_refreshed_at()
        full = full or not last
        if full:
            cr.execute(SQL("DELETE FROM dealer_sales_analysis"))
            cr.execute(self._insert_query(None, now))
            rows = cr.rowcount
            keys = None
            self._rebuild_rollup()
        else:
            keys = self._collect_touched_keys(last - REFRESH_OVERLAP, last, now)
            if keys:
                for table in ("dealer_sales_analysis", ROLLUP_TABLE):
                    cr.execute(SQL("""
                        DELETE FROM %(table)s a
                         USING dealer_sales_analysis_touched t
                         WHERE a.company_id = t.company_id AND a.partner_id = t.partner_id AND a.date = t.month
                    """, table=SQL.identifier(table)))
                cr.execute(self._insert_query(SQL.identifier("dealer_sales_analysis_touched"), now))
                rows = cr.rowcount
                cr.execute(self._rollup_insert_query(SQL.identifier("dealer_sales_analysis_touched")))
            else:
                rows = 0
            self._update_dimensions(last - REFRESH_OVERLAP)
        extra = self._refresh_extensions(full, last, now)
        # sudo: the system parameters of the refresh, checked above (managers and scheduled jobs)
        Param = self.env["ir.config_parameter"].sudo()
        Param.set_param(REFRESH_PARAM, fields.Datetime.to_string(now))
        if full:
            # everything is written as of now: the time a rebuild by chunks still running was
            # planned is of no use any more (its last step leaves the time of the last refresh)
            Param.set_param(REBUILD_PLANNED_PARAM, False)
        self.invalidate_model()
        _logger.info("dealer sales analysis refreshed (%s): %s keys, %s rows",
                     "full" if full else "incremental", "all" if keys is None else keys, rows)
        return {"full": full, "keys": keys, "rows": rows, **extra}

    @api.model
    def _check_refresh_access(self):
        if not (self.env.is_superuser() or self.env.user.has_group("dealer_base.group_dealer_manager")):
            # the rebuild writes with SQL, past the access rights: only managers may start it
            raise AccessError(self.env._("Only Dealer Managers can refresh the channel sales analysis."))

    @api.model
    def _refresh_lock(self, wait=False):
        """Take the refresh lock for this transaction: two refreshes never write at once.

        :param wait: wait for a refresh holding it (at most ``REBUILD_LOCK_TIMEOUT``, then
            PostgreSQL raises ``LockNotAvailable``: the job queue retries the job later);
            otherwise raise at once
        :raise UserError: when not waiting and another refresh holds the lock
        """
        cr = self.env.cr
        if wait:
            cr.execute(SQL("SET LOCAL lock_timeout = %s", REBUILD_LOCK_TIMEOUT))
            cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", REFRESH_LOCK_KEY))
            cr.execute(SQL("SET LOCAL lock_timeout TO DEFAULT"))
            return
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", REFRESH_LOCK_KEY))
        if not cr.fetchone()[0]:
            raise UserError(self.env._("The sales analysis is being refreshed right now; try again in a moment."))

    @api.model
    def _refresh_extensions(self, full, last, now):
        """Hook of :meth:`refresh`, called once the analysis is up to date, in the same
        transaction and under the same lock: the bridges refresh their own tables built on it.

        :param full: the analysis was rebuilt whole
        :param last: the time of the previous refresh (False before the first one)
        :param now: the time of this refresh
        :return: a dict added to the result of :meth:`refresh`
        """
        return {}

    # ------------------------------------------------------------------
    # Full rebuild as jobs, by chunks of dealers (dealer.job.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _rebuild_as_jobs(self):
        """Hand the full rebuild to a job queue: one job per chunk of ``REBUILD_CHUNK_SIZE``
        dealers (:meth:`_rebuild_chunk`), then :meth:`_rebuild_finish`.

        :return: True when a job queue took the work (or has it queued already), False when
            there is none: the caller then rebuilds in one statement (:meth:`refresh`)
        """
        self._check_refresh_access()
        self.env.flush_all()
        now = self.env.cr.now().replace(microsecond=0)
        chunks = split_ids(self._rebuild_partner_ids(), REBUILD_CHUNK_SIZE)
        if not self._dealer_queue_chunks("_rebuild_chunk", chunks, finish="_rebuild_finish",
                                         description=self.env._("Rebuild of the channel sales analysis")):
            return False
        # sudo: the system parameter of the analysis' refresh, written by the refresh itself
        Param = self.env["ir.config_parameter"].sudo()
        # kept when a rebuild queued earlier has not finished yet (queued again, nothing was
        # queued): its chunks ran since the earlier time
        if not Param.get_param(REBUILD_PLANNED_PARAM):
            Param.set_param(REBUILD_PLANNED_PARAM, fields.Datetime.to_string(now))
        _logger.info("dealer sales analysis: full rebuild queued (%s chunks)", len(chunks))
        return True

    @api.model
    def _rebuild_partner_ids(self):
        """The dealers a full rebuild by chunks writes again, sorted: those with confirmed
        orders and those with rows (rows of a partner that is no longer a dealer are deleted
        by its chunk). Extended by the bridges for their own tables."""
        self.env.cr.execute(SQL("""
            SELECT dealer.id FROM %(from)s WHERE s.state = 'sale'
             UNION
            SELECT partner_id FROM dealer_sales_analysis
             ORDER BY 1
        """, **{"from": self._dealer_orders_from()}))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _rebuild_chunk(self, partner_ids):
        """Chunk method of the full rebuild: delete every row of these dealers from the analysis
        and its rollup and write them again from their confirmed orders as they stand, under the
        refresh lock (waited for). Idempotent: run twice, it writes the same rows.

        :return: ``{"rows": int, ...}`` (the extensions' counts added)
        """
        cr = self.env.cr
        self.env.flush_all()
        self._refresh_lock(wait=True)
        now = cr.now().replace(microsecond=0)
        for table in ("dealer_sales_analysis", ROLLUP_TABLE):
            cr.execute(SQL("DELETE FROM %s WHERE partner_id = ANY(%s)", SQL.identifier(table), list(partner_ids)))
        self._collect_dealer_orders(partner_ids)
        cr.execute(self._insert_query(None, now, dealers=True))
        rows = cr.rowcount
        cr.execute(self._rollup_insert_query(None, partner_ids=partner_ids))
        extra = self._rebuild_chunk_extensions(partner_ids)
        self.invalidate_model()
        _logger.info("dealer sales analysis: %s dealers rebuilt, %s rows", len(partner_ids), rows)
        return {"rows": rows, **extra}

    @api.model
    def _rebuild_chunk_extensions(self, partner_ids):
        """Hook of :meth:`_rebuild_chunk`, called once the rows of these dealers are written
        again, in the same transaction and under the same lock: the bridges rebuild their own
        tables' rows of these dealers (the full rebuild by chunks does not call
        :meth:`_refresh_extensions`: this hook stands for it, chunk by chunk).

        :return: a dict added to the result of the chunk
        """
        return {}

    @api.model
    def _rebuild_finish(self):
        """Last step of the full rebuild by chunks (after every chunk): delete the rows of
        partners that are no longer dealers and set the time of the last
        refresh to when the rebuild was planned (the incremental refresh then re-reads what
        changed while the chunks ran; when that time is unknown, the time of the last refresh is
        left as the incremental refreshes set it). Idempotent.

        :return: ``{"rows_deleted": int}``
        """
        cr = self.env.cr
        self.env.flush_all()
        self._refresh_lock(wait=True)
        # sudo: the system parameters of the analysis' refresh, written by the refresh itself
        Param = self.env["ir.config_parameter"].sudo()
        planned = Param.get_param(REBUILD_PLANNED_PARAM)
        deleted = 0
        for table in ("dealer_sales_analysis", ROLLUP_TABLE):
            cr.execute(SQL("""
                DELETE FROM %s a
                 WHERE NOT EXISTS (SELECT 1 FROM res_partner dealer
                                    WHERE dealer.id = a.partner_id AND dealer.dealer_level_id IS NOT NULL)
            """, SQL.identifier(table)))
            deleted += cr.rowcount
        if planned:
            Param.set_param(REFRESH_PARAM, planned)
            Param.set_param(REBUILD_PLANNED_PARAM, False)
        self.invalidate_model()
        _logger.info("dealer sales analysis: full rebuild by chunks finished (planned %s)", planned or "?")
        return {"rows_deleted": deleted}

    @api.model
    def _month_sql(self):
        """The month of an order (alias ``s``) in its company's time zone (alias ``company_partner``)."""
        return SQL(
            "date_trunc('month', (s.date_order AT TIME ZONE 'UTC') AT TIME ZONE "
            "COALESCE(NULLIF(company_partner.tz, ''), 'UTC'))::date"
        )

    @api.model
    def _dealer_orders_from(self):
        """Orders of dealers (the commercial partner of the customer has a dealer level)."""
        return SQL("""
            sale_order s
            JOIN res_partner customer ON customer.id = s.partner_id
            JOIN res_partner dealer ON dealer.id = customer.commercial_partner_id AND dealer.dealer_level_id IS NOT NULL
            JOIN res_company company ON company.id = s.company_id
            JOIN res_partner company_partner ON company_partner.id = company.partner_id
        """)

    @api.model
    def _collect_touched_keys(self, since, last, now):
        """Fill the temporary table ``dealer_sales_analysis_touched`` (company, dealer,
        month) with the keys to rebuild and return their number."""
        cr = self.env.cr
        cr.execute(SQL("""
            CREATE TEMPORARY TABLE IF NOT EXISTS dealer_sales_analysis_touched (
                company_id integer, partner_id integer, month date
            ) ON COMMIT DROP
        """))
        cr.execute(SQL("TRUNCATE dealer_sales_analysis_touched"))
        month = self._month_sql()
        cr.execute(SQL("""
            WITH orders AS (
                SELECT DISTINCT s.company_id, dealer.id AS partner_id, %(month)s AS month
                  FROM %(from)s
                 WHERE s.write_date >= %(since)s
            ), keys AS (
                SELECT company_id, partner_id, month FROM orders
                 UNION
                -- their rows a year later carry them as last year's figures
                SELECT company_id, partner_id, (month + interval '1 year')::date FROM orders
                 WHERE month + interval '1 year' <= date_trunc('month', %(now)s::timestamp)
                 UNION
                -- months begun since the last refresh: rows with only last year's figures
                SELECT company_id, partner_id, (date + interval '1 year')::date
                  FROM dealer_sales_analysis
                 WHERE date + interval '1 year' > date_trunc('month', %(last)s::timestamp)
                   AND date + interval '1 year' <= date_trunc('month', %(now)s::timestamp)
                   AND (qty != 0 OR amount != 0)
            )
            INSERT INTO dealer_sales_analysis_touched (company_id, partner_id, month)
            SELECT company_id, partner_id, month FROM keys
        """, month=month, since=since, last=last, now=now, **{"from": self._dealer_orders_from()}))
        count = cr.rowcount
        if count:
            cr.execute(SQL("ANALYZE dealer_sales_analysis_touched"))
            # their orders, found from the dealers (partner indexes), in a table of their own so
            # that the rebuild joins them with their lines by the lines' order index
            self._orders_table()
            cr.execute(SQL("""
                INSERT INTO dealer_sales_analysis_orders (order_id)
                SELECT DISTINCT s.id
                  FROM dealer_sales_analysis_touched t
                  JOIN res_partner customer ON customer.commercial_partner_id = t.partner_id
                  JOIN sale_order s ON s.partner_id = customer.id AND s.company_id = t.company_id
                  JOIN res_company company ON company.id = s.company_id
                  JOIN res_partner company_partner ON company_partner.id = company.partner_id
                 WHERE s.state = 'sale'
                   AND (%(month)s = t.month OR (%(month)s + interval '1 year')::date = t.month)
            """, month=month))
            cr.execute(SQL("ANALYZE dealer_sales_analysis_orders"))
        return count

    @api.model
    def _orders_table(self):
        """Create (or empty) the temporary table ``dealer_sales_analysis_orders`` of the orders
        a partial rebuild reads (see :meth:`_insert_query`)."""
        cr = self.env.cr
        cr.execute(SQL("""
            CREATE TEMPORARY TABLE IF NOT EXISTS dealer_sales_analysis_orders (order_id integer)
            ON COMMIT DROP
        """))
        cr.execute(SQL("TRUNCATE dealer_sales_analysis_orders"))

    @api.model
    def _collect_dealer_orders(self, partner_ids):
        """Fill ``dealer_sales_analysis_orders`` with the confirmed orders of these dealers
        (their contacts' included), found from the partner indexes."""
        cr = self.env.cr
        self._orders_table()
        cr.execute(SQL("""
            INSERT INTO dealer_sales_analysis_orders (order_id)
            SELECT s.id
              FROM res_partner customer
              JOIN sale_order s ON s.partner_id = customer.id
             WHERE customer.commercial_partner_id = ANY(%s) AND s.state = 'sale'
        """, list(partner_ids)))
        cr.execute(SQL("ANALYZE dealer_sales_analysis_orders"))

    @api.model
    def _insert_query(self, touched, now, dealers=False):
        """INSERT of the rows of every key (``touched`` is None), of the keys listed in
        the table ``touched``, or (``dealers``) of every key of the dealers whose orders
        :meth:`_collect_dealer_orders` listed: this year's lines joined with last year's."""
        month = self._month_sql()
        if touched is None and not dealers:
            target = SQL()
            source = SQL("WITH source_lines AS (SELECT * FROM sale_order_line)")
        else:
            # the lines of the orders of the keys (the dealers) and of the same keys a year
            # before, read first (a materialized CTE: the planner cannot turn it into a scan of
            # every line); every row of those lines is written for dealers
            target = SQL() if touched is None else SQL("""
                AND EXISTS (
                    SELECT 1 FROM %(touched)s t
                     WHERE t.company_id = rows.company_id AND t.partner_id = rows.partner_id AND t.month = rows.date
                )
            """, touched=touched)
            source = SQL("""
                WITH source_lines AS MATERIALIZED (
                    SELECT line.* FROM dealer_sales_analysis_orders o
                      JOIN sale_order_line line ON line.order_id = o.order_id
                )
            """)
        return SQL("""
            %(source)s, lines AS (
                SELECT %(month)s AS month,
                       dealer.id AS partner_id,
                       s.company_id,
                       l.product_id,
                       SUM(l.product_uom_qty / line_uom.factor * product_uom.factor) AS qty,
                       SUM(l.price_subtotal / CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0
                                                   ELSE s.currency_rate END) AS amount
                  FROM %(from)s
                  JOIN source_lines l ON l.order_id = s.id
                  JOIN product_product product ON product.id = l.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                  JOIN uom_uom line_uom ON line_uom.id = l.product_uom
                  JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                 WHERE s.state = 'sale'
                   AND l.display_type IS NULL
                   AND NOT COALESCE(l.is_downpayment, FALSE)
              GROUP BY 1, 2, 3, 4
            ), rows AS (
                SELECT COALESCE(cur.month, (prev.month + interval '1 year')::date) AS date,
                       COALESCE(cur.partner_id, prev.partner_id) AS partner_id,
                       COALESCE(cur.company_id, prev.company_id) AS company_id,
                       COALESCE(cur.product_id, prev.product_id) AS product_id,
                       COALESCE(cur.qty, 0) AS qty,
                       COALESCE(cur.amount, 0) AS amount,
                       COALESCE(prev.qty, 0) AS qty_last_year,
                       COALESCE(prev.amount, 0) AS amount_last_year
                  FROM lines cur
             FULL JOIN lines prev
                    ON prev.partner_id = cur.partner_id AND prev.company_id = cur.company_id
                   AND prev.product_id = cur.product_id AND prev.month = (cur.month - interval '1 year')::date
            )
            INSERT INTO dealer_sales_analysis (%(columns)s, amount_growth)
            SELECT rows.date, rows.partner_id, rows.company_id, rows.product_id,
                   product.product_tmpl_id, template.categ_id, company.currency_id,
                   region.region_id, region.root_id, dealer.dealer_level_id, dealer.dealer_tier_id,
                   dealer.dealer_type_id, dealer.dealer_sales_mode_id, dealer.dealer_parent_id,
                   rows.qty, ROUND(rows.amount::numeric, currency.decimal_places), rows.qty_last_year,
                   ROUND(rows.amount_last_year::numeric, currency.decimal_places),
                   ROUND(rows.amount::numeric, currency.decimal_places)
                   - ROUND(rows.amount_last_year::numeric, currency.decimal_places)
              FROM rows
              JOIN res_partner dealer ON dealer.id = rows.partner_id
              JOIN res_company company ON company.id = rows.company_id
              JOIN res_currency currency ON currency.id = company.currency_id
              JOIN product_product product ON product.id = rows.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN (%(regions)s) region ON region.state_id = dealer.state_id
             WHERE (rows.qty != 0 OR rows.amount != 0 OR rows.qty_last_year != 0 OR rows.amount_last_year != 0)
               -- a row with only last year's figures exists once its month has begun
               AND (rows.qty != 0 OR rows.amount != 0 OR rows.date <= date_trunc('month', %(now)s::timestamp))
               %(target)s
        """, source=source, month=month, target=target, now=now, columns=_COLUMNS,
                   regions=SQL(REGION_BY_STATE), **{"from": self._dealer_orders_from()})

    @api.model
    def _rollup_insert_query(self, touched, partner_ids=None):
        """INSERT of the rollup's rows from the analysis: of every key (``touched`` and
        ``partner_ids`` are None), of the (company, dealer, month) keys listed in the table
        ``touched``, or of every key of the dealers ``partner_ids``."""
        dimensions = SQL(", ").join(SQL.identifier("a", name) for name in ROLLUP_DIMENSIONS)
        if touched is not None:
            scope = SQL("""
                JOIN %(touched)s t ON t.company_id = a.company_id AND t.partner_id = a.partner_id AND t.month = a.date
            """, touched=touched)
        elif partner_ids is not None:
            scope = SQL("WHERE a.partner_id = ANY(%s)", list(partner_ids))
        else:
            scope = SQL()
        return SQL("""
            INSERT INTO %(rollup)s (%(columns)s, %(measures)s, row_count)
            SELECT %(dimensions)s, %(sums)s, COUNT(*)
              FROM dealer_sales_analysis a
              %(scope)s
          GROUP BY %(dimensions)s
        """, rollup=SQL.identifier(ROLLUP_TABLE),
                   columns=SQL(", ").join(SQL.identifier(name) for name in ROLLUP_DIMENSIONS),
                   measures=SQL(", ").join(SQL.identifier(name) for name in ROLLUP_MEASURES),
                   sums=SQL(", ").join(SQL("SUM(%s)", SQL.identifier("a", name)) for name in ROLLUP_MEASURES),
                   dimensions=dimensions, scope=scope)

    @api.model
    def _rebuild_rollup(self):
        """Write the rollup again from the whole analysis as it stands (the full refresh; data
        written into the analysis by SQL, past :meth:`refresh`: benchmarks)."""
        self.env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(ROLLUP_TABLE)))
        self.env.cr.execute(self._rollup_insert_query(None))

    @api.model
    def _update_dimensions(self, since):
        """Set the dealer, product and region columns again where they changed since ``since``
        (the dealer's in the rollup too)."""
        cr = self.env.cr
        for table in ("dealer_sales_analysis", ROLLUP_TABLE):
            self._update_dealer_dimensions(SQL.identifier(table), since)
        cr.execute(SQL("""
            UPDATE dealer_sales_analysis a
               SET categ_id = template.categ_id
              FROM product_template template
             WHERE a.product_tmpl_id = template.id
               AND template.write_date >= %(since)s
               AND a.categ_id IS DISTINCT FROM template.categ_id
        """, since=since))

    @api.model
    def _update_dealer_dimensions(self, table, since):
        cr = self.env.cr
        cr.execute(SQL("""
            UPDATE %(table)s a
               SET dealer_level_id = dealer.dealer_level_id, dealer_tier_id = dealer.dealer_tier_id,
                   dealer_type_id = dealer.dealer_type_id, dealer_sales_mode_id = dealer.dealer_sales_mode_id,
                   dealer_parent_id = dealer.dealer_parent_id,
                   dealer_region_id = region.region_id, dealer_region_root_id = region.root_id
              FROM res_partner dealer
         LEFT JOIN (%(regions)s) region ON region.state_id = dealer.state_id
             WHERE a.partner_id = dealer.id
               AND (dealer.write_date >= %(since)s
                    OR EXISTS (SELECT 1 FROM dealer_region r WHERE r.write_date >= %(since)s))
               AND (a.dealer_region_id IS DISTINCT FROM region.region_id
                    OR a.dealer_region_root_id IS DISTINCT FROM region.root_id
                    OR a.dealer_level_id IS DISTINCT FROM dealer.dealer_level_id
                    OR a.dealer_tier_id IS DISTINCT FROM dealer.dealer_tier_id
                    OR a.dealer_type_id IS DISTINCT FROM dealer.dealer_type_id
                    OR a.dealer_sales_mode_id IS DISTINCT FROM dealer.dealer_sales_mode_id
                    OR a.dealer_parent_id IS DISTINCT FROM dealer.dealer_parent_id)
        """, table=table, since=since, regions=SQL(REGION_BY_STATE)))

    # ------------------------------------------------------------------
    # Grouping on the rollup (dealer.rollup.mixin routes the groupings it answers)
    # ------------------------------------------------------------------
    @api.model
    def _dealer_rollup_table_sql(self):
        return SQL.identifier(ROLLUP_TABLE)

    @api.model
    @in_user_language
    def _cron_refresh(self, full=False):
        """Scheduled jobs: an incremental refresh every few minutes, a full rebuild at
        night (it also drops what changed without leaving a trace the incremental
        refresh can follow: an order moved to another month, a deleted line or tier);
        skipped when a refresh is already running.

        The full rebuild goes to a job queue when one takes it (:meth:`_rebuild_as_jobs`: one
        job per chunk of dealers); without one it is the one-statement rebuild of
        :meth:`refresh`, faster than the chunks' statements one after the other."""
        try:
            with self.env.cr.savepoint():
                if full and self._rebuild_as_jobs():
                    return
                self.refresh(full=full)
        except UserError:
            _logger.info("dealer sales analysis: a refresh is already running, skipped")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _refreshed_at_label(self):
        refreshed_at = self._get_refreshed_at()
        if not refreshed_at:
            return self.env._("never refreshed")
        return self.env._("refreshed %(time)s", time=format_datetime(self.env, refreshed_at, dt_format="short"))

    @api.model
    def action_open_analysis(self):
        """The analysis, its title telling when it was last refreshed."""
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_report.dealer_sales_analysis_action")
        action["display_name"] = self.env._("Channel Sales (%(refreshed)s)", refreshed=self._refreshed_at_label())
        return action

    def action_refresh(self):
        """Button of the list view: refresh now, then reopen the analysis."""
        self.refresh()
        return self.action_open_analysis()
