from . import test_channel_journeys, test_suite_installed
