"""The command line: parse, call the pipeline, print; errors become one line and exit 1."""

from .app import app, main

__all__ = ["app", "main"]
