"""Municipal pet licences: jurisdiction rules and fees, applications, review, tags, renewals, lookup."""
