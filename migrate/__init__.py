"""tfmigrate: the CLI and the engine (discovery, parallel runner, diffs, reports, verify)."""
__version__ = "0.1.0"
