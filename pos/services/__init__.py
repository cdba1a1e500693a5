"""Use cases of the till (sell, hold, return, open/close the day...) over ports. Domain only."""
