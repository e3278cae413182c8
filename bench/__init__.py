"""The benchmark: `make bench` / `python -m bench`. See BENCHMARKS.md."""
