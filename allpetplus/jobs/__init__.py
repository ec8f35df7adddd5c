"""RQ job functions. Jobs are thin: they call services, so every rule stays testable without a worker."""
