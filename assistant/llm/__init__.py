"""The chat model behind the LLM answer mode, and the prompt files it is given."""
