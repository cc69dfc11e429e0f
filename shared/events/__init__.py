"""The event contract shared by every service: the CloudEvents envelope and versioned payloads."""
