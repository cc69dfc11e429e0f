"""Many processes on one machine, as a municipality runs them: replicas of each service and of the scheduler
on PostgreSQL, behind nginx with the repository's proxy configuration. `scripts/cluster`."""
