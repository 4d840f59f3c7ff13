"""Export a trained ranker to the shipped ONNX int8 folder.

    python -m training.export_ranker training/runs/ranker/final assistant/ranker_model

Writes ``model_int8.onnx`` (weights int8 per channel in 7 bits, like the embedder), the
tokenizer files and ``config.json``; ``MODEL_CARD.md`` in that folder is kept.
Needs the ``train`` extra.
"""

from __future__ import annotations

import argparse
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "vocab.txt",
)


def export(model_dir: Path, target: Path) -> Path:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from assistant.embedding.onnx import quantise

    class Logits(torch.nn.Module):
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types).logits

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(model_dir), local_files_only=True
    ).eval()
    sample = tokenizer(
        ["a question?", "another question"],
        ["an answer.", "a longer answer sentence."],
        padding=True,
        return_tensors="pt",
    )
    target.mkdir(parents=True, exist_ok=True)
    fp32 = target / f"model.{os.getpid()}.onnx"
    axes = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    axes["logits"] = {0: "batch"}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Logits(model),
            tuple(sample[name] for name in INPUTS),
            str(fp32),
            input_names=list(INPUTS),
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )
    out = target / "model_int8.onnx"
    try:
        quantise(fp32, out)  # as the embedder: 7-bit weights, the same scores on every CPU
    finally:
        fp32.unlink(missing_ok=True)
    for name in TOKENIZER_FILES + ("config.json",):
        if (model_dir / name).is_file():
            shutil.copyfile(model_dir / name, target / name)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dir", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    out = export(args.model_dir, args.target)
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
