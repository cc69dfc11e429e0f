"""OAuth 2.0 access tokens (RFC 9068 JWTs): signing keys, verification, principals."""
