"""Starting and stopping the assistant's processes (used by `make run` and the tests)."""
