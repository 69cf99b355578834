from . import test_coexistence
from . import test_portal_report
