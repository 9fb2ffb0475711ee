"""The domain core every process builds on: language, rules, facts, replies and the contract."""
