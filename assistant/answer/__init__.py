"""The answer stage: extract or generate, cite, and surface disagreeing figures."""
