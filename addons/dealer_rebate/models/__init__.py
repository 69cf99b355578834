from . import dealer_rebate_policy
from . import dealer_rebate_threshold
from . import dealer_rebate_settlement
from . import dealer_rebate_settlement_line
from . import dealer_rebate_settlement_source
from . import dealer_rebate_accrual
from . import res_partner
