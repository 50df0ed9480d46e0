"""The commands of `tfmigrate`, one module each, sharing `options` (click options, config,
colour, exit codes) and `run` (one invocation of diff/apply/check over files).

`migrate.cli` assembles them into the group. A command module imports neither libcst nor the
codemods at import time: `--help`, `--version`, `explain` and `codemods` start fast.
"""
