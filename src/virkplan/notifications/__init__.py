"""Notices to users of what happens in their plans: kept for the in-app list, mailed by choice."""
