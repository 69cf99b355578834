from . import test_channel_analysis
from . import test_coexistence
