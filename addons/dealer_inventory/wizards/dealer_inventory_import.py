import base64
import datetime
import math
import re

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.dealer_base.tools import SpreadsheetError, read_table

# header names accepted in the first row (lower case)
HEADERS = {
    "code": {"code", "default_code", "internal reference", "reference", "sku", "商品编码", "编码", "货号"},
    "barcode": {"barcode", "ean", "条码", "条形码"},
    "qty": {"qty", "quantity", "数量", "销售数量", "库存数量"},
    "lot": {"lot", "lot number", "batch", "批次", "批号"},
    "expiration": {"expiration date", "expiration", "expiry", "expiry date", "到期日期", "有效期至", "到期日"},
    "customer": {"customer code", "customer", "客户编码", "客户"},
    "date": {"date", "日期", "销售日期"},
}
IMPORT_MAX_ROWS = 20000
IMPORT_MAX_COLS = 30
IMPORT_MAX_BYTES = 10 * 1024 * 1024
MAX_QTY = 1e9


def parse_date(text):
    """A date written as 2026-12-01, 2026/12/01, 2026.12.01 or 20261201 (a time may follow), else None."""
    text = (text or "").strip().split(" ")[0].split("T")[0]
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


class DealerInventoryImport(models.TransientModel):
    """Upload a dealer's sell-out or stock count from an XLSX or CSV file: all rows are
    checked first, every bad row is reported by its number, and nothing is written unless
    the whole file is right; then one done report is created."""

    _name = "dealer.inventory.import"
    _description = "Import Dealer Sell-out or Stock Count"

    partner_id = fields.Many2one(
        "res.partner", string="Dealer", required=True, domain="[('is_dealer', '=', True), ('is_company', '=', True)]",
    )
    report_type = fields.Selection(
        [("stock", "Stock Count"), ("sellout", "Sell-out")], string="Type", required=True, default="sellout",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    date_from = fields.Date(string="From")
    file = fields.Binary(required=True)
    filename = fields.Char()

    def action_import(self):
        self.ensure_one()
        report = self._dealer_import(
            base64.b64decode(self.file or b""), self.filename or "", self.partner_id, self.report_type,
            self.date, self.date_from, source="import",
        )
        return {
            "type": "ir.actions.act_window", "res_model": report._name, "res_id": report.id,
            "view_mode": "form", "views": [(False, "form")],
        }

    @api.model
    def _dealer_import(self, content, filename, partner, report_type, date, date_from, source="import"):
        """Read ``content`` and create the done report, or raise one UserError listing every
        bad row (nothing written)."""
        try:
            rows = read_table(content, filename, max_rows=IMPORT_MAX_ROWS, max_cols=IMPORT_MAX_COLS,
                              max_bytes=IMPORT_MAX_BYTES)
        except SpreadsheetError as error:
            raise UserError(error.translated(self.env)) from error
        return self._dealer_import_rows(rows, partner, report_type, date, date_from, source=source)

    @api.model
    def _dealer_check_reporter(self, partner):
        """A portal user reports only for its own dealer (and its downline, if the company allows)."""
        if self.env.user.share and partner not in self.env.user.partner_id._dealer_inventory_reported_partners():
            raise AccessError(self.env._("You can only report for your own company."))

    @api.model
    def _dealer_import_rows(self, rows, partner, report_type, date, date_from, source="import"):
        partner = partner.commercial_partner_id
        self._dealer_check_reporter(partner)
        today = fields.Date.context_today(self)
        Report = self.env["dealer.inventory.report"]
        if not partner.is_dealer:
            raise UserError(self.env._("%(partner)s is not a dealer.", partner=partner.display_name))
        if not date or date > today:
            raise UserError(self.env._("The report date cannot be in the future."))
        if report_type == "sellout":
            if not date_from or date_from > date:
                raise UserError(self.env._("A sell-out report needs a period whose start is not after its end."))
            overlap = Report._dealer_overlapping_sellouts(partner, self.env.company, date_from, date)
            if overlap:
                raise UserError(self.env._(
                    "The period %(start)s – %(end)s overlaps the sell-out already reported in %(others)s.",
                    start=date_from, end=date, others=", ".join(overlap.mapped("name"))))
        else:
            date_from = False
        lines, errors = self._dealer_parse_rows(rows, partner, report_type, date, date_from)
        if errors:
            raise UserError(self.env._("Nothing was imported; correct these rows:") + "\n" + "\n".join(
                self.env._("Row %(row)s: %(error)s", row=number, error=error) for number, error in errors[:200])
                + ("\n…" if len(errors) > 200 else ""))
        # sudo: a portal dealer creates its own report (checked above); the record rules
        # would allow it too, the sudo only spares the per-line access checks of a big file
        report = Report.sudo().create({
            "partner_id": partner.id, "company_id": self.env.company.id, "report_type": report_type,
            "date": date, "date_from": date_from, "source": source,
            "line_ids": [Command.create(vals) for vals in lines],
        })
        report.action_done()
        return report.sudo(False)

    @api.model
    def _dealer_parse_rows(self, rows, partner, report_type, date, date_from):
        """``(line values, [(row number, error)])`` of the table ``rows`` (header first)."""
        numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell for cell in row)]
        if not numbered:
            raise UserError(self.env._("The file is empty."))
        header = [cell.strip().lower() for cell in numbered[0][1]]
        cols = {key: next((i for i, cell in enumerate(header) if cell in names), None)
                for key, names in HEADERS.items()}
        if cols["qty"] is None or (cols["code"] is None and cols["barcode"] is None):
            raise UserError(self.env._(
                "The first row must name the columns: a product code (code / 商品编码) or a barcode "
                "(barcode / 条码), and a quantity (quantity / 数量); optionally lot / 批次, expiration date / "
                "到期日期, customer code / 客户编码 and date / 日期."))
        body = numbered[1:]
        if not body:
            raise UserError(self.env._("The file has no product row."))

        def cell(row, key):
            index = cols[key]
            return row[index].strip() if index is not None and index < len(row) else ""

        codes = {cell(row, "code") for _n, row in body} - {""}
        barcodes = {cell(row, "barcode") for _n, row in body} - {""}
        # sudo: products are matched among all products, then only the dealer's pool is accepted
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        found = Product.search(["|", ("default_code", "in", list(codes)), ("barcode", "in", list(barcodes))])
        by_key = {}
        for product in found:
            for kind in ("default_code", "barcode"):
                if product[kind]:
                    by_key.setdefault((kind, product[kind]), []).append(product.id)
        Pool = self.env["dealer.product.pool"].sudo()
        allowed = set(Product.search([("id", "in", found.ids), ("active", "=", True),
                                      *Pool.allowed_product_domain(partner)]).ids) if found else set()
        customers = self._dealer_customers(partner, {cell(row, "customer") for _n, row in body} - {""})
        today = fields.Date.context_today(self)
        lines, errors, seen = [], [], {}
        for number, row in body:
            code, barcode = cell(row, "code"), cell(row, "barcode")
            key = ("default_code", code) if code else ("barcode", barcode)
            if not key[1]:
                errors.append((number, self.env._("no product code or barcode.")))
                continue
            matches = by_key.get(key, [])
            if not matches:
                errors.append((number, self.env._("unknown product %(code)s.", code=key[1])))
                continue
            if len(matches) > 1:
                errors.append((number, self.env._("several products have the code %(code)s.", code=key[1])))
                continue
            product_id = matches[0]
            if product_id not in allowed:
                errors.append((number, self.env._("%(code)s is not one of your products.", code=key[1])))
                continue
            qty_text = cell(row, "qty").replace(",", "")
            try:
                qty = float(qty_text)
            except ValueError:
                errors.append((number, self.env._("quantity %(qty)s is not a number.", qty=qty_text or '""')))
                continue
            if not math.isfinite(qty) or qty < 0:
                errors.append((number, self.env._("the quantity %(qty)s is negative.", qty=qty_text)))
                continue
            if qty > MAX_QTY:
                errors.append((number, self.env._("the quantity %(qty)s is too large.", qty=qty_text)))
                continue
            vals = {"product_id": product_id, "quantity": qty}
            row_date_text = cell(row, "date")
            if row_date_text:
                row_date = parse_date(row_date_text)
                if not row_date:
                    errors.append((number, self.env._("%(date)s is not a date.", date=row_date_text)))
                    continue
                if row_date > today:
                    errors.append((number, self.env._("the date %(date)s is in the future.", date=row_date)))
                    continue
                if row_date > date or (date_from and row_date < date_from):
                    errors.append((number, self.env._("the date %(date)s is outside the reported period.",
                                                      date=row_date)))
                    continue
            lot = cell(row, "lot")
            if lot:
                vals["lot_name"] = lot[:64]
            expiration_text = cell(row, "expiration")
            if expiration_text:
                expiration = parse_date(expiration_text)
                if not expiration:
                    errors.append((number, self.env._("%(date)s is not a date.", date=expiration_text)))
                    continue
                vals["expiration_date"] = expiration
            customer_code = cell(row, "customer")
            if customer_code:
                if report_type != "sellout":
                    errors.append((number, self.env._("a stock count names no customer.")))
                    continue
                if customer_code not in customers:
                    errors.append((number, self.env._("unknown customer %(code)s.", code=customer_code)))
                    continue
                vals["customer_id"] = customers[customer_code]
            dup_key = (product_id, vals.get("lot_name") or "", vals.get("customer_id") or 0)
            if dup_key in seen:
                errors.append((number, self.env._("duplicate of row %(row)s.", row=seen[dup_key])))
                continue
            seen[dup_key] = number
            lines.append(vals)
        return lines, errors

    @api.model
    def _dealer_customers(self, partner, codes):
        """``{code: partner id}`` of the dealer's downline dealers among ``codes`` (dealer codes)."""
        if not codes:
            return {}
        # sudo: the dealer names its own downline, which a portal user cannot read
        downline = self.env["res.partner"].sudo().search([
            ("dealer_code", "in", list(codes)), ("dealer_parent_id", "child_of", partner.id),
            ("id", "!=", partner.id),
        ])
        return {customer.dealer_code: customer.id for customer in downline}
