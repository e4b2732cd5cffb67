"""The read-only public JSON API under /api/v1/: organisations, years, statistics, decisions, letters."""
