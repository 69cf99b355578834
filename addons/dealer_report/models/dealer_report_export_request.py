import io
import json
import logging
import os
import tempfile
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from odoo.addons.dealer_base.tools import in_user_language, new_workbook

from ..tools.sheet_xml import assemble_xlsx, renumber_rows, rows_xml

_logger = logging.getLogger(__name__)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# system parameters (ir.config_parameter) and their defaults / bounds
KEEP_DAYS_PARAM = "dealer_report.export_keep_days"
MAX_ROWS_PARAM = "dealer_report.export_max_rows"
CHUNK_ROWS_PARAM = "dealer_report.export_chunk_rows"
SYNC_ROWS_PARAM = "dealer_report.export_sync_rows"
DEFAULT_KEEP_DAYS = 7
DEFAULT_MAX_ROWS = 1_000_000
# one worksheet holds 1,048,576 rows, the header takes one
SHEET_MAX_ROWS = 1_048_575
DEFAULT_CHUNK_ROWS = 5000
DEFAULT_SYNC_ROWS = 5000
# the columns of the flat export of the channel sales analysis, in order
SALES_ROW_FIELDS = [
    "date", "partner_id", "dealer_region_id", "dealer_level_id", "dealer_tier_id", "dealer_type_id",
    "dealer_parent_id", "product_id", "categ_id", "company_id", "currency_id",
    "qty", "amount", "qty_last_year", "amount_last_year", "amount_growth",
]
SALES_ROW_NUMBERS = {"qty": "qty", "qty_last_year": "qty", "amount": "money", "amount_last_year": "money",
                     "amount_growth": "money"}
# the xf indexes (``s`` of a cell) of the sheet's formats: xlsxwriter numbers the formats in
# the order they are first written (the header, then a row's month, quantity and amount),
# which the skeleton workbook keeps (and checks)
SALES_STYLES = {"header": 1, "month": 2, "qty": 3, "money": 4}
SALES_SHEET_MEMBER = "xl/worksheets/sheet1.xml"


def _sales_columns():
    """The sheet's columns for ``rows_xml``: the month, then the fields (the dealer's code
    after the dealer)."""
    columns = [("date", SALES_STYLES["month"])]
    for fname in SALES_ROW_FIELDS[1:]:
        kind = SALES_ROW_NUMBERS.get(fname)
        columns.append(("number", SALES_STYLES[kind]) if kind else ("text", None))
        if fname == "partner_id":
            columns.append(("text", None))
    return columns


SALES_COLUMNS = _sales_columns()


def _bounded_param(env, key, default, low, high):
    """An integer system parameter within [low, high] (the default when unset or not a number)."""
    value = env["ir.config_parameter"].sudo().get_param(key)
    try:
        value = int(value) if value not in (None, False, "") else default
    except ValueError:
        value = default
    return min(max(value, low), high)


