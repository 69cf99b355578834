from . import dealer_crowdfunding
from . import dealer_crowdfunding_pledge
from . import dealer_order_flow
from . import dealer_review_log
from . import sale_order
from . import stock_picking
