from . import test_inventory_pages
from . import test_tour
from . import test_coexistence
