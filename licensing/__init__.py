"""The licensing app (port 3001): municipal pet licences, standalone and embedded in the dashboard."""
