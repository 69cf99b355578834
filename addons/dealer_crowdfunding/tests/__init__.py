from . import test_crowdfunding
from . import test_crowdfunding_flow
from . import test_access
from . import test_concurrency
from . import test_tour
from . import test_coexistence
from . import test_eligibility
