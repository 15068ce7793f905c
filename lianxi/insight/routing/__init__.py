"""Learned routing: a text classifier for category and lead department (model.py, pure
machine learning), its training data and storage on the platform (service.py), and offline
evaluation on a CSV (evaluate.py)."""
