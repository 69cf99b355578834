from . import dealer_order_reject_wizard
from . import dealer_order_approve_wizard
