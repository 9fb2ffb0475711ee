"""Rasa input channels of the clinic assistant."""
