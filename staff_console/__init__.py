"""The staff console: review patient conversations, triage them, and feed corrections back into training."""
