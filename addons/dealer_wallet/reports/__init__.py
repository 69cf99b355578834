from . import dealer_wallet_statement_report
