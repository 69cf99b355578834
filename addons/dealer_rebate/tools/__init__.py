from .periods import (
    is_aligned,
    last_closed_period,
    period_bounds,
    period_label,
    previous_year_period,
)
from .rates import (
    RebateResult,
    compute_rebate,
    growth_percent,
    progressive_amount,
    select_threshold,
)
