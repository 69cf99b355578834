from . import dealer_order_reject_wizard
