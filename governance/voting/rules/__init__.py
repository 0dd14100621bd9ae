"""Pure voting rules: secret-ballot receipts and trackers, counting, and box integrity.

No database, web framework or clock here (randomness for receipts comes from `secrets`).
"""
