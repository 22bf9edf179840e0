"""Pure domain logic: no database, no Qt, no files."""
