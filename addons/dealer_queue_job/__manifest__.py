{
    "name": "Dealer Channel: Background Jobs",
    "summary": "Runs the suite's long work (crowdfunding close, rebate crediting, the nightly "
    "rebuilds and replenishment run) as queue_job jobs, one per chunk, in the dealer channel; "
    "large imports in the background",
    "version": "18.0.1.0.0",
    "category": "Sales/Dealer Channel",
    "author": "Dealer Channel Suite",
    "website": "https://github.com/dealer-channel-suite",
    "license": "LGPL-3",
    "depends": [
        "queue_job",
        "base_import_async",
        "dealer_crowdfunding",
        "dealer_rebate",
        "dealer_inventory",
        "dealer_report",
    ],
    "data": [
        "data/queue_job_channel_data.xml",
        "data/queue_job_function_data.xml",
        "data/queue_job_function_inventory_data.xml",
        "data/queue_job_function_report_data.xml",
        "data/ir_config_parameter_data.xml",
        "views/dealer_crowdfunding_views.xml",
        "views/dealer_rebate_settlement_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
