"""The REST API: thin views over `claims.services` and `claims.workflow`."""
