"""Notifications service: provider inboxes, the staff work queue, delivery channels."""
