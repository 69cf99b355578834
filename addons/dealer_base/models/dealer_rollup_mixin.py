from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

# context key naming the model whose table is, for the grouping being read, its rollup
ROLLUP_CONTEXT = "dealer_rollup"


class DealerRollupMixin(models.AbstractModel):
    """Groupings answered from a rollup of the model's table.

    A model of many rows (an analysis, a channel stock) keeps a rollup: its rows summed over
    the columns a pivot rarely groups by (products, dealers), one row per combination of the
    others, with ``row_count``, the number of the model's rows each rollup row stands for.
    When everything a grouping reads is a rollup column (groups, sums of its measures, the
    count, the domain, the user's record rules and the order), :meth:`_read_group` reads the
    rollup instead of the table; otherwise the table, as usual. The groups' records come back
    in the caller's environment.

    The model sets :attr:`_dealer_rollup_dimensions` (the fields the rollup has as columns)
    and :attr:`_dealer_rollup_measures` (the fields it sums), and returns the rollup's SQL
    from :meth:`_dealer_rollup_table_sql`: a table, or a subquery with the same columns.
    """

    _name = "dealer.rollup.mixin"
    _description = "Dealer Rollup (groupings on a summed table)"

    _dealer_rollup_dimensions = ()
    _dealer_rollup_measures = ()

    @api.model
    def _dealer_rollup_table_sql(self):
        """SQL of the rollup read in place of the model's table: a table or a ``(SELECT ...)``
        with a column per dimension and measure, and ``row_count``."""
        raise NotImplementedError

    def _dealer_rollup_read_done(self):
        """Called after a grouping read the rollup (to undo what :meth:`_dealer_rollup_table_sql`
        set for it)."""

    def _dealer_rollup_reading(self):
        return self.env.context.get(ROLLUP_CONTEXT) == self._name

    @property
    def _table_sql(self):
        if self._dealer_rollup_reading():
            return self._dealer_rollup_table_sql()
        return super()._table_sql

    @api.model
    def _rollup_answers(self, domain, groupby, aggregates, having, order):
        """Whether the rollup holds everything this grouping reads: groups on its dimensions
        (any date granularity), sums of its measures and the count, a domain and record rules
        on its dimensions, no ``having``, an order on those."""
        if having or not self._dealer_rollup_dimensions:
            return False
        allowed = set(self._dealer_rollup_dimensions)
        if any(spec.split(":")[0] not in allowed for spec in groupby):
            return False
        measures = {f"{name}:sum" for name in self._dealer_rollup_measures} | {"__count"}
        if any(spec not in measures for spec in aggregates):
            return False
        if order:
            terms = set(groupby) | measures
            for part in order.split(","):
                words = part.split()
                if not words or words[0] not in terms:
                    return False
        rules = self.env["ir.rule"]._compute_domain(self._name, "read") or []
        for leaf in list(domain) + list(rules):
            if expression.is_operator(leaf) or not isinstance(leaf[0], str):
                continue  # '&', '|', '!', TRUE_LEAF / FALSE_LEAF
            if leaf[0].split(".")[0] not in allowed:
                return False
        return True

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        if self._dealer_rollup_reading() or not self._rollup_answers(domain, groupby, aggregates, having, order):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        rollup = self.with_context(**{ROLLUP_CONTEXT: self._name})
        try:
            rows = super(DealerRollupMixin, rollup)._read_group(domain, groupby, aggregates, having, offset, limit,
                                                                order)
        finally:
            rollup._dealer_rollup_read_done()
        # the groups' records in the caller's environment, not under the rollup's context
        return [
            tuple(value.with_env(self.env) if isinstance(value, models.BaseModel) else value for value in row)
            for row in rows
        ]

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "__count" and self._dealer_rollup_reading():
            return SQL("COALESCE(SUM(%s), 0)", SQL.identifier(self._table, "row_count"))
        return super()._read_group_select(aggregate_spec, query)
