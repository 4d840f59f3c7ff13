"""Checks on answer text: its grammar (sentences, markers), citation offsets, support."""
