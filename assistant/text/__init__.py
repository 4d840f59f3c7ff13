"""Words, names, figures and the look of instructions: text rules every stage shares."""
