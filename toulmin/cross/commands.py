"""`toulmin solve` and `toulmin compare` (cross-examination). Registered on import."""
