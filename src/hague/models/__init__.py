"""Models computed from the data: alliance aggregates, status, and (in later modules) projections."""
