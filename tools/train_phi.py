"""Train the privacy guard's weights (bot/privacy/weights.json) on the dev parts of the
labelled corpus in tests/data/phi/ (dev … dev25, each written by someone else who never saw
the guard). The held-out parts are never read here.

    .venv/bin/python -m tools.train_phi            # evaluate, then train and write
    .venv/bin/python -m tools.train_phi --eval-only

A logistic regression over sparse features (named signs, pairs of signs, hashed words),
fitted by Adam on the log loss with L2 regularisation: light on the signs (few, meant to
generalise), heavy on the hashed words (many, easy to memorise). It is evaluated writer by
writer: each dev part is scored by a model trained on the other parts only, which is how the
guard meets sentences from a clinic it has never seen. The threshold is the lowest score at
which those unseen-writer predictions refuse no more ordinary lines than the target allows,
so the model leans towards refusing, as a privacy guard should.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.privacy import lexicon as lx
from bot.privacy.features import HASH_BUCKETS, as_colleagues, prepare, signs
from bot.privacy.model import bar, by_rule, paired, word_features

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "phi"
OUT = Path(__file__).resolve().parents[1] / "bot" / "privacy" / "weights.json"
# Each part written by someone else; the held-out parts are not among them.
DEV_PARTS = ("dev", *(f"dev{n}" for n in range(2, 26)))
SIGN_L2, WORD_L2 = 0.5, 0.005
TARGET_FALSE_REFUSALS = 0.015
TODAY_YEAR = 2026   # the year the corpus was written: its dates are read as of then


@dataclass
class Example:
    text: str
    label: int
    part: str
    ruled: bool
    found: dict[str, float]
    features: list[tuple[str | int, float]]


def lines(part: str, name: str) -> list[str]:
    return [line for line in (CORPUS / f"{part}_{name}.txt").read_text().splitlines()
            if line.strip()]


def load(part: str, team: frozenset[str] | None = None) -> list[Example]:
    """A part's lines as examples. With `team`, names in it are the workspace's colleagues;
    an empty `team` takes each line's own first names for colleagues' (every client shares a
    colleague's name: the worst case for a team's roster)."""
    examples = []
    for label, name in ((1, "client"), (0, "ordinary")):
        for line in lines(part, name):
            text = prepare(line)
            if team is not None:
                text = as_colleagues(text, team or _first_names_in(line))
            found = signs(text, TODAY_YEAR)
            features: list[tuple[str | int, float]] = list(paired(found))
            features += word_features(text)
            examples.append(Example(text, label, part, bool(by_rule(found)), found, features))
    return examples


class Design:
    """Compressed sparse rows over the features seen in training."""

    def __init__(self, examples: list[Example]) -> None:
        names = sorted({f for e in examples for f, _ in e.features if isinstance(f, str)})
        buckets = sorted({f for e in examples for f, _ in e.features if isinstance(f, int)})
        self.names = names
        self.index: dict[str | int, int] = {n: i for i, n in enumerate(names)}
        self.index.update({b: i + len(names) for i, b in enumerate(buckets)})
        self.width = len(names) + len(buckets)

    def rows(self, examples: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        indptr, indices, data = [0], [], []
        for e in examples:
            for f, v in e.features:
                if f in self.index:
                    indices.append(self.index[f])
                    data.append(v)
            indptr.append(len(indices))
        return np.array(indptr), np.array(indices, dtype=np.int64), np.array(data)


def _dot(x: tuple[np.ndarray, np.ndarray, np.ndarray], w: np.ndarray) -> np.ndarray:
    indptr, indices, data = x
    products = np.concatenate([data * w[indices], [0.0]])
    sums = np.add.reduceat(products, indptr[:-1]) if len(indices) else np.zeros(len(indptr) - 1)
    sums[indptr[:-1] == indptr[1:]] = 0.0
    result: np.ndarray = sums
    return result


def fit(x: tuple[np.ndarray, np.ndarray, np.ndarray], y: np.ndarray, width: int,
        signs_width: int, steps: int = 1500) -> tuple[float, np.ndarray]:
    """Adam on the regularised log loss: rare signs get their weight without waiting."""
    indptr, indices, data = x
    lengths = np.diff(indptr)
    l2 = np.full(width, WORD_L2)
    l2[:signs_width] = SIGN_L2
    w, b = np.zeros(width), 0.0
    m, v, mb, vb = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    rate, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(_dot(x, w) + b)))
        error = np.repeat(p - y, lengths)
        grad = np.bincount(indices, weights=data * error, minlength=width) / len(y)
        grad += l2 * w / len(y)
        grad_b = float(np.mean(p - y))
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        mb = beta1 * mb + (1 - beta1) * grad_b
        vb = beta2 * vb + (1 - beta2) * grad_b * grad_b
        correction = np.sqrt(1 - beta2 ** step) / (1 - beta1 ** step)
        w -= rate * correction * m / (np.sqrt(v) + eps)
        b -= rate * correction * mb / (np.sqrt(vb) + eps)
    return b, w


def train(examples: list[Example]) -> tuple[Design, float, np.ndarray]:
    design = Design(examples)
    y = np.array([e.label for e in examples], dtype=float)
    b, w = fit(design.rows(examples), y, design.width, len(design.names))
    return design, b, w


def predict(model: tuple[Design, float, np.ndarray], examples: list[Example]) -> np.ndarray:
    design, b, w = model
    result: np.ndarray = 1 / (1 + np.exp(-(_dot(design.rows(examples), w) + b)))
    return result


Model = tuple[Design, float, np.ndarray]


_FOLD_EXAMPLES: list[Example] = []   # read by the forked fold workers


def _fold(part: str) -> tuple[str, Model, np.ndarray]:
    examples = _FOLD_EXAMPLES
    model = train([e for e in examples if e.part != part])
    return part, model, predict(model, [e for e in examples if e.part == part])


def unseen_writer_scores(examples: list[Example], models: dict[str, Model] | None = None
                         ) -> np.ndarray:
    """Each part scored by a model trained on the other parts (kept in `models`), two parts
    at a time (the folds are independent; forked workers share the examples)."""
    global _FOLD_EXAMPLES
    _FOLD_EXAMPLES = examples
    predicted = np.zeros(len(examples))
    parts = np.array([e.part for e in examples])
    try:
        with multiprocessing.get_context("fork").Pool(2) as pool:
            for part, model, scores in pool.imap_unordered(_fold, DEV_PARTS):
                if models is not None:
                    models[part] = model
                predicted[parts == part] = scores
    finally:
        _FOLD_EXAMPLES = []
    return predicted


def _first_names_in(line: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,14}\b", line)
                     if w.lower() in lx.first_names())


def team_of(part: str) -> frozenset[str]:
    """A stand-in for the workspace's member list: the first names a writer uses in two or
    more of their ordinary lines (colleagues recur; a referrer's name seldom does)."""
    seen: dict[str, int] = {}
    for line in lines(part, "ordinary"):
        for name in _first_names_in(line):
            seen[name] = seen.get(name, 0) + 1
    return frozenset(name for name, count in seen.items() if count >= 2)


def with_team(models: dict[str, Model], threshold: float) -> dict[str, dict[str, float]]:
    """The unseen-writer rates when the guard knows the team's names: ordinary lines with
    each part's recurring names as the team, and client lines when every name in them is a
    colleague's."""
    result: dict[str, dict[str, float]] = {}
    for part in DEV_PARTS:
        ordinary = [e for e in load(part, team_of(part)) if e.label == 0]
        client = [e for e in load(part, frozenset()) if e.label == 1]
        for name, group in (("ordinary refused", ordinary), ("client refused", client)):
            refused = refusals(group, predict(models[part], group), threshold)
            result.setdefault(name, {})[part] = float(np.sum(refused))
    totals = {"ordinary refused": sum(result["ordinary refused"].values()),
              "client refused": sum(result["client refused"].values())}
    return {"team names": {part: len(team_of(part)) for part in DEV_PARTS}, **result,
            "all": totals}


def refusals(examples: list[Example], predicted: np.ndarray, threshold: float) -> np.ndarray:
    """What the guard refuses at this threshold: by rule, or by the model over its bar
    (bot/privacy/model.py judge)."""
    ruled = np.array([e.ruled for e in examples])
    bars = np.array([bar(e.found, threshold) for e in examples])
    refused: np.ndarray = ruled | (predicted >= bars)
    return refused


def pick_threshold(examples: list[Example], predicted: np.ndarray) -> float:
    """The lowest threshold at which rules and model together refuse no more ordinary lines
    than the target allows."""
    y = np.array([e.label for e in examples])
    ruled = np.array([e.ruled for e in examples])
    floors = np.array([bar(e.found, 0.0) for e in examples])   # bar(t) = max(t, bar(0))
    allowed = int(TARGET_FALSE_REFUSALS * int(np.sum(y == 0)))
    for threshold in np.sort(np.unique(predicted)):
        refused = ruled | (predicted >= np.maximum(threshold, floors))
        if int(np.sum(refused & (y == 0))) <= allowed:
            return float(threshold)
    return 1.0


def report(examples: list[Example], predicted: np.ndarray, threshold: float
           ) -> dict[str, dict[str, float]]:
    """Print and return the rates of each part as judged by a model that never saw it."""
    y = np.array([e.label for e in examples])
    ruled = np.array([e.ruled for e in examples])
    refused = refusals(examples, predicted, threshold)
    print(f"rules alone: client refused {np.mean(ruled[y == 1]):.1%}, "
          f"ordinary refused {np.mean(ruled[y == 0]):.1%}")
    print(f"rules + model, each part unseen, threshold {threshold:.3f}:")
    rates = {}
    for part in (*DEV_PARTS, None):
        mine = np.array([part is None or e.part == part for e in examples])
        client = float(np.mean(refused[mine & (y == 1)]))
        ordinary = float(np.mean(refused[mine & (y == 0)]))
        rates[part or "all"] = {"client lines": int(np.sum(mine & (y == 1))),
                                "client refused": round(client, 4),
                                "ordinary lines": int(np.sum(mine & (y == 0))),
                                "ordinary refused": round(ordinary, 4)}
        print(f"  {part or 'all':5} client refused {client:6.1%}   ordinary refused "
              f"{ordinary:5.1%}")
    return rates


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval-only", action="store_true")
    parser.add_argument("--errors", action="store_true", help="print the misjudged lines")
    args = parser.parse_args()
    examples = [e for part in DEV_PARTS for e in load(part)]
    y = np.array([e.label for e in examples])
    models: dict[str, Model] = {}
    predicted = unseen_writer_scores(examples, models)
    threshold = pick_threshold(examples, predicted)
    unseen = report(examples, predicted, threshold)
    team = with_team(models, threshold)
    client_lines, ordinary_lines = int(np.sum(y == 1)), int(np.sum(y == 0))
    unseen["knowing the team"] = {
        "client lines": client_lines,
        "client refused": round(team["all"]["client refused"] / client_lines, 4),
        "ordinary lines": ordinary_lines,
        "ordinary refused": round(team["all"]["ordinary refused"] / ordinary_lines, 4)}
    known = unseen["knowing the team"]
    print(f"knowing the team's names: ordinary refused {known['ordinary refused']:.1%} (team ="
          f" names recurring in a part's ordinary lines); client refused "
          f"{known['client refused']:.1%} (every name in a client line a colleague's)")
    refused = refusals(examples, predicted, threshold)
    if args.errors:
        for i in np.argsort(-np.abs(predicted - y)):
            if refused[i] != bool(y[i]):
                print(f"  {'MISS' if y[i] else 'FALSE'} {predicted[i]:.2f} "
                      f"{examples[i].part}: {examples[i].text}")
    if args.eval_only:
        return
    design, b, w = train(examples)
    width = len(design.names)
    words = {str(f): round(float(w[i]), 4) for f, i in design.index.items()
             if isinstance(f, int) and abs(w[i]) >= 1e-3}
    named = {n: round(float(w[i]), 4) for i, n in enumerate(design.names[:width])
             if abs(w[i]) >= 1e-3}
    OUT.write_text(json.dumps({
        "bias": round(b, 4), "threshold": round(threshold, 4), "signs": named,
        "words": words, "buckets": HASH_BUCKETS, "unseen writers": unseen},
        indent=0, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(named)} sign weights, {len(words)} word weights)")


if __name__ == "__main__":
    main()
