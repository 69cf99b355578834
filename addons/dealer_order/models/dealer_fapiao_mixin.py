import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FAPIAO_TYPES = [
    ("ordinary", "Ordinary Invoice"),
    ("special", "Special VAT Invoice"),
]
# longest values accepted (a Chinese company name, a bank account of 16-19 digits with spaces...)
FAPIAO_MAX_LENGTHS = {
    "dealer_fapiao_title": 120,
    "dealer_fapiao_tax_number": 20,
    "dealer_fapiao_bank_name": 100,
    "dealer_fapiao_bank_account": 40,
    "dealer_fapiao_address": 200,
    "dealer_fapiao_phone": 30,
}
FAPIAO_FIELDS = ("dealer_fapiao_type", *FAPIAO_MAX_LENGTHS)
# what a special VAT invoice (增值税专用发票) must print besides the title
FAPIAO_SPECIAL_FIELDS = ("dealer_fapiao_tax_number", "dealer_fapiao_bank_name", "dealer_fapiao_bank_account",
                         "dealer_fapiao_address", "dealer_fapiao_phone")
# a taxpayer identification number: the 18 characters of the unified social credit code, or
# the 15 to 20 of the older registrations
TAX_NUMBER_RE = re.compile(r"[0-9A-Z]{15,20}")
BANK_ACCOUNT_RE = re.compile(r"[0-9A-Za-z -]+")
PHONE_RE = re.compile(r"[0-9+() -]+")


def normalize_tax_number(value):
    """The tax number as it is printed: upper case, without spaces or hyphens."""
    return re.sub(r"[\s-]", "", value or "").upper()


class DealerFapiaoMixin(models.AbstractModel):
    """The invoice details of a Chinese invoice (发票): title, taxpayer number, ordinary or
    special VAT invoice and, for a special one, the buyer's bank and registered address.

    Kept on the dealer (its defaults), on the sale order (this order's choice) and on the
    customer invoice. ``_dealer_fapiao_checked`` says which records must hold valid details."""

    _name = "dealer.fapiao.mixin"
    _description = "Invoice Details (Fapiao)"

    dealer_fapiao_type = fields.Selection(
        FAPIAO_TYPES, string="Invoice Type",
        help="Ordinary invoice (普通发票) or special VAT invoice (增值税专用发票): the buyer deducts the input VAT "
        "of a special one, which therefore prints the buyer's tax number, bank and registered address.",
    )
    dealer_fapiao_title = fields.Char(
        string="Invoice Title", help="The buyer's name printed on the invoice (发票抬头), usually its company name.",
    )
    dealer_fapiao_tax_number = fields.Char(
        string="Taxpayer ID", help="The buyer's taxpayer identification number (税号): the unified social credit "
        "code of 18 characters, or 15 to 20 letters and digits.",
    )
    dealer_fapiao_bank_name = fields.Char(
        string="Invoice Bank", help="The buyer's bank (开户行), for a special VAT invoice.",
    )
    dealer_fapiao_bank_account = fields.Char(
        string="Invoice Bank Account", help="The buyer's bank account number, for a special VAT invoice.",
    )
    dealer_fapiao_address = fields.Char(
        string="Registered Address", help="The buyer's registered address, for a special VAT invoice.",
    )
    dealer_fapiao_phone = fields.Char(
        string="Registered Phone", help="The buyer's registered phone number, for a special VAT invoice.",
    )

    @api.constrains(*FAPIAO_FIELDS)
    def _check_dealer_fapiao(self):
        for record in self.filtered(lambda rec: rec._dealer_fapiao_checked()):
            errors = self._dealer_fapiao_errors(record._dealer_fapiao_values())
            if errors:
                raise ValidationError("\n".join(errors))

    def _dealer_fapiao_checked(self):
        """HOOK: True when this record must hold valid invoice details (an invoice type is chosen)."""
        self.ensure_one()
        return bool(self.dealer_fapiao_type)

    def _dealer_fapiao_values(self):
        """The invoice details of this record as ``{field name: value}``."""
        self.ensure_one()
        return {name: self[name] or False for name in FAPIAO_FIELDS}

    @api.model
    def _dealer_fapiao_normalize(self, values):
        """Values typed by a user (e.g. a portal form) as field values: stripped, the tax number
        upper case without spaces, an unknown invoice type dropped (the check then refuses it)."""
        vals = {}
        for name in FAPIAO_FIELDS:
            value = values.get(name)
            value = value.strip() if isinstance(value, str) else ""
            if name == "dealer_fapiao_tax_number":
                value = normalize_tax_number(value)
            if name == "dealer_fapiao_type" and value not in dict(FAPIAO_TYPES):
                value = ""
            vals[name] = value or False
        return vals

    @api.model
    def _dealer_fapiao_errors(self, vals):
        """The reasons why the invoice details ``vals`` (``{field name: value}``) cannot be
        used, one message each; an empty list when they are valid."""
        errors = []
        labels = {name: self._fields[name]._description_string(self.env) for name in FAPIAO_FIELDS}
        if vals.get("dealer_fapiao_type") not in dict(FAPIAO_TYPES):
            errors.append(self.env._("Choose the invoice type: ordinary invoice or special VAT invoice."))
        if not vals.get("dealer_fapiao_title"):
            errors.append(self.env._("Give the invoice title (the name printed on the invoice)."))
        for name, max_length in FAPIAO_MAX_LENGTHS.items():
            if len(vals.get(name) or "") > max_length:
                errors.append(self.env._("%(field)s can be at most %(max)s characters long.",
                                         field=labels[name], max=max_length))
        tax_number = vals.get("dealer_fapiao_tax_number")
        if tax_number and not TAX_NUMBER_RE.fullmatch(tax_number):
            errors.append(self.env._("The taxpayer ID %(number)s is not valid: it has 15 to 20 capital letters and "
                                     "digits (the unified social credit code has 18).", number=tax_number))
        account = vals.get("dealer_fapiao_bank_account")
        if account and not BANK_ACCOUNT_RE.fullmatch(account):
            errors.append(self.env._("The bank account holds only digits, letters, spaces and hyphens."))
        phone = vals.get("dealer_fapiao_phone")
        if phone and not PHONE_RE.fullmatch(phone):
            errors.append(self.env._("The registered phone holds only digits, spaces and + ( ) -."))
        if vals.get("dealer_fapiao_type") == "special":
            missing = [labels[name] for name in FAPIAO_SPECIAL_FIELDS if not vals.get(name)]
            if missing:
                errors.append(self.env._("A special VAT invoice needs %(fields)s.", fields=", ".join(missing)))
        return errors
