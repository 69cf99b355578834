from odoo.tools import SQL


def set_column_defaults(model, fnames):
    """Give the columns of the suite's required fields on a shared table a database default.

    The ORM fills a required field with its default, but rows can be inserted while
    the suite's models are not loaded: other modules' at-install tests and upgrades
    run in a registry that stops before the suite, and data can be inserted in SQL.
    Without a database default such an insert breaks on the column's NOT NULL
    constraint (a plain ``res.partner.create({'name': ...})`` would fail there).

    :param model: the model (any recordset) whose table holds the columns
    :param fnames: names of stored fields with a constant default
    """
    for fname in fnames:
        field = model._fields[fname]
        value = field.convert_to_column(field.default(model), model)
        model.env.cr.execute(SQL(
            "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s",
            SQL.identifier(model._table), SQL.identifier(field.name), value,
        ))
