"""ShowUp's benchmarks: `python3 dev.py bench [latency|fanout|history|memory|all] [--quick]`."""
