"""`python -m bench [--quick]`: run the benchmark and write RESULTS.md."""

from bench.run import main

main()
