from . import dealer_crowdfunding
from . import dealer_crowdfunding_pledge
from . import sale_order
from . import stock_picking
