from . import test_analyses
from . import test_coexistence
from . import test_dashboard_export
from . import test_sale_report
from . import test_sales_analysis
from . import test_tour
from . import test_export_request
from . import test_sales_analysis_rebuild
