"""What production runs: the Rasa server's start-up and the stores endpoints.yml names.

The deployment image ships this package and not `ops/` (local orchestration), so nothing here
imports `ops`.
"""
