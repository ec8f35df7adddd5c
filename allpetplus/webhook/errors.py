"""Webhook processing outcomes that are not failures."""


class NotYet(Exception):
    """The delivery refers to something that has not arrived yet (a fulfilment before its order, a refund
    before its payment): it stays in the inbox and is tried again with backoff."""
