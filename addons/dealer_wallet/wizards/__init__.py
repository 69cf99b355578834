from . import dealer_wallet_statement_wizard, dealer_wallet_topup
