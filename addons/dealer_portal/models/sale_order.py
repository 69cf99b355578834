import math
import re

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero, float_round

from odoo.addons.dealer_base.tools import SpreadsheetError, format_qty, parse_quantity, read_table

from ..tools import snap_quantity


# header names accepted by the quick order upload (lower case)
CODE_HEADERS = {"code", "default_code", "internal reference", "reference", "sku", "商品编码", "编码", "货号"}
BARCODE_HEADERS = {"barcode", "ean", "条码", "条形码"}
QTY_HEADERS = {"qty", "quantity", "数量", "订货数量"}
QUICK_ORDER_MAX_ROWS = 1000  # rows of products, below the header
QUICK_ORDER_MAX_COLS = 50
QUICK_ORDER_MAX_BYTES = 5 * 1024 * 1024
NOTE_MAX_CHARS = 2000  # the dealer's note at submission


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dealer_portal_cart = fields.Boolean(
        string="Portal Cart", copy=False, index=True, readonly=True,
        help="The open cart of a dealer's portal user; it becomes an order when the dealer submits it.",
    )
    dealer_portal_user_id = fields.Many2one(
        "res.users", string="Portal User", copy=False, readonly=True, index="btree_not_null",
        help="Portal user who filled this order in the dealer portal.",
    )

    # ------------------------------------------------------------------
    # The cart of the current portal user
    # ------------------------------------------------------------------
    @api.model
    def _dealer_portal_dealer(self):
        """The dealer (commercial partner) of the current user, or AccessError."""
        dealer = self.env.user.partner_id.commercial_partner_id
        if not dealer.is_dealer or dealer.dealer_state != "active":
            raise AccessError(self.env._("Only the contacts of an active dealer can order in the dealer portal."))
        return dealer

    @api.model
    def _dealer_portal_cart(self, create=False):
        """The current user's open cart in the current company (superuser rights), or an
        empty recordset; created when ``create`` is set.

        One cart per portal user and company: a draft order of the user's dealer.
        """
        dealer = self._dealer_portal_dealer()
        # sudo: the cart is looked up by its own user; portal users cannot read draft
        # orders before they follow them, nor create orders
        Order = self.sudo().with_company(self.env.company)
        cart = Order.search([
            ("dealer_portal_cart", "=", True), ("dealer_portal_user_id", "=", self.env.uid),
            ("company_id", "=", self.env.company.id), ("state", "=", "draft"),
        ], order="id desc", limit=1)
        if cart or not create:
            return cart
        user_partner = self.env.user.partner_id
        shipping = dealer.address_get(["delivery"])["delivery"]
        cart = Order.create({
            "partner_id": dealer.id,
            "partner_shipping_id": shipping,
            "dealer_portal_cart": True,
            "dealer_portal_user_id": self.env.uid,
            "company_id": self.env.company.id,
            "origin": self.env._("Dealer portal"),
        })
        # the dealer follows its order: sale's portal rules and pages then show it
        cart.message_subscribe(partner_ids=(dealer | user_partner).ids)
        return cart

    def _dealer_portal_check_cart(self):
        """The carts of ``self`` are the current user's own open carts."""
        for order in self:
            if not (order.dealer_portal_cart and order.dealer_portal_user_id == self.env.user
                    and order.state == "draft"):
                raise AccessError(self.env._("This is not your open cart."))

    def _dealer_portal_product_lines(self):
        """Lines the dealer ordered (no promotion, delivery or section line)."""
        return self._dealer_catalog_lines().filtered(lambda line: not line.display_type)

    def _dealer_portal_add_products(self, quantities):
        """Add ``{product: qty}`` to this cart (quantities merge with its lines).

        Every product must be in the dealer's catalog and every quantity positive:
        otherwise nothing is added and one UserError lists all the problems.

        :return: MOQ hints (``list[str]``) for the products now below their minimum
            or off their order multiple; the submission enforces them.
        """
        self.ensure_one()
        self._dealer_portal_check_cart()
        if not quantities:
            raise UserError(self.env._("Nothing to add to the cart."))
        dealer = self.partner_id.commercial_partner_id
        Product = self.env["product.product"]
        products = Product.union(*quantities)
        errors = []
        refused = products - self._dealer_portal_orderable(dealer, products)
        if refused:
            # named only when the dealer's catalog showed them (archived or withdrawn since):
            # a product outside its pools stays anonymous, whatever id was posted
            known = dealer._dealer_allowed_products(refused)
            if known:
                errors.append(self.env._(
                    "No longer available: %(products)s.", products=", ".join(known.sudo().mapped("display_name")),
                ))
            if refused - known:
                errors.append(self.env._("A product you chose is not available to you."))
        for product, qty in quantities.items():
            error = self._dealer_portal_qty_error(product, qty, product.uom_id)
            if error:
                errors.append(error)
        if errors:
            raise UserError("\n".join(errors))
        existing = {line.product_id: line for line in self._dealer_portal_product_lines()
                    if line.product_uom == line.product_id.uom_id}
        commands = []
        for product, qty in quantities.items():
            line = existing.get(product)
            if line:
                commands.append(Command.update(line.id, {"product_uom_qty": line.product_uom_qty + qty}))
            else:
                commands.append(Command.create({"product_id": product.id, "product_uom_qty": qty}))
        self.write({"order_line": commands})
        return self._dealer_portal_fix_rules(products)

    def _dealer_portal_qty_error(self, product, qty, uom):
        """Why ``qty`` (in ``uom``) cannot be a cart quantity of ``product``, or ``""``:
        a finite positive number, at most the company's maximum per line, with no more
        decimals than the unit of measure's rounding."""
        name = product.display_name
        if not math.isfinite(qty) or qty <= 0:
            return self.env._("%(product)s: the quantity must be positive.", product=name)
        maximum = (self.company_id or self.env.company).dealer_portal_max_qty
        # compared plainly first: Odoo's rounding overflows on quantities near the float limit
        if qty > maximum * 2 or float_compare(qty, maximum, precision_rounding=uom.rounding) > 0:
            return self.env._("%(product)s: at most %(max)s %(uom)s per line.", product=name,
                              max=format_qty(maximum, uom.rounding), uom=uom.name)
        if float_is_zero(qty, precision_rounding=uom.rounding):
            return self.env._("%(product)s: the quantity must be positive.", product=name)
        if float_compare(float_round(qty, precision_rounding=uom.rounding), qty, precision_digits=10):
            return self.env._("%(product)s: %(qty)s is finer than the unit %(uom)s allows (steps of %(step)s).",
                              product=name, qty=repr(qty), uom=uom.name, step=format_qty(uom.rounding, uom.rounding))
        return ""

    @api.model
    def _dealer_portal_orderable(self, dealer, products):
        """The products of ``products`` the dealer may put in its cart: in its catalog,
        sold, and neither the variant nor its product archived."""
        allowed = dealer._dealer_allowed_products(products)
        return allowed.filtered(lambda product: product.sale_ok and product.active and product.product_tmpl_id.active)

    def _dealer_portal_set_quantity(self, line, qty):
        """Set the quantity of a cart line (0 removes it); returns the MOQ hints."""
        self.ensure_one()
        self._dealer_portal_check_cart()
        line = line.exists()
        if not line or line.order_id != self or line not in self._dealer_portal_product_lines():
            raise UserError(self.env._("This line is not in your cart."))
        if qty < 0:
            raise UserError(self.env._("The quantity cannot be negative."))
        error = qty and self._dealer_portal_qty_error(line.product_id, qty, line.product_uom)
        if error:
            raise UserError(error)
        product = line.product_id
        if float_is_zero(qty, precision_rounding=line.product_uom.rounding):
            line.unlink()
            return []
        line.product_uom_qty = qty
        return self._dealer_portal_fix_rules(product)

    def _dealer_portal_fix_rules(self, products):
        """After ``products`` were added or changed: the rules a dealer can fix are fixed in the
        cart, not left to the review. Quantities are raised to the minimum order quantity and
        to the next order multiple (each change is said); a delivery to a province outside the
        dealer's authorized regions is refused (UserError: the caller's savepoint rolls back).

        :return: the messages saying which quantities changed, and what the review would still
            say of the minimum quantities (lines in another unit are not changed)
        """
        self.ensure_one()
        region_error = self._dealer_region_error()
        if region_error:
            raise UserError(region_error)
        dealer = self.partner_id.commercial_partner_id
        moq = self.env["dealer.moq.rule"].sudo()._get_moq_for(dealer, products)
        messages = []
        for line in self._dealer_portal_product_lines().filtered(lambda line: line.product_id in products):
            product = line.product_id
            if product.id not in moq or line.product_uom != product.uom_id:
                continue
            min_qty, multiple_qty = moq[product.id]
            qty = snap_quantity(line.product_uom_qty, min_qty, multiple_qty, product.uom_id.rounding)
            if float_compare(qty, line.product_uom_qty, precision_rounding=product.uom_id.rounding) == 0:
                continue
            error = self._dealer_portal_qty_error(product, qty, product.uom_id)
            if error:
                raise UserError(error)
            line.product_uom_qty = qty
            messages.append(self.env._(
                "%(product)s: quantity set to %(qty)s %(uom)s (%(rule)s).", product=product.display_name,
                qty=format_qty(qty, product.uom_id.rounding), uom=product.uom_id.name,
                rule=product._dealer_portal_moq_label(min_qty, multiple_qty),
            ))
        if (self.company_id or self.env.company).dealer_portal_shortage_policy == "reduce":
            messages += self._dealer_portal_reduce_to_stock(products, moq)
        return messages + self._dealer_portal_moq_hints(products)

    def _dealer_portal_reduce_to_stock(self, products, moq):
        """Lines of ``products`` asking more than the free stock are reduced to it, in whole
        order multiples; a product whose stock is below its minimum (or empty) is refused
        (UserError: the caller's savepoint rolls back). Returns the messages of the changes."""
        self.ensure_one()
        stock = products._dealer_portal_stock()
        messages = []
        for line in self._dealer_portal_product_lines().filtered(lambda line: line.product_id in products):
            product = line.product_id
            free = stock.get(product.id, ("in", None))[1]
            rounding = product.uom_id.rounding
            if free is None or line.product_uom != product.uom_id or \
                    float_compare(line.product_uom_qty, free, precision_rounding=rounding) <= 0:
                continue
            min_qty, multiple_qty = moq.get(product.id, (0.0, 0.0))
            qty = max(free, 0.0)
            if multiple_qty > rounding / 2:
                qty = math.floor((qty + rounding / 2) / multiple_qty) * multiple_qty
            qty = float_round(qty, precision_rounding=rounding)
            values = {"product": product.display_name, "free": format_qty(max(free, 0.0), rounding),
                      "qty": format_qty(qty, rounding), "uom": product.uom_id.name}
            if float_is_zero(qty, precision_rounding=rounding) or \
                    (min_qty and float_compare(qty, min_qty, precision_rounding=rounding) < 0):
                raise UserError(self.env._(
                    "%(product)s: only %(free)s %(uom)s available, not enough to order it now.", **values))
            line.product_uom_qty = qty
            messages.append(self.env._(
                "%(product)s: only %(free)s %(uom)s available, quantity reduced to %(qty)s %(uom)s.", **values))
        return messages

    def _dealer_portal_moq_hints(self, products=None):
        """What the MOQ check would say of ``products`` (all the cart's when None)."""
        self.ensure_one()
        ordered = self._dealer_portal_product_lines().product_id
        excluded = ordered - products if products is not None else self.env["product.product"]
        return self._dealer_moq_errors(exclude=excluded)

    def _dealer_portal_moq_labels(self):
        """``{product id: "min 6, multiple of 6"}`` for the cart's products that have a rule."""
        self.ensure_one()
        products = self._dealer_portal_product_lines().product_id
        moq = self.env["dealer.moq.rule"]._get_moq_for(self.partner_id.commercial_partner_id, products)
        return {
            product.id: product._dealer_portal_moq_label(*moq[product.id])
            for product in products if product.id in moq
        }

    def _dealer_portal_submit(self, client_order_ref=None, note=None, shipping_id=None, delivery_date=None,
                              fapiao=None):
        """Submit this cart: it stops being the cart and goes through the dealer review
        (``action_dealer_submit``: promotions, wallet split, review, confirmation).

        ``shipping_id`` (one of the dealer's delivery addresses), ``delivery_date`` (the
        requested delivery date) and ``fapiao`` (the invoice details typed at checkout, see
        ``_dealer_portal_fapiao_vals``) are the dealer's choice, checked before anything is written."""
        self.ensure_one()
        self._dealer_portal_check_cart()
        if not self._dealer_portal_product_lines():
            raise UserError(self.env._("Your cart is empty."))
        vals = {"dealer_portal_cart": False, **self._dealer_portal_delivery_vals(shipping_id, delivery_date),
                **self._dealer_portal_fapiao_vals(fapiao)}
        if client_order_ref is not None:
            vals["client_order_ref"] = client_order_ref.strip() or False
        note = (note or "").strip()
        if len(note) > NOTE_MAX_CHARS:
            raise UserError(self.env._("Your note must be at most %(max)s characters long.", max=NOTE_MAX_CHARS))
        if note:
            vals["dealer_portal_note"] = note
        self.write(vals)
        if note:
            # the dealer's note is a message of the dealer, visible to it and to the brand in the
            # chatter (the order's own note holds the terms)
            self.message_post(body=note, author_id=self.env.user.partner_id.id,
                              message_type="comment", subtype_xmlid="mail.mt_comment")
        # the submission checks the order is the portal user's dealer's own, then runs as superuser
        self.sudo(False).action_dealer_submit()
        return self

    # ------------------------------------------------------------------
    # Quick order and reorder
    # ------------------------------------------------------------------
    @api.model
    def _dealer_portal_parse_quick_order(self, content, filename):
        """The rows of an uploaded CSV or XLSX file, for :meth:`_dealer_portal_quick_order`.

        The file is read by the suite's bounded reader (``dealer_base.tools.spreadsheet``): at
        most :data:`QUICK_ORDER_MAX_BYTES`, :data:`QUICK_ORDER_MAX_ROWS` product rows and
        :data:`QUICK_ORDER_MAX_COLS` columns; CSV in UTF-8, UTF-16 or GBK/GB18030, separated by
        commas, semicolons or tabs.
        """
        try:
            rows = read_table(content, filename, max_rows=QUICK_ORDER_MAX_ROWS, max_cols=QUICK_ORDER_MAX_COLS,
                              max_bytes=QUICK_ORDER_MAX_BYTES)
        except SpreadsheetError as error:
            raise UserError(error.translated(self.env)) from error
        return self._dealer_portal_quick_order_rows(rows)

    @api.model
    def _dealer_portal_parse_quick_order_text(self, text):
        """The rows of pasted lines, one product per line: its code and the quantity,
        separated by spaces, tabs, a comma or a semicolon."""
        lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
        if len(lines) > QUICK_ORDER_MAX_ROWS:  # before splitting them
            raise UserError(self.env._("At most %(max)s rows can be uploaded at once.", max=QUICK_ORDER_MAX_ROWS))
        cells = [re.split(r"[\s,;]+", line) for line in lines]
        return self._dealer_portal_quick_order_rows(
            [["code", "qty"]] + [[cell[0], cell[-1] if len(cell) > 1 else ""] for cell in cells])

    @api.model
    def _dealer_portal_quick_order_rows(self, rows):
        """Rows as lists of cells, the first non-empty one a header naming the columns.

        :return: ``[(row number, 'default_code'|'barcode', value, qty text)]``, row numbers as
            in the file (empty rows are skipped, not renumbered)
        """
        rows = [(number, row) for number, row in enumerate(rows, start=1) if any(cell for cell in row)]
        if not rows:
            raise UserError(self.env._("The file is empty."))
        header = [cell.lower() for cell in rows[0][1]]

        def column(names):
            return next((index for index, cell in enumerate(header) if cell in names), None)

        code_col, barcode_col, qty_col = column(CODE_HEADERS), column(BARCODE_HEADERS), column(QTY_HEADERS)
        if qty_col is None or (code_col is None and barcode_col is None):
            raise UserError(self.env._(
                "The first row must name the columns: a product code (code / 商品编码) or a barcode "
                "(barcode / 条码), and a quantity (qty / 数量)."
            ))
        if len(rows) - 1 > QUICK_ORDER_MAX_ROWS:
            raise UserError(self.env._(
                "At most %(max)s rows can be uploaded at once.", max=QUICK_ORDER_MAX_ROWS,
            ))
        parsed = []
        for number, row in rows[1:]:
            def cell(index, row=row):
                return row[index] if index is not None and index < len(row) else ""

            code, barcode = cell(code_col), cell(barcode_col)
            key = ("default_code", code) if code else ("barcode", barcode)
            parsed.append((number, key[0], key[1], cell(qty_col)))
        return parsed

    def _dealer_portal_quick_order(self, rows):
        """Add the parsed rows to this cart, all or nothing.

        :param rows: ``[(row number, 'default_code'|'barcode', value, qty text)]``
        :return: ``(errors, hints)``: ``errors`` is ``[(row number, value, reason)]``
            (nothing was added when it is not empty), ``hints`` the MOQ hints.
        """
        self.ensure_one()
        self._dealer_portal_check_cart()
        dealer = self.partner_id.commercial_partner_id
        codes = {value for _n, kind, value, _q in rows if kind == "default_code" and value}
        barcodes = {value for _n, kind, value, _q in rows if kind == "barcode" and value}
        # sudo: products are matched by code among all products, then only the dealer's
        # catalog is accepted (the others are reported as not in the catalog)
        Product = self.env["product.product"].sudo()
        found = Product.search(["|", ("default_code", "in", list(codes)), ("barcode", "in", list(barcodes))])
        by_key = {}
        for product in found:
            for kind in ("default_code", "barcode"):
                if product[kind]:
                    by_key.setdefault((kind, product[kind]), Product)
                    by_key[(kind, product[kind])] |= product
        # only the dealer's orderable products are looked at: a code outside them reads the
        # same whether it exists or not
        allowed = self._dealer_portal_orderable(dealer, found)
        errors, quantities = [], {}
        for number, kind, value, qty_text in rows:
            if not value:
                errors.append((number, "", self.env._("No product code or barcode.")))
                continue
            matches = by_key.get((kind, value), Product) & allowed
            if not matches:
                errors.append((number, value, self.env._("Not available to you.")))
                continue
            if len(matches) > 1:
                errors.append((number, value, self.env._("Several products have this code.")))
                continue
            qty = parse_quantity(qty_text)
            if qty is None:
                errors.append((number, value, self.env._("Quantity %(qty)s is not a number.", qty=str(qty_text)[:40])))
                continue
            product = matches.with_env(self.env)
            error = self._dealer_portal_qty_error(product, qty, product.uom_id)
            if error:
                errors.append((number, value, error))
                continue
            quantities[product] = quantities.get(product, 0.0) + qty  # repeated rows add up
        if errors:
            return errors, []
        if not quantities:
            return [(0, "", self.env._("The file has no product row."))], []
        return [], self._dealer_portal_add_products(quantities)

    def _dealer_portal_reorder(self, cart):
        """Copy the product lines of this (own, past) order into ``cart``.

        :return: ``(skipped products, MOQ hints)``: products no longer in the
            dealer's catalog are left out.
        """
        self.ensure_one()
        quantities = {}
        for line in self._dealer_portal_product_lines():
            qty = line.product_uom._compute_quantity(line.product_uom_qty, line.product_id.uom_id, round=False)
            quantities[line.product_id] = quantities.get(line.product_id, 0.0) + qty
        products = self.env["product.product"].union(*quantities)
        allowed = self._dealer_portal_orderable(cart.partner_id.commercial_partner_id, products)
        skipped = products - allowed
        quantities = {product: qty for product, qty in quantities.items() if product in allowed and qty > 0}
        if not quantities:
            raise UserError(self.env._("None of the products of %(order)s is in your catalog any more.",
                                       order=self.name))
        return skipped, cart._dealer_portal_add_products(quantities)

