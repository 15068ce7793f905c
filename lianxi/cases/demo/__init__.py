"""Demo cases for 示范市: believable Chinese matters driven through the real case actions."""
