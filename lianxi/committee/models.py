"""Models of the committee app."""