class DealerReportExportRequest(models.Model):
    """An XLSX export built in the background: the monthly channel report, or the rows
    of the channel sales analysis of a period (the analysis that reaches 100,000s of rows).

    The work is planned in chunks when the request is made (sheets of the report, groups
    of dealers of the analysis), each chunk stored as a part, then the workbook is
    assembled from the parts and attached. Chunks run as queue_job jobs when the
    ``dealer.job.mixin`` hands them to a job queue, else the scheduled action
    "process the background exports" runs them, one chunk per committed step. The rows
    are read with the requesting user's rights, in the request's company.
    """

    _name = "dealer.report.export.request"
    _description = "Background Export"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.job.mixin"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Requested By", required=True, readonly=True, index=True,
                              default=lambda self: self.env.user, ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True,
                                 default=lambda self: self.env.company, ondelete="cascade")
    kind = fields.Selection(
        [("channel_report", "Monthly Channel Report"), ("sales_rows", "Channel Sales Rows")],
        required=True, readonly=True,
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    top = fields.Integer(string="Dealers and Products Listed", readonly=True)
    domain = fields.Text(readonly=True, help="Rows of the channel sales analysis exported (sales rows).")
    state = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        required=True, default="queued", readonly=True, tracking=True, index=True,
    )
    use_jobs = fields.Boolean(string="Run as Jobs", readonly=True,
                              help="The chunks run as queue_job jobs instead of the scheduled action.")
    chunk_plan = fields.Json(readonly=True, copy=False)
    chunk_rows = fields.Json(
        string="Rows per Chunk", readonly=True, copy=False,
        help="The rows each chunk of sales rows holds as planned: a chunk numbers its rows of the sheet from "
             "them, whatever the order the chunks run in (the last step moves them when a chunk found another "
             "number of rows).")
    chunk_total = fields.Integer(string="Steps", readonly=True)
    chunk_done = fields.Integer(string="Steps Done", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress", help="Share of the steps done, in percent.")
    row_total = fields.Integer(string="Rows", readonly=True)
    error_message = fields.Text(string="Error", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", string="File", readonly=True, copy=False, ondelete="set null")
    date_started = fields.Datetime(string="Started", readonly=True)
    date_finished = fields.Datetime(string="Finished", readonly=True, index=True)
    part_ids = fields.One2many("dealer.report.export.part", "request_id", readonly=True)

    @api.depends("state", "chunk_total", "part_ids")
    def _compute_progress(self):
        # sudo: the parts are the request's own working data (no user reads them directly)
        counts = dict(self.env["dealer.report.export.part"].sudo()._read_group(
            [("request_id", "in", self.ids)], ["request_id"], ["__count"],
        )) if self.ids else {}
        counts = {request.id: count for request, count in counts.items()}
        for request in self:
            done = request.chunk_total if request.state == "done" else counts.get(request.id, 0)
            request.chunk_done = done
            request.progress = 100.0 * done / request.chunk_total if request.chunk_total else 0.0

    # ------------------------------------------------------------------
    # Creating
    # ------------------------------------------------------------------
    @api.model
    def _dealer_export_create(self, vals):
        """Create and start a request of the current user in the current company.

        :param vals: ``kind`` and its parameters (``date_from``/``date_to``/``top``,
            ``domain`` as a list for sales rows); the user, company and state are set here
        :raise UserError: too many rows, or nothing to export
        """
        vals = dict(vals, user_id=self.env.uid, company_id=self.env.company.id, state="queued")
        if isinstance(vals.get("domain"), list):
            vals["domain"] = json.dumps(vals["domain"])
        # sudo: users cannot write requests (their state, file and plan are the background
        # work's); the values here are the current user's own, in a company of his
        with self.env.cr.savepoint():  # a refused export leaves no request behind
            request = self.sudo().create(vals)
            request._dealer_export_start()
        return request.sudo(False)

    def _dealer_export_start(self):
        """Plan the chunks, then hand them to a job queue or to the scheduled action."""
        for request in self:
            plan, rows, chunk_rows = request._dealer_export_plan()
            request.part_ids.unlink()
            request.write({
                "state": "queued", "chunk_plan": plan, "chunk_rows": chunk_rows, "chunk_total": len(plan) + 1,
                "row_total": rows,
                "error_message": False, "date_started": False, "date_finished": False,
            })
            use_jobs = request._dealer_queue_chunks(
                "_dealer_export_chunk", plan, finish="_dealer_export_finish",
                description=self.env._("Export"),
            )
            if use_jobs:
                request.write({"use_jobs": True, "state": "running", "date_started": fields.Datetime.now()})
            else:
                request.use_jobs = False
        if self.filtered(lambda request: not request.use_jobs):
            self.env.ref("dealer_report.ir_cron_dealer_report_export_process")._trigger()

    def _dealer_export_user_env(self):
        """The request as its user sees it: his rights, the request's company, his language."""
        self.ensure_one()
        user = self.user_id
        return self.with_user(user).with_context(
            allowed_company_ids=[self.company_id.id], lang=user.lang, tz=user.tz,
        ).env

    def _dealer_export_domain(self):
        return [("company_id", "=", self.company_id.id)] + json.loads(self.domain or "[]")

    def _dealer_export_plan(self):
        """``(chunks, rows, chunk_rows)``: the chunks as lists of "ids" for
        ``dealer.job.mixin`` (the sheet numbers of the report; groups of dealers holding
        about the chunk's number of rows of the analysis), the number of rows, and the
        number of rows of each chunk (sales rows; False for the report).

        :raise UserError: more rows than the maximum, or none
        """
        self.ensure_one()
        if self.kind == "channel_report":
            builders = self.env["dealer.report.export"].new(self._dealer_export_report_vals())._section_builders()
            return [[index] for index in range(len(builders))], 0, False
        env = self._dealer_export_user_env()
        counts = env["dealer.sales.analysis"]._read_group(
            self._dealer_export_domain(), ["partner_id"], ["__count"], order="partner_id")
        rows = sum(count for _partner, count in counts)
        limit = _bounded_param(self.env, MAX_ROWS_PARAM, DEFAULT_MAX_ROWS, 1, SHEET_MAX_ROWS)
        if rows > limit:
            raise UserError(self.env._(
                "%(rows)s rows match, more than the %(limit)s rows an export may hold: narrow the period or "
                "the dealers.", rows=rows, limit=limit))
        if not rows:
            raise UserError(self.env._("No row of the channel sales analysis matches: nothing to export."))
        size = _bounded_param(self.env, CHUNK_ROWS_PARAM, DEFAULT_CHUNK_ROWS, 1, 50000)
        chunks, sizes, chunk, chunk_rows = [], [], [], 0
        for partner, count in counts:
            if chunk and chunk_rows + count > size:
                chunks.append(chunk)
                sizes.append(chunk_rows)
                chunk, chunk_rows = [], 0
            chunk.append(partner.id)
            chunk_rows += count
        if chunk:
            chunks.append(chunk)
            sizes.append(chunk_rows)
        return chunks, rows, sizes

    def _dealer_export_report_vals(self):
        return {"month": self.date_from, "company_id": self.company_id.id, "top": self.top}

    # ------------------------------------------------------------------
    # Running (chunk and finish methods of dealer.job.mixin)
    # ------------------------------------------------------------------
    def _dealer_export_guard(self, work, *args):
        """Run ``work`` in a savepoint; a failure fails the request with the error and
        leaves nothing half-written (its parts are removed). Concurrency errors are raised
        again so that the step is retried (by the job queue or the next run of the
        scheduled action)."""
        self.ensure_one()
        if self.state not in ("queued", "running"):
            return False  # failed or done already: a late or repeated chunk changes nothing
        try:
            with self.env.cr.savepoint():
                work(*args)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise
        except Exception as error:  # noqa: BLE001 - any error fails the request, with its message
            _logger.warning("background export %s failed", self.id, exc_info=True)
            self._dealer_export_fail(error)
            return False
        return True

    def _dealer_export_chunk(self, chunk):
        """Chunk method: build and store the part of ``chunk`` (idempotent)."""
        # sudo: the background work writes its own bookkeeping; the rows are read with
        # the requesting user's rights (see _dealer_export_user_env)
        for request in self.sudo():
            request._dealer_export_guard(request._dealer_export_write_part, chunk)

    def _dealer_export_finish(self):
        """Finish method: assemble the workbook from the parts, attach it, notify the user."""
        # sudo: see _dealer_export_chunk
        for request in self.sudo():
            request._dealer_export_guard(request._dealer_export_build)

    def _dealer_export_write_part(self, chunk):
        if self.state == "queued":
            self.write({"state": "running", "date_started": fields.Datetime.now()})
        sequence = self.chunk_plan.index(list(chunk))
        if self.kind == "channel_report":
            vals = {"data": json.dumps(self._dealer_export_report_section(chunk[0]), ensure_ascii=False)}
        else:
            vals = self._dealer_export_sales_part(chunk, sequence)
        self.part_ids.filtered(lambda part: part.sequence == sequence).unlink()
        self.env["dealer.report.export.part"].create({"request_id": self.id, "sequence": sequence, **vals})

    def _dealer_export_sales_part(self, partner_ids, sequence):
        """The values of the part of a chunk of sales rows: its rows rendered as the
        sheet's ``<row>`` elements, numbered from the chunk's planned place (after the
        header and the planned rows of the chunks before it)."""
        rows = self._dealer_export_sales_rows(partner_ids)
        start = 2 + sum((self.chunk_rows or [])[:sequence])
        return {"data": rows_xml(rows, start, SALES_COLUMNS), "row_start": start, "row_count": len(rows)}

    def _dealer_export_report_section(self, index):
        wizard = self._dealer_export_user_env()["dealer.report.export"].new(self._dealer_export_report_vals())
        return list(wizard._section_builders()[index]())

    def _dealer_export_sales_rows(self, partner_ids):
        """The rows of the analysis of these dealers as lists of plain values (names as
        text, numbers as numbers, the month as an ISO date)."""
        env = self._dealer_export_user_env()
        domain = self._dealer_export_domain() + [("partner_id", "in", list(partner_ids))]
        records = env["dealer.sales.analysis"].search_read(
            domain, SALES_ROW_FIELDS, order="partner_id, date, product_id, id")
        codes = dict(env["res.partner"].browse(partner_ids).with_context(active_test=False)
                     .mapped(lambda partner: (partner.id, partner.dealer_code or "")))
        rows = []
        for record in records:
            row = []
            for fname in SALES_ROW_FIELDS:
                value = record[fname]
                if fname == "date":
                    row.append(value.isoformat())
                elif isinstance(value, tuple):
                    row.append(value[1] or "")
                    if fname == "partner_id":
                        row.append(codes.get(value[0], ""))
                elif value is False:
                    row.append("" if fname not in SALES_ROW_NUMBERS else 0)
                else:
                    row.append(value)
            rows.append(row)
        return rows

    def _dealer_export_parts(self):
        """The data of the parts in order, one part in memory at a time."""
        self.env["dealer.report.export.part"].flush_model()
        self.env.cr.execute(SQL(
            "SELECT id FROM dealer_report_export_part WHERE request_id = %s ORDER BY sequence", self.id))
        for (part_id,) in self.env.cr.fetchall():
            self.env.cr.execute(SQL("SELECT data FROM dealer_report_export_part WHERE id = %s", part_id))
            yield json.loads(self.env.cr.fetchone()[0])

    def _dealer_export_build(self):
        missing = self.chunk_total - 1 - len(self.part_ids)
        if missing:
            raise UserError(self.env._("%(count)s part(s) of the export are missing.", count=missing))
        env = self._dealer_export_user_env()
        if self.kind == "channel_report":
            sections = [(name, headers, rows, {int(col): fmt for col, fmt in formats.items()})
                        for name, headers, rows, formats in self._dealer_export_parts()]
            content = env["dealer.report.export"].new(self._dealer_export_report_vals())._get_xlsx(sections)
        else:
            content = self._dealer_export_sales_xlsx(env)
        attachment = self.env["ir.attachment"].create({
            "name": "%s.xlsx" % self.name, "raw": content, "mimetype": XLSX_MIMETYPE,
            "res_model": self._name, "res_id": self.id,
        })
        self.part_ids.unlink()
        self.write({"state": "done", "attachment_id": attachment.id, "date_finished": fields.Datetime.now()})
        self._dealer_export_notify(
            self.with_context(lang=self.user_id.lang).env._("Your export %(name)s is ready.", name=self.name),
            "success", attachment,
        )

    def _dealer_export_sales_headers(self, env):
        labels = env["dealer.sales.analysis"].fields_get(SALES_ROW_FIELDS, ["string"])
        headers = []
        for fname in SALES_ROW_FIELDS:
            headers.append(labels[fname]["string"])
            if fname == "partner_id":
                headers.append(env._("Dealer Code"))
        return headers

    def _dealer_export_sales_skeleton(self, env):
        """The flat export's workbook with its header row only, written by xlsxwriter
        (constant memory mode: inline strings): its styles, column widths, frozen panes
        and sheet name are the export's.

        :raise ValueError: xlsxwriter numbered the formats otherwise than the rendered
            rows say (``SALES_STYLES``)
        """
        with tempfile.TemporaryDirectory(prefix="dealer_export_") as directory:
            path = os.path.join(directory, "skeleton.xlsx")
            workbook = new_workbook(path, in_memory=False, constant_memory=True, tmpdir=directory)
            formats = {
                "header": workbook.add_format({"bold": True, "bg_color": "#EFF6FF", "border": 1}),
                "month": workbook.add_format({"num_format": "yyyy-mm"}),
                "qty": workbook.add_format({"num_format": "#,##0.##"}),
                "money": workbook.add_format({"num_format": "#,##0.00"}),
            }
            sheet = workbook.add_worksheet(env._("Channel Sales")[:31])
            for col, header in enumerate(self._dealer_export_sales_headers(env)):
                sheet.set_column(col, col, 12 if col == 0 else 18)
                sheet.write_string(0, col, header, formats["header"])
            sheet.freeze_panes(1, 2)
            # a row that the assembly leaves out, with a cell per format of the rows, so that
            # the formats are in the workbook's styles, numbered in this order
            for col, name in enumerate(("month", "qty", "money")):
                sheet.write_number(1, col, 0, formats[name])
            workbook.close()
            styles = {name: cell_format.xf_index for name, cell_format in formats.items()}
            if styles != SALES_STYLES:
                raise ValueError("xlsxwriter numbered the export's formats %s, not %s" % (styles, SALES_STYLES))
            with open(path, "rb") as handle:
                return handle.read()

    def _dealer_export_sales_xlsx(self, env):
        """The flat export: the skeleton workbook with the rows of the parts, which the
        chunk steps rendered, copied into its sheet one part at a time (a part whose rows
        are not where it planned them is renumbered; one written as JSON by an older
        version is rendered here)."""
        skeleton = self._dealer_export_sales_skeleton(env)
        self.env["dealer.report.export.part"].flush_model()
        # per part: its first row as rendered, whether it is rendered (no row count: JSON),
        # its rows and about its bytes in the sheet (JSON renders to some 3 times its size)
        self.env.cr.execute(SQL("""
            SELECT id, row_start, row_count IS NOT NULL, COALESCE(row_count, json_array_length(data::json)),
                   octet_length(data) * CASE WHEN row_count IS NULL THEN 4 ELSE 1 END
              FROM dealer_report_export_part
             WHERE request_id = %s
          ORDER BY sequence
        """, self.id))
        parts = self.env.cr.fetchall()

        def rows():
            next_row = 2
            for part_id, row_start, rendered, count, _size in parts:
                self.env.cr.execute(SQL("SELECT data FROM dealer_report_export_part WHERE id = %s", part_id))
                data = self.env.cr.fetchone()[0]
                if rendered:
                    yield renumber_rows(data, next_row - row_start)
                else:
                    yield rows_xml(json.loads(data), next_row, SALES_COLUMNS)
                next_row += count

        output = io.BytesIO()
        assemble_xlsx(output, skeleton, SALES_SHEET_MEMBER, rows(), sum(part[3] for part in parts),
                      len(SALES_COLUMNS) - 1, size=sum(part[4] for part in parts))
        return output.getvalue()

    def _dealer_export_fail(self, error):
        message = error.args[0] if isinstance(error, UserError) and error.args else str(error) or repr(error)
        self.part_ids.unlink()
        self.write({"state": "failed", "error_message": message, "date_finished": fields.Datetime.now()})
        self._dealer_export_notify(
            self.with_context(lang=self.user_id.lang).env._(
                "Your export %(name)s failed: %(error)s", name=self.name, error=message),
            "danger",
        )

    def _dealer_export_notify(self, message, level, attachment=None):
        """A message on the request for its user (his inbox) and a notification in his
        open browser tabs."""
        self.message_post(
            body=message, partner_ids=self.user_id.partner_id.ids, subtype_xmlid="mail.mt_comment",
            attachment_ids=attachment.ids if attachment else [],
        )
        self.user_id._bus_send("simple_notification", {
            "type": level, "title": self.name, "message": message, "sticky": level == "danger",
        })

    def _dealer_export_run_inline(self):
        """Run every remaining step now, in this transaction (small exports)."""
        # sudo: see _dealer_export_chunk
        for request in self.sudo():
            for chunk in request.chunk_plan:
                request._dealer_export_chunk(chunk)
            request._dealer_export_finish()

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    @in_user_language
    def _cron_process(self):
        """One step of the oldest request waiting for the scheduled action (a chunk, or the
        assembly of the workbook), then the progress for ir.cron, which commits and calls
        again while steps remain. Each step first removes the old exports."""
        self._dealer_export_gc()
        request = self._dealer_export_next()
        done = 0
        if request:
            done = 1
            parts = set(request.part_ids.mapped("sequence"))
            pending = [index for index in range(len(request.chunk_plan)) if index not in parts]
            if pending:
                request._dealer_export_chunk(request.chunk_plan[pending[0]])
            else:
                request._dealer_export_finish()
        self.env["ir.cron"]._notify_progress(done=done, remaining=self._dealer_export_remaining())
        return done

    @api.model
    def _dealer_export_waiting_domain(self):
        return [("state", "in", ("queued", "running")), ("use_jobs", "=", False)]

    @api.model
    def _dealer_export_next(self):
        """The oldest request waiting for the scheduled action, locked (skipping the ones
        another worker holds)."""
        self.flush_model()
        query = self._search(self._dealer_export_waiting_domain(), order="id", limit=1)
        self.env.cr.execute(SQL("%s FOR UPDATE SKIP LOCKED", query.select()))
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    @api.model
    def _dealer_export_remaining(self):
        waiting = self.search(self._dealer_export_waiting_domain())
        return sum(max(request.chunk_total - request.chunk_done, 0) for request in waiting)

    @api.model
    def _dealer_export_gc(self):
        """Remove the exports (and their files) finished more than the kept days ago."""
        days = _bounded_param(self.env, KEEP_DAYS_PARAM, DEFAULT_KEEP_DAYS, 1, 3650)
        old = self.search([("state", "in", ("done", "failed")),
                           ("date_finished", "<", fields.Datetime.now() - timedelta(days=days))])
        old.unlink()
        return len(old)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_download(self):
        self.ensure_one()
        if self.state != "done" or not self.attachment_id:
            raise UserError(self.env._("The export %(name)s has no file yet.", name=self.name))
        return {"type": "ir.actions.act_url", "target": "self",
                "url": "/web/content/%s?download=true" % self.attachment_id.id}

    def action_retry(self):
        """Run a failed export again."""
        self.check_access("read")
        if self.filtered(lambda request: request.state != "failed"):
            raise UserError(self.env._("Only failed exports can be run again."))
        # sudo: the user may read the request (checked above); its bookkeeping is the
        # background work's
        self.sudo()._dealer_export_start()
        return True
