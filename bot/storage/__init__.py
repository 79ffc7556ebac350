"""The app's own tables (SQLAlchemy Core) and the queries on them."""
