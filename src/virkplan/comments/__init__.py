"""Discussion threads on a plan and on each of its goals, with @mentions."""
