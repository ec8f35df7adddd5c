"""The look shared by the three apps: theme, page shell and reusable components."""
