from odoo import api, fields, models


class DealerProductImage(models.Model):
    """An extra picture of a product for the dealer mall's product page (the gallery shown
    after the product's own image). Portal users never read these records: the portal serves
    them through its product page routes, after checking the dealer may buy the product."""

    _name = "dealer.product.image"
    _description = "Dealer Product Gallery Image"
    _inherit = ["image.mixin"]
    _order = "product_tmpl_id, sequence, id"

    name = fields.Char(string="Caption", required=True, translate=True)
    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", required=True, index=True, ondelete="cascade",
    )
    company_id = fields.Many2one(related="product_tmpl_id.company_id", store=True, index="btree_not_null")
    image_1920 = fields.Image(required=True)

    @api.model
    def _dealer_gallery(self, templates):
        """``{template id: images in display order}`` of ``templates``, in one query."""
        images = self.search([("product_tmpl_id", "in", templates.ids)])
        gallery = {template.id: self.browse() for template in templates}
        for image in images:
            gallery[image.product_tmpl_id.id] |= image
        return gallery
