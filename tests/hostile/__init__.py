"""Hostile and broken input: generated malformed documents run through the real CLI."""
