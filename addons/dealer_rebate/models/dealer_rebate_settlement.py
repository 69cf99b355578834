import base64
import io

from psycopg2 import errors as pg_errors

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.dealer_base.tools import in_user_language, lock_rows, new_workbook, safe_text, split_ids

from ..tools import period_label

# Settlements with more lines than this are posted by the scheduled job, in chunks
# (visible progress), instead of inside the user's request.
SYNC_LINE_LIMIT = 200
CHUNK_SIZE = 200


class DealerRebateSettlement(models.Model):
    _name = "dealer.rebate.settlement"
    _description = "Dealer Rebate Settlement"
    _inherit = ["mail.thread", "mail.activity.mixin", "dealer.job.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, readonly=True, copy=False, default="/")
    policy_id = fields.Many2one(
        "dealer.rebate.policy", required=True, index=True, ondelete="restrict", tracking=True, check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company,
        compute="_compute_company_id", store=True, readonly=False, precompute=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    kind = fields.Selection(related="policy_id.kind", store=True)
    period = fields.Selection(related="policy_id.period", store=True, string="Periodicity")
    target_wallet = fields.Selection(related="policy_id.target_wallet")
    date_from = fields.Date(string="Period Start", required=True, tracking=True, index=True)
    date_to = fields.Date(string="Period End", required=True, tracking=True)
    period_label = fields.Char(string="Period", compute="_compute_period_label", store=True)
    accounting_date = fields.Date(
        help="Date of the wallet transactions and journal entries. Empty: the day of the confirmation.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("computed", "To Review"), ("confirming", "Crediting Wallets"),
         ("confirmed", "Confirmed"), ("cancel", "Cancelled")],
        required=True, default="draft", readonly=True, copy=False, tracking=True, index=True,
    )
    line_ids = fields.One2many("dealer.rebate.settlement.line", "settlement_id", string="Lines", readonly=True)
    line_count = fields.Integer(compute="_compute_totals", store=True, string="Dealers")
    base_total = fields.Monetary(compute="_compute_totals", store=True, string="Total Base")
    amount_total = fields.Monetary(compute="_compute_totals", store=True, string="Total Rebate", tracking=True)
    computed_on = fields.Datetime(readonly=True, copy=False)
    confirmed_on = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    progress_done = fields.Integer(readonly=True, copy=False, string="Lines Credited")
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")
    note = fields.Html()

    @api.depends("policy_id")
    def _compute_company_id(self):
        for settlement in self:
            settlement.company_id = settlement.policy_id.company_id or settlement.company_id or self.env.company

    @api.depends("date_from", "period")
    def _compute_period_label(self):
        for settlement in self:
            settlement.period_label = (
                period_label(settlement.date_from, settlement.period)
                if settlement.date_from and settlement.period else False
            )

    @api.depends("line_ids.amount", "line_ids.base_amount")
    def _compute_totals(self):
        Line = self.env["dealer.rebate.settlement.line"]
        totals = {
            settlement: (count, base, amount)
            for settlement, count, base, amount in Line._read_group(
                [("settlement_id", "in", self.ids)], ["settlement_id"],
                ["__count", "base_amount:sum", "amount:sum"],
            )
        } if self.ids else {}
        for settlement in self:
            count, base, amount = totals.get(settlement, (0, 0.0, 0.0))
            settlement.update({"line_count": count, "base_total": base, "amount_total": amount})

    @api.depends("progress_done", "line_count", "state")
    def _compute_progress(self):
        for settlement in self:
            if settlement.state == "confirmed":
                settlement.progress = 100.0
            else:
                settlement.progress = (
                    100.0 * settlement.progress_done / settlement.line_count if settlement.line_count else 0.0
                )

    @api.constrains("policy_id", "date_from", "date_to")
    def _check_period(self):
        for settlement in self:
            settlement.policy_id._check_period(settlement.date_from, settlement.date_to)

    @api.constrains("policy_id", "date_from", "state")
    def _check_one_open_settlement(self):
        for settlement in self.filtered(lambda s: s.state in ("draft", "computed", "confirming")):
            other = self.search_count([
                ("id", "!=", settlement.id), ("policy_id", "=", settlement.policy_id.id),
                ("date_from", "=", settlement.date_from), ("state", "in", ("draft", "computed", "confirming")),
            ], limit=1)
            if other:
                raise ValidationError(self.env._(
                    "%(policy)s already has an open settlement for %(period)s: finish or cancel it first.",
                    policy=settlement.policy_id.name, period=settlement.period_label,
                ))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dealer.rebate.settlement") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if {"policy_id", "date_from", "date_to"} & vals.keys() and any(
            settlement.state not in ("draft", "computed") for settlement in self
        ):
            raise UserError(self.env._("The policy and period of a confirmed settlement cannot change."))
        if {"policy_id", "date_from", "date_to"} & vals.keys():
            self.filtered(lambda s: s.state == "computed").line_ids.unlink()
            vals = dict(vals, state="draft")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(settlement.state in ("confirming", "confirmed") for settlement in self):
            raise UserError(self.env._("Confirmed settlements cannot be deleted."))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_compute(self):
        """(Re)compute the lines: one per dealer of the policy's scope earning a rebate
        in the period, skipping the dealers already settled for this policy and period."""
        Line = self.env["dealer.rebate.settlement.line"]
        for settlement in self:
            if settlement.state not in ("draft", "computed"):
                raise UserError(self.env._(
                    "%(name)s is %(state)s: only draft settlements are computed.",
                    name=settlement.name, state=settlement._state_label(),
                ))
            policy = settlement.policy_id
            policy._check_period(settlement.date_from, settlement.date_to)
            if not policy.uses_sources and not policy.threshold_ids:
                raise UserError(self.env._("%(policy)s has no thresholds: add at least one rate.",
                                           policy=policy.name))
            settlement.line_ids.unlink()
            values = policy._compute_rebates(settlement.date_from, settlement.date_to, exclude_settlement=settlement)
            Line.create([settlement._prepare_line_vals(value) for value in values])
            settlement.write({"state": "computed", "computed_on": fields.Datetime.now(), "progress_done": 0})
            settlement.message_post(body=self.env._(
                "Computed: %(count)s dealer(s), rebate %(amount)s.",
                count=settlement.line_count, amount=settlement._format_amount(settlement.amount_total),
            ))
        return True

    def _prepare_line_vals(self, value):
        self.ensure_one()
        return {
            "settlement_id": self.id,
            # the stored related fields, given once for the batch instead of being
            # recomputed line by line (thousands of lines per settlement)
            **self._line_related_vals(),
            "partner_id": value["partner_id"],
            "base_amount": value["base_amount"],
            "current_amount": value["current_amount"],
            "previous_amount": value["previous_amount"],
            "growth_percent": value["growth_percent"],
            "rate": value["rate"],
            "amount": value["amount"],
            "threshold_id": value["threshold_id"],
            "explanation": value["explanation"],
            "source_ids": [
                Command.create({"res_model": model, "res_id": res_id, "amount": amount})
                for model, res_id, amount in value["source_items"]
            ],
        }

    def _line_related_vals(self):
        self.ensure_one()
        return {
            "policy_id": self.policy_id.id, "kind": self.kind, "date_from": self.date_from,
            "date_to": self.date_to, "period_label": self.period_label, "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
        }

    def action_confirm(self):
        """Credit the dealers' wallets: one ledger transaction and one balanced journal
        entry per line. Large settlements are queued for the scheduled job, which
        posts them in chunks (see ``progress``)."""
        for settlement in self:
            settlement._lock_row()
            if settlement.state in ("confirming", "confirmed"):
                raise UserError(self.env._("%(name)s is already confirmed.", name=settlement.name))
            if settlement.state != "computed":
                raise UserError(self.env._(
                    "%(name)s is %(state)s: compute and review it before confirming.",
                    name=settlement.name, state=settlement._state_label(),
                ))
            settlement.policy_id._check_period(settlement.date_from, settlement.date_to)
            if not settlement.line_ids:
                raise UserError(self.env._("%(name)s has no rebate to credit.", name=settlement.name))
            settlement._check_not_settled_elsewhere()
            settlement.write({
                "state": "confirming", "confirmed_by_id": self.env.user.id, "progress_done": 0,
            })
            if settlement.line_count <= SYNC_LINE_LIMIT:
                settlement._post_lines()
            elif settlement._dealer_queue_chunks(
                "_post_lines_chunk", split_ids(settlement.line_ids.sorted("id").ids, CHUNK_SIZE),
                finish="_post_lines_finish", description=self.env._("Rebate settlement crediting"),
            ):
                settlement.message_post(body=self.env._(
                    "Confirmation queued: %(count)s wallets will be credited by background jobs.",
                    count=settlement.line_count,
                ))
            else:
                self.env.ref("dealer_rebate.ir_cron_dealer_rebate_post")._trigger()
                settlement.message_post(body=self.env._(
                    "Confirmation queued: %(count)s wallets will be credited by the scheduled job.",
                    count=settlement.line_count,
                ))
        return True

    def action_cancel(self):
        for settlement in self:
            if settlement.state in ("confirming", "confirmed"):
                raise UserError(self.env._(
                    "%(name)s is confirmed: its wallet credits stay. Reverse the wallet transactions if the "
                    "rebate must be taken back.", name=settlement.name,
                ))
        self.line_ids.unlink()
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        for settlement in self:
            if settlement.state != "cancel":
                raise UserError(self.env._("Only cancelled settlements go back to draft."))
        self.write({"state": "draft"})
        return True

    def action_view_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_rebate.dealer_rebate_settlement_line_action")
        action["domain"] = [("settlement_id", "=", self.id)]
        action["context"] = {"search_default_group_by_partner": 0}
        return action

    def action_view_transactions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("dealer_wallet.dealer_wallet_transaction_action")
        action["domain"] = [("id", "in", self.line_ids.transaction_id.ids)]
        action["context"] = {}
        return action

    def action_export_xlsx(self):
        self.ensure_one()
        content = self._get_xlsx()
        filename = "%s.xlsx" % self.name.replace("/", "-")
        attachment = self.env["ir.attachment"].create({
            "name": filename,
            "datas": base64.b64encode(content),
            "res_model": self._name,
            "res_id": self.id,
            "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        })
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s?download=true" % attachment.id,
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    def _lock_row(self):
        """Serialize confirmations of one settlement (a double click waits, then sees
        the new state and is refused)."""
        self.ensure_one()
        name = self.name
        self.flush_recordset()
        try:
            with self.env.cr.savepoint(flush=False):
                lock_rows(self, nowait=True)
        except pg_errors.LockNotAvailable as error:
            raise UserError(self.env._("%(name)s is being confirmed by someone else.", name=name)) from error
        self.invalidate_recordset(["state"])

    def _check_not_settled_elsewhere(self):
        self.ensure_one()
        settled = self.policy_id._get_settled_partner_ids(self.date_from, exclude_settlement=self)
        duplicates = self.line_ids.filtered(lambda line: line.partner_id.id in settled)
        if duplicates:
            raise UserError(self.env._(
                "%(policy)s was already settled for %(period)s for: %(partners)s. Recompute the settlement.",
                policy=self.policy_id.name, period=self.period_label,
                partners=", ".join(duplicates.partner_id.mapped("display_name")),
            ))

    def _post_lines(self, limit=None):
        """Credit the wallets of the next ``limit`` lines not credited yet; confirm the
        settlement when none is left. Returns the number of lines credited."""
        self.ensure_one()
        lines = self.line_ids.filtered(lambda line: line.state == "draft").sorted("id")
        if limit:
            lines = lines[:limit]
        done = self._post_lines_chunk(lines.ids)
        self._post_lines_finish()
        return done

    def _post_lines_chunk(self, line_ids):
        """Credit the wallets of the lines ``line_ids`` of this settlement not credited yet.

        One chunk of the confirmation (a job with a job queue). Idempotent: the settlement
        row is locked, credited lines are skipped, and each credit carries the line's
        idempotency key, so a (policy, period, dealer) is credited once however often the
        chunk runs. Returns the number of lines credited.
        """
        self.ensure_one()
        lock_rows(self, ["state", "progress_done"])
        if self.state != "confirming":
            return 0
        Wallet = self.env["dealer.wallet"]
        policy = self.policy_id
        lines = self.env["dealer.rebate.settlement.line"].browse(line_ids).exists().filtered(
            lambda line: line.settlement_id == self and line.state == "draft"
        ).sorted("id")
        if not lines:
            return 0
        date = self.accounting_date or fields.Date.context_today(self)
        memo = "%s %s" % (policy.name, self.period_label)
        transactions = Wallet._grant_many([{
            "partner": line.partner_id, "amount": line.amount, "origin": self.name, "date": date,
            "idempotency_key": line._idempotency_key(), "memo": memo,
        } for line in lines], policy.target_wallet, company=self.company_id,
            expense_account=policy.expense_account_id or None)
        for line, transaction in zip(lines, transactions, strict=True):
            line.write({"state": "posted", "transaction_id": transaction.id})
            if line.source_ids:
                records = self.env[line.source_ids[0].res_model].browse(line.source_ids.mapped("res_id"))
                policy._on_sources_settled(records, line)
        self.progress_done += len(lines)
        return len(lines)

    def _post_lines_finish(self):
        """Confirm the settlement once no line is left to credit (idempotent)."""
        self.ensure_one()
        if self.state != "confirming" or self.line_ids.filtered(lambda line: line.state == "draft"):
            return
        self.write({"state": "confirmed", "confirmed_on": fields.Datetime.now()})
        self.message_post(body=self.env._(
            "Confirmed: %(count)s wallet(s) credited, %(amount)s in total.",
            count=self.line_count, amount=self._format_amount(self.amount_total),
        ))

    @api.model
    @in_user_language
    def _cron_post_settlements(self, chunk_size=CHUNK_SIZE):
        """Credit the wallets of queued settlements, one chunk per call; reports the
        progress to the cron framework, which calls again until all is done."""
        settlement = self.search([("state", "=", "confirming")], order="id", limit=1)
        if not settlement:
            return
        done = settlement.with_company(settlement.company_id)._post_lines(limit=chunk_size)
        remaining = self.env["dealer.rebate.settlement.line"].search_count([
            ("settlement_id.state", "=", "confirming"), ("state", "=", "draft"),
        ])
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _format_amount(self, amount):
        self.ensure_one()
        return "%s %s" % (self.currency_id.symbol or "", f"{amount:,.2f}")

    def _get_xlsx(self):
        """The settlement as an XLSX workbook (bytes): header and one row per dealer.
        Names and codes come from users: they are written as text (``safe_text``), never
        as formulas."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = new_workbook(output)
        title = workbook.add_format({"bold": True, "font_size": 14})
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        cell = workbook.add_format({"border": 1})
        wrap = workbook.add_format({"border": 1, "text_wrap": True})
        money = workbook.add_format({"num_format": "#,##0.00", "border": 1})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True, "border": 1})
        percent = workbook.add_format({"num_format": "0.00##", "border": 1})
        sheet = workbook.add_worksheet(self.env._("Settlement"))
        kinds = dict(self.policy_id._fields["kind"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        sheet.write(0, 0, self.env._("Rebate Settlement %(name)s", name=self.name), title)
        info = [
            (self.env._("Policy"), self.policy_id.name),
            (self.env._("Kind"), kinds[self.kind]),
            (self.env._("Period"), "%s (%s – %s)" % (self.period_label, self.date_from, self.date_to)),
            (self.env._("Status"), states[self.state]),
            (self.env._("Currency"), self.currency_id.name),
        ]
        for row, (label, value) in enumerate(info, start=1):
            sheet.write(row, 0, label, bold)
            sheet.write(row, 1, safe_text(value))
        headers = [
            self.env._("Dealer Code"), self.env._("Dealer"), self.env._("Tier"), self.env._("Region"),
            self.env._("Current Period"), self.env._("Previous Year"), self.env._("Base"),
            self.env._("Rate (%)"), self.env._("Rebate"), self.env._("Wallet Transaction"),
            self.env._("Explanation"),
        ]
        row = len(info) + 2
        sheet.write_row(row, 0, headers, header)
        widths = [12, 30, 10, 14, 16, 16, 16, 10, 14, 18, 80]
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        for line in self.line_ids.sorted(lambda line: (line.partner_id.dealer_code or "", line.id)):
            row += 1
            partner = line.partner_id
            sheet.write(row, 0, safe_text(partner.dealer_code), cell)
            sheet.write(row, 1, safe_text(partner.name), cell)
            sheet.write(row, 2, safe_text(partner.dealer_tier_id.name), cell)
            sheet.write(row, 3, safe_text(partner.state_id.name), cell)
            sheet.write(row, 4, line.current_amount, money)
            sheet.write(row, 5, line.previous_amount, money)
            sheet.write(row, 6, line.base_amount, money)
            sheet.write(row, 7, line.rate, percent)
            sheet.write(row, 8, line.amount, money)
            sheet.write(row, 9, safe_text(line.transaction_id.name), cell)
            sheet.write(row, 10, safe_text(line.explanation), wrap)
        row += 1
        sheet.write(row, 1, self.env._("Total"), bold)
        sheet.write(row, 6, self.base_total, money_bold)
        sheet.write(row, 8, self.amount_total, money_bold)
        workbook.close()
        return output.getvalue()
