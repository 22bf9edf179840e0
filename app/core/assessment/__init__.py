"""The self-assessment of the province CCHC index: criteria, scores, evidence (no Qt)."""
