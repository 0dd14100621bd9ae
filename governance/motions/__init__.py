"""Meetings, attendance, quorum and motions: the procedure engine."""
