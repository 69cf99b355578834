from . import (
    test_access,
    test_allocation,
    test_combined_payment,
    test_concurrency,
    test_credit_evaluation,
    test_eligibility,
    test_statement,
    test_statement_export,
    test_statement_http,
    test_wallet_ledger,
)
from . import test_coexistence
