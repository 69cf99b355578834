from . import dealer_report_export
