"""Open data: bulk downloads of each published year, with data dictionary, licence and sources."""
