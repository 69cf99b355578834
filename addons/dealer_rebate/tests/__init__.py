from . import test_tools
from . import test_policy
from . import test_settlement
from . import test_accrual
from . import test_access
from . import test_performance
from . import test_concurrency
from . import test_tour
