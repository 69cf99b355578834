from . import test_crowdfunding_jobs
from . import test_rebate_jobs
from . import test_coexistence
