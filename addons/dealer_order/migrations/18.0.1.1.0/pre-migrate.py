"""What deposit orders share (presale orders, and those of the deposit flows other
modules add) is named after the deposit: deposit_* fields and settings, the expiry
job. The flows other modules add are theirs (end-migrate).

1. The stored columns (sale_order, res_company) are renamed with their indexes and
   foreign keys, and so are the fields' ir.model.fields rows (the tracking history
   stays attached to them), their xml ids and those of their selection values, the
   users' saved filters and export lists. The presale_* names come back as the
   SPEC contract's related fields, new rows.
2. The expiry job keeps its record under its new xml id (ir_cron_deposit_expire):
   the upgrade rewrites its name and code, and no second job is created.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, make_index_name, rename_column

MODULE = "dealer_order"

# model: {old field: new field}
RENAMED_FIELDS = {
    "sale.order": {
        "presale_deposit_ratio": "deposit_ratio",
        "presale_deposit_amount": "deposit_amount",
        "presale_balance_amount": "deposit_balance_amount",
        "presale_balance_due_date": "deposit_balance_due_date",
        "presale_state": "deposit_state",
    },
    "res.company": {
        "dealer_presale_expiry_policy": "dealer_deposit_expiry_policy",
        "dealer_presale_forfeit_account_id": "dealer_deposit_forfeit_account_id",
        "dealer_presale_deposit_rebate": "dealer_deposit_allow_rebate",
    },
    "res.config.settings": {
        "dealer_presale_expiry_policy": "dealer_deposit_expiry_policy",
        "dealer_presale_forfeit_account_id": "dealer_deposit_forfeit_account_id",
        "dealer_presale_deposit_rebate": "dealer_deposit_allow_rebate",
    },
}

RENAMED_XMLIDS = {
    "ir_cron_presale_expire": "ir_cron_deposit_expire",
    "ir_cron_presale_expire_ir_actions_server": "ir_cron_deposit_expire_ir_actions_server",
}

def _rename_xmlid(cr, module, old, new):
    cr.execute(SQL(
        """UPDATE ir_model_data SET name = %(new)s
            WHERE module = %(module)s AND name = %(old)s
              AND NOT EXISTS (SELECT 1 FROM ir_model_data WHERE module = %(module)s AND name = %(new)s)""",
        module=module, old=old, new=new,
    ))


def rename_field(cr, model, old, new):
    """Rename a field of ``model`` defined by dealer_order: column, index, foreign key,
    ir.model.fields row, xml ids, saved filters and export lists."""
    table = model.replace(".", "_")
    if column_exists(cr, table, old) and not column_exists(cr, table, new):
        rename_column(cr, table, old, new)
        for old_name, new_name in ((make_index_name(table, old), make_index_name(table, new)),
                                   (f"{table}_{old}_fkey", f"{table}_{new}_fkey")):
            cr.execute(SQL("SELECT 1 FROM pg_class WHERE relname = %s", old_name))
            if cr.rowcount:  # an index
                cr.execute(SQL("ALTER INDEX %s RENAME TO %s", SQL.identifier(old_name), SQL.identifier(new_name)))
            cr.execute(SQL("SELECT 1 FROM pg_constraint WHERE conname = %s AND contype = 'f'", old_name))
            if cr.rowcount:  # a foreign key, known to Odoo by its name
                cr.execute(SQL("ALTER TABLE %s RENAME CONSTRAINT %s TO %s", SQL.identifier(table),
                               SQL.identifier(old_name), SQL.identifier(new_name)))
                cr.execute(SQL("UPDATE ir_model_constraint SET name = %s WHERE name = %s AND type = 'f'",
                               new_name, old_name))
    cr.execute(SQL(
        """UPDATE ir_model_fields SET name = %(new)s
            WHERE model = %(model)s AND name = %(old)s
              AND NOT EXISTS (SELECT 1 FROM ir_model_fields WHERE model = %(model)s AND name = %(new)s)""",
        model=model, old=old, new=new,
    ))
    prefix = table
    _rename_xmlid(cr, MODULE, f"field_{prefix}__{old}", f"field_{prefix}__{new}")
    cr.execute(SQL(
        """UPDATE ir_model_data d
              SET name = %(new_prefix)s || substr(d.name, length(%(old_prefix)s) + 1)
            WHERE d.module = %(module)s AND d.model = 'ir.model.fields.selection'
              AND starts_with(d.name, %(old_prefix)s)
              AND NOT EXISTS (SELECT 1 FROM ir_model_data o WHERE o.module = d.module
                              AND o.name = %(new_prefix)s || substr(d.name, length(%(old_prefix)s) + 1))""",
        module=MODULE, old_prefix=f"selection__{prefix}__{old}__", new_prefix=f"selection__{prefix}__{new}__",
    ))
    # the users' saved filters (domain, group by, order) and export lists
    pattern = r"\m%s\M" % old
    cr.execute(SQL(
        """UPDATE ir_filters
              SET domain = regexp_replace(domain, %(pattern)s, %(new)s, 'g'),
                  context = regexp_replace(context, %(pattern)s, %(new)s, 'g'),
                  sort = regexp_replace(sort, %(pattern)s, %(new)s, 'g')
            WHERE model_id = %(model)s
              AND (domain ~ %(pattern)s OR context ~ %(pattern)s OR sort ~ %(pattern)s)""",
        model=model, pattern=pattern, new=new,
    ))
    cr.execute(SQL(
        """UPDATE ir_exports_line l SET name = %(new)s || substr(l.name, length(%(old)s) + 1)
             FROM ir_exports e
            WHERE e.id = l.export_id AND e.resource = %(model)s
              AND (l.name = %(old)s OR starts_with(l.name, %(old)s || '/'))""",
        model=model, old=old, new=new,
    ))


def migrate(cr, version):
    for model, fields in RENAMED_FIELDS.items():
        for old, new in fields.items():
            rename_field(cr, model, old, new)
    for old, new in RENAMED_XMLIDS.items():
        _rename_xmlid(cr, MODULE, old, new)
