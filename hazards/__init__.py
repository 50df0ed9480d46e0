"""Variable-lifecycle hazard diagnostics (`tfmigrate lint`): one checker per hazard."""
