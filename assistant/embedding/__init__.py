"""The embedding stage: sentence and passage vectors (MiniLM, torch or ONNX int8)."""
