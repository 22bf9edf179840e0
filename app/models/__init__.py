"""The data store: SQLAlchemy typed models, migrations and the database file.
No Qt here."""
