"""Annual Review: statistics, letters and the public site for an ombudsman's annual review."""

__version__ = "0.1.0"
