from . import dealer_rebate_policy
from . import dealer_rebate_settlement_line
from . import dealer_rebate_accrual
from . import dealer_profit_share
