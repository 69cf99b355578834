from . import test_crowdfunding_jobs
from . import test_rebate_jobs
from . import test_inventory_jobs
from . import test_report_jobs
from . import test_import_jobs
from . import test_coexistence
