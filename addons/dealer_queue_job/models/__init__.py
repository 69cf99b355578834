from . import dealer_job_mixin
