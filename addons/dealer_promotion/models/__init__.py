from . import dealer_promotion
from . import dealer_promotion_rule
from . import dealer_promotion_threshold
from . import dealer_promotion_usage
from . import dealer_promotion_result
from . import sale_order
from . import sale_order_line
from . import res_partner
