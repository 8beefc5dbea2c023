"""The CLI's commands, one module per area; sohoa/cli.py wires them into one group."""
