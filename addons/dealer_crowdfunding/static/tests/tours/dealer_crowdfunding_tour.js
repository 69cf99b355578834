/** @odoo-module **/

import { registry } from "@web/core/registry";

// Data created by tests/test_tour.py: the open campaign "Tour Campaign" and the
// dealer "Tour Dealer" with a funded cash wallet.
registry.category("web_tour.tours").add("dealer_crowdfunding_pledge_tour", {
    steps: () => [
        {
            content: "open the campaign from the kanban",
            trigger: ".o_kanban_record:contains('Tour Campaign')",
            run: "click",
        },
        {
            content: "register a pledge for a dealer",
            trigger: "button[name='action_pledge_wizard']",
            run: "click",
        },
        {
            content: "set the quantity",
            trigger: ".modal .o_field_widget[name=qty] input",
            run: "edit 12",
        },
        {
            content: "choose the dealer",
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Tour Dealer",
        },
        {
            content: "pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Dealer')",
            run: "click",
        },
        {
            content: "the deposit is shown before pledging",
            trigger: ".modal .o_field_widget[name=deposit_amount]:contains('360')",
        },
        {
            content: "pledge",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "the pledge is recorded",
            trigger: ".o_field_widget[name=state] .o_arrow_button_current:contains('Pledged')",
        },
    ],
});
