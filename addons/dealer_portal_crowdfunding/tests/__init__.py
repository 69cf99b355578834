from . import test_crowdfunding_pages
from . import test_coexistence
