from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, float_compare, mute_logger

from odoo.addons.dealer_inventory.models.dealer_channel_stock import STORED_COLUMNS

GROUPBY = ["company_id", "categ_id", "state_id"]


@tagged("post_install", "-at_install")
class TestRollupConcurrency(TransactionCase):
    """The rollup under concurrent transactions, on committed rows: two transactions changing
    rows of the same rollup key never wait for each other, and a merge running while one of
    them is still open leaves the pivot exact once it commits."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            # two rows of different dealers under the same company × category × province
            cr.execute("""
                SELECT a.id, b.id
                  FROM dealer_channel_stock a
                  JOIN dealer_channel_stock b ON b.company_id = a.company_id AND b.categ_id = a.categ_id
                                             AND b.state_id = a.state_id AND b.partner_id != a.partner_id
                 ORDER BY a.id, b.id LIMIT 1""")
            pair = cr.fetchone()
            if not pair:
                # the demo data has none: a second row of a dealer's, under another dealer of its province
                cr.execute("""
                    SELECT s.id, s.partner_id, s.product_id, s.company_id, s.state_id FROM dealer_channel_stock s
                     WHERE s.state_id IS NOT NULL ORDER BY s.id LIMIT 1""")
                row = cr.fetchone()
                self.assertTrue(row, "the demo data has channel stock")
                cr.execute(SQL(
                    """SELECT id FROM res_partner WHERE is_dealer AND state_id = %s AND id != %s
                        ORDER BY id LIMIT 1""", row[4], row[1]))
                other = cr.fetchone()
                self.assertTrue(other, "the demo data has two dealers in a province")
                cr.execute(SQL(
                    """INSERT INTO dealer_channel_stock (id, partner_id, product_id, company_id, categ_id, state_id,
                                                         sell_in_qty, sell_out_qty, expected_qty, estimated_qty)
                       SELECT %(other)s::bigint * 2147483648 + s.product_id::bigint * 1024 + s.company_id,
                              %(other)s, s.product_id, s.company_id, s.categ_id, s.state_id, 3, 0, 3, 3
                         FROM dealer_channel_stock s WHERE s.id = %(row)s RETURNING id""",
                    other=other[0], row=row[0]))
                self.inserted = cr.fetchone()[0]
                pair = (row[0], self.inserted)
            else:
                self.inserted = None
            cr.commit()  # pylint: disable=invalid-commit
        self.first, self.second = pair
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            if self.inserted:
                cr.execute(SQL("DELETE FROM dealer_channel_stock WHERE id = %s", self.inserted))
            # the rows as the facts make them, and the rollup merged
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute(SQL("SELECT DISTINCT partner_id FROM dealer_channel_stock WHERE id IN %s",
                           (self.first, self.second)))
            env["dealer.channel.stock"]._dealer_refresh({row[0] for row in cr.fetchall()})
            env["dealer.channel.stock"]._dealer_rollup_merge()
            cr.commit()  # pylint: disable=invalid-commit

    def _assert_pivot_exact(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            Stock = env["dealer.channel.stock"]
            self.assertTrue(Stock._rollup_answers([], GROUPBY, ["estimated_qty:sum", "__count"], (), None))
            got = {tuple(record.id for record in row[:3]): row[3:]
                   for row in Stock._read_group([], GROUPBY, ["estimated_qty:sum", "__count"])}
            cr.execute("""SELECT company_id, COALESCE(categ_id, 0), COALESCE(state_id, 0), sum(estimated_qty), count(*)
                            FROM dealer_channel_stock GROUP BY 1, 2, 3""")
            expected = {(company, categ or False, state or False): (qty or 0.0, count)
                        for company, categ, state, qty, count in cr.fetchall()}
            self.assertEqual(set(got), set(expected))
            for key, (qty, count) in expected.items():
                self.assertEqual(float_compare(got[key][0] or 0.0, qty, precision_digits=6), 0, key)
                self.assertEqual(got[key][1], count, key)

    def test_writers_never_wait_and_a_merge_in_between(self):
        self._assert_pivot_exact()
        with self.registry.cursor() as first, self.registry.cursor() as second:
            first.execute(SQL("UPDATE dealer_channel_stock SET estimated_qty = estimated_qty + 5 WHERE id = %s",
                              self.first))
            # the same rollup key, another row: no lock to wait for (it would fail after 2 s)
            second.execute("SET LOCAL lock_timeout = '2s'")
            second.execute(SQL("UPDATE dealer_channel_stock SET estimated_qty = estimated_qty + 7 WHERE id = %s",
                               self.second))
            second.commit()  # pylint: disable=invalid-commit
            # the scheduled merge, while the first transaction is still open
            with self.registry.cursor() as job:
                job.execute("SET LOCAL lock_timeout = '2s'")
                merged = api.Environment(job, SUPERUSER_ID, {})["dealer.channel.stock"]._dealer_rollup_merge()
                job.commit()  # pylint: disable=invalid-commit
            self.assertGreaterEqual(merged, 1, "the second transaction's key")
            self._assert_pivot_exact()  # the first transaction's change is not committed: not counted
            first.commit()  # pylint: disable=invalid-commit
        # its key was noted after the merge read the noted keys: the table answers for it
        self._assert_pivot_exact()
        with self.registry.cursor() as job:
            api.Environment(job, SUPERUSER_ID, {})["dealer.channel.stock"]._dealer_rollup_merge()
            job.commit()  # pylint: disable=invalid-commit
        self._assert_pivot_exact()

    def test_rebuild_chunk_beside_a_refresh(self):
        """A chunk of the daily rebuild (a job) and a dealer's incremental refresh (a delivery)
        writing the same rows: whichever began before the other committed fails on a
        serialization error, to be retried (by queue_job, by Odoo) from the facts the other
        committed; it never writes rows of its older snapshot."""
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT partner_id, product_id FROM dealer_channel_stock WHERE id = %s", self.first))
            partner, product = cr.fetchone()

        def chunk(cr):
            api.Environment(cr, SUPERUSER_ID, {})["dealer.channel.stock"]._dealer_rebuild_chunk([partner])

        def refresh(cr):
            api.Environment(cr, SUPERUSER_ID, {})["dealer.channel.stock"]._dealer_refresh({partner}, {product})

        for first, second in ((chunk, refresh), (refresh, chunk)):
            with self.registry.cursor() as late, self.registry.cursor() as early:
                late.execute("SELECT 1")  # its snapshot, before the other commits
                first(early)
                early.commit()  # pylint: disable=invalid-commit
                late.execute("SET LOCAL lock_timeout = '2s'")
                with self.assertRaises(SerializationFailure, msg=f"{second.__name__} after {first.__name__}"), \
                        mute_logger("odoo.sql_db"):
                    second(late)
                late.rollback()
            # retried, in a new transaction: it runs
            with self.registry.cursor() as retry:
                second(retry)
                retry.commit()  # pylint: disable=invalid-commit
        with self.registry.cursor() as cr:
            Stock = api.Environment(cr, SUPERUSER_ID, {})["dealer.channel.stock"]
            columns = SQL(", ").join(SQL.identifier(column) for column in STORED_COLUMNS)
            rows = []
            for query in (SQL("SELECT * FROM dealer_channel_stock WHERE partner_id = %s", partner),
                          Stock._dealer_query([partner])):
                cr.execute(SQL("SELECT %s FROM (%s) q ORDER BY id", columns, query))
                rows.append(cr.fetchall())
            self.assertEqual(rows[0], rows[1], "the dealer's rows as the facts make them")
        self._assert_pivot_exact()
