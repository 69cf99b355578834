from . import test_profit_share_settlement
from . import test_coexistence
