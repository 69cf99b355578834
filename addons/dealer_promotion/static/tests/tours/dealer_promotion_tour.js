import { registry } from "@web/core/registry";

// An operator creates a promotion with a fixed-amount rule, activates it and
// applies it on a dealer quotation prepared by the Python test.
registry.category("web_tour.tours").add("dealer_promotion_tour", {
    url: "/odoo/action-dealer_promotion.dealer_promotion_action",
    steps: () => [
        {
            content: "Create a promotion",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour first-order gift",
        },
        {
            content: "Add a rule",
            trigger: ".o_field_widget[name=rule_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Fixed discount",
            trigger: ".modal .o_field_widget[name=benefit_type] input[data-value=fixed]",
            run: "click",
        },
        {
            content: "The amount is asked for",
            trigger: ".modal .o_field_widget[name=benefit_type] input[data-value=fixed]:checked",
        },
        {
            content: "Amount",
            trigger: ".modal .o_field_widget[name=value] input",
            run: "edit 88",
        },
        {
            content: "Save the rule",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The rule is listed with its summary",
            trigger: ".o_field_widget[name=rule_ids] .o_data_row td[name=summary]:contains(88)",
        },
        {
            content: "Activate",
            trigger: "button[name=action_activate]",
            run: "click",
        },
        {
            content: "The promotion is active",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=active]",
        },
        {
            content: "Preview it on the tour's quotation",
            trigger: "button[name=action_open_preview]",
            run: "click",
        },
        {
            content: "Choose the quotation",
            trigger: ".modal .o_field_widget[name=order_id] input",
            run: "edit TOUR-PROMO",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item:contains(TOUR-PROMO)",
            run: "click",
        },
        {
            content: "Compute",
            trigger: ".modal button[name=action_refresh]",
            run: "click",
        },
        {
            content: "The rule applies",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row td[name=status]:contains(Applies)",
        },
        {
            content: "Close",
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            content: "Back on the form",
            trigger: ".o_form_view:not(.modal .o_form_view) .o_statusbar_status",
        },
    ],
});
