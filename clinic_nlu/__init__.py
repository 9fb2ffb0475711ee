"""Custom Rasa NLU components of the clinic assistant (tokenizer, entities, red flags)."""
