from . import crowdfunding
