"""Files in and out: Excel, PDF, mail drafts, importers, JSON. No Qt."""
