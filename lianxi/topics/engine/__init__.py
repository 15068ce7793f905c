"""Text engine of the topics app: tokens, TF-IDF vectors, near-duplicate search and grouping.

Pure Python over rjieba, no Django: the management commands run it on external CSV files and
the app runs it on cases, so both use exactly the same detector."""
