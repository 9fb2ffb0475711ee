"""Local orchestration: starting and stopping the assistant's processes (`make run`, the tests, the benchmarks)."""
