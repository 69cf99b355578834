from odoo.tests import TransactionCase, tagged

from odoo.addons.base_import_async.models.base_import_import import OPT_CHUNK_SIZE, OPT_USE_QUEUE

from .common import run_pending_jobs

OPTIONS = {"quoting": '"', "separator": ",", "has_headers": True, OPT_USE_QUEUE: True, OPT_CHUNK_SIZE: 2}
HEADER = ["name", "is_company", "dealer_level_id/id", "dealer_parent_id", "state_id/id", "dealer_state"]


@tagged("post_install", "-at_install")
class TestBackgroundImport(TransactionCase):
    """A brand onboards its stores through Odoo's import in the background (OCA
    base_import_async): the file is split into chunk jobs; the dealer network's rules hold in
    every chunk, and a chunk with a bad row fails alone, with its error, creating nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.l1 = Partner.create({
            "name": "导入一级经销商", "is_company": True, "dealer_state": "active",
            "dealer_level_id": cls.env.ref("dealer_base.dealer_level_l1").id,
        })
        cls.store = Partner.create({
            "name": "导入已有门店", "is_company": True, "dealer_state": "active",
            "dealer_level_id": cls.env.ref("dealer_base.dealer_level_store").id, "dealer_parent_id": cls.l1.id,
        })

    def _import(self, rows):
        lines = [HEADER] + rows
        wizard = self.env["base_import.import"].create({
            "res_model": "res.partner", "file_name": "stores.csv", "file_type": "text/csv",
            "file": "\n".join(",".join(line) for line in lines).encode(),
        })
        self.assertEqual(wizard.execute_import(HEADER, HEADER, dict(OPTIONS)), [])
        return wizard

    def _jobs(self):
        return self.env["queue.job"].sudo().search(
            [("model_name", "=", "base_import.import"), ("method_name", "=", "_import_one_chunk")], order="id")

    def _store(self, name, parent="导入一级经销商"):
        return [name, "1", "dealer_base.dealer_level_store", parent, "base.state_cn_ZJ", "active"]

    def test_stores_imported_chunk_by_chunk(self):
        self._import([self._store("导入门店 %s" % index) for index in range(5)])
        created = self.env["res.partner"].search([("name", "like", "导入门店 %")])
        self.assertFalse(created, "nothing is imported before the jobs run")
        run_pending_jobs(self.env)
        jobs = self._jobs()
        # 5 rows in chunks of 2: three chunk jobs after the one that split the file
        self.assertEqual(jobs.mapped("state"), ["done"] * 3)
        stores = self.env["res.partner"].search([("name", "like", "导入门店 %")], order="name")
        self.assertEqual(len(stores), 5)
        self.assertEqual(stores.dealer_parent_id, self.l1)
        self.assertTrue(all(store.is_dealer and store.dealer_state == "active" for store in stores))
        self.assertTrue(all(store.dealer_path.startswith(self.l1.dealer_path) for store in stores))
        self.assertEqual(len(set(stores.mapped("dealer_code"))), 5, "each store gets its own dealer code")
        self.assertEqual(self.l1.dealer_child_ids, stores | self.store)

    def test_bad_chunk_fails_alone(self):
        rows = [self._store("导入门店 %s" % index) for index in range(5)]
        # row 4 (second chunk): a store cannot buy from another store
        rows[3] = self._store("导入门店 3", parent="导入已有门店")
        self._import(rows)
        run_pending_jobs(self.env)
        jobs = self._jobs()
        self.assertEqual(jobs.mapped("state"), ["done", "failed", "done"])
        self.assertIn("cannot buy from", jobs[1].exc_info or "")
        self.assertIn("lines 4 to 5", jobs[1].name)
        stores = self.env["res.partner"].search([("name", "like", "导入门店 %")])
        # the failed chunk created nothing (not even its good row): fix its file and import it again
        self.assertEqual(sorted(stores.mapped("name")), ["导入门店 0", "导入门店 1", "导入门店 4"])
        chunk_file = self.env["ir.attachment"].search([("res_model", "=", "queue.job"), ("res_id", "=", jobs[1].id)])
        self.assertEqual(len(chunk_file), 1)
        self.assertIn("导入已有门店", chunk_file.raw.decode())
