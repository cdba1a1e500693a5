"""Sync with head office: the wire protocol, outbox pusher and catalogue puller."""
