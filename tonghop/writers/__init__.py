"""Writers: turn blocks back into files (real Word documents for tests and synthetic reports)."""
