"""Developer scripts: NLU evaluation and benchmarks."""
