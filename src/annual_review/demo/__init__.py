"""The demonstration dataset (generated, not real decisions) and the one-command demo."""
