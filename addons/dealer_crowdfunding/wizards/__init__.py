from . import dealer_crowdfunding_pledge_wizard
