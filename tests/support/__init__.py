"""Helpers the tests share: throw-away servers and database set-up."""
