/** @odoo-module **/
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dealer_catalog_order_line_products", {
    steps: () => [
        {
            content: "Add a line to the dealer's quotation",
            trigger: 'div[name="order_line"] a:contains("Add a product")',
            run: "click",
        },
        {
            trigger: ".o_data_row:nth-child(1)",
        },
        {
            content: "Search the tour products",
            trigger: 'div[name="product_template_id"] input',
            run: "edit Tour Catalog",
        },
        {
            content: "The product of the dealer's pool is offered",
            trigger: 'ul.ui-autocomplete a:contains("Tour Catalog Pen")',
        },
        {
            content: "The product outside the dealer's pools is not",
            trigger: 'ul.ui-autocomplete:not(:has(a:contains("Tour Catalog Clock")))',
        },
        {
            trigger: 'ul.ui-autocomplete a:contains("Tour Catalog Pen")',
            run: "click",
        },
        {
            content: "Wait for the product's price on the line",
            trigger: '.o_data_row td[name="price_subtotal"]:contains("12.60"), .o_data_row td[name="price_subtotal"]:contains("18.00")',
        },
        ...stepUtils.saveForm(),
    ],
});
