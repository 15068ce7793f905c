"""The demo city generator (manage.py demo_city)."""
