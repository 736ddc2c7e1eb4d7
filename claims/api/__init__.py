"""The REST API: thin views over `claims.ingest` and `claims.review`."""
