"""Notices to users about what happens in their plans: stored for the in-app list, mailed by choice."""
