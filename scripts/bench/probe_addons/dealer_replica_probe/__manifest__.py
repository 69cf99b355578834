{
    "name": "Dealer replica probe (benchmarks only)",
    "summary": "Two readonly routes that scripts/bench/replica_bench.py loads as a server-wide module to "
    "show where a read is served and what a write in a readonly route does; never installed",
    "version": "18.0.1.0.0",
    "license": "LGPL-3",
    "depends": ["web"],
    "installable": True,
}
