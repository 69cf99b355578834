import base64

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..tools.demo_images import VIEWS, product_picture


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dealer_front_category_ids = fields.Many2many(
        "dealer.front.category",
        "dealer_front_category_product_tmpl_rel",
        "product_tmpl_id",
        "front_category_id",
        string="Front Categories",
        help="Categories of the dealer mall this product is displayed in (any number, independent of the "
        "product category).",
    )
    dealer_catalog_partner_id = fields.Many2one(
        "res.partner",
        string="Authorized for Dealer",
        compute="_compute_dealer_catalog_partner_id",
        search="_search_dealer_catalog_partner_id",
        help="Search on it to list the products a dealer may order (its product pools).",
    )

    dealer_image_ids = fields.One2many(
        "dealer.product.image", "product_tmpl_id", string="Gallery Images",
        help="Extra pictures of the product shown after its main image on the dealer mall's product page.",
    )
    dealer_related_product_ids = fields.Many2many(
        "product.template",
        "dealer_product_tmpl_related_rel",
        "product_tmpl_id",
        "related_tmpl_id",
        string="Related Products",
        help="Products suggested on this product's page of the dealer mall (each dealer sees only those it may "
        "order).",
    )

    @api.depends_context("dealer_catalog_partner_id")
    def _compute_dealer_catalog_partner_id(self):
        partner = self.env["res.partner"].browse(self.env.context.get("dealer_catalog_partner_id"))
        for template in self:
            template.dealer_catalog_partner_id = partner

    def _search_dealer_catalog_partner_id(self, operator, value):
        return _search_catalog_partner(self.env, operator, value, "allowed_template_domain")

    @api.constrains("dealer_related_product_ids")
    def _check_dealer_related_products(self):
        for template in self:
            if template in template.dealer_related_product_ids:
                raise ValidationError(self.env._("%(product)s cannot be related to itself.",
                                                 product=template.display_name))

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        self.env["dealer.product.pool"]._refresh_content(templates=templates)
        return templates

    def write(self, vals):
        res = super().write(vals)
        if "categ_id" in vals or "dealer_front_category_ids" in vals:
            self.env["dealer.product.pool"]._refresh_content(templates=self)
        return res

    @api.model
    def _dealer_demo_pictures(self, specs):
        """Demo data: draw the pictures of products given as ``[(xml id, family, (r, g, b))]``
        (see ``tools/demo_images``): the main image when the product has none, and the other
        views as gallery images when it has no gallery yet."""
        captions = {"angle": self.env._("Side view"), "package": self.env._("Packaging")}
        for xmlid, kind, color in specs:
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if not record:
                continue
            template = record.product_tmpl_id if record._name == "product.product" else record
            code = template.default_code or None
            if not template.image_1920:
                template.image_1920 = base64.b64encode(product_picture(kind, tuple(color), VIEWS[0], code))
            if not template.dealer_image_ids:
                self.env["dealer.product.image"].create([{
                    "product_tmpl_id": template.id, "sequence": sequence, "name": captions[view],
                    "image_1920": base64.b64encode(product_picture(kind, tuple(color), view, code)),
                } for sequence, view in enumerate(VIEWS[1:], start=1)])


def _search_catalog_partner(env, operator, value, domain_method):
    """Search helper shared by product.template and product.product.

    ``('dealer_catalog_partner_id', '=', partner_id)`` gives the products that
    dealer may order; ``in`` a list gives the products any of them may order.
    """
    if operator not in ("=", "in"):
        raise UserError(env._("Unsupported search on the dealer catalog: %(op)s", op=operator))
    ids = value if isinstance(value, list | tuple) else [value]
    partners = env["res.partner"].browse([pid for pid in ids if pid])
    if not partners:
        return expression.FALSE_DOMAIN
    Pool = env["dealer.product.pool"]
    return expression.OR([getattr(Pool, domain_method)(partner) for partner in partners])
