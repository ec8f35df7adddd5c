"""Webhooks from payment and shop providers: verified, stored durably, processed once from the queue."""
