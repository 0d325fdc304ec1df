#!/usr/bin/env python3
"""How far apart are claimtype and the best peers on a labelled file, and
is the gap more than the file's sampling noise?

Trains the two strongest peers of ../shared/tools/peers (scikit-learn
TF-IDF 1-2 with LogisticRegression and with LinearSVC, the same pipelines
as anchors.py, with the C its cross-validation chose on train.tsv), labels
the evaluation file with them and with the claimtype binary, and prints
each macro-F1 and a paired bootstrap of the difference: the same resampled
sentences for both sides, 5,000 times.

It measures; it tunes nothing. Run from the project root with the peers'
virtual environment, after `cargo build --release`:

    /tmp/peers-venv/bin/python tools/paired_bootstrap.py \
        models/corpus/train.tsv ../shared/eval/real-dev.tsv
"""
import csv
import random
import subprocess
import sys

CLAIMS = ["allegation", "denial", "evidence", "official_statement"]
# C chosen by anchors.py's 5-fold cross-validation on models/corpus/train.tsv.
PEERS = {"LogisticRegression (C=64)": ("lr", 64.0), "LinearSVC (C=3)": ("svm", 3.0)}
ROUNDS = 5000


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["text"] for r in rows], [r["label"] for r in rows]


def macro_f1(truth, predicted):
    """Mean F1 of the four claim labels (`other` still counts as a class)."""
    scores = []
    for c in CLAIMS:
        tp = sum(1 for t, p in zip(truth, predicted) if t == c and p == c)
        fp = sum(1 for t, p in zip(truth, predicted) if t != c and p == c)
        fn = sum(1 for t, p in zip(truth, predicted) if t == c and p != c)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def peer(kind, C, texts, labels):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    clf = LogisticRegression(max_iter=2000, C=C) if kind == "lr" else LinearSVC(
        C=C, max_iter=20000, random_state=0)
    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    return Pipeline([("vec", vec), ("clf", clf)]).fit(texts, labels)


def claimtype(texts):
    out = subprocess.run(
        ["target/release/claimtype", "classify", "--lines", "--format", "tsv"],
        input="\n".join(t.replace("\n", " ") for t in texts) + "\n",
        capture_output=True, text=True, check=True).stdout
    labels = [line.split("\t")[0] for line in out.splitlines() if line]
    if len(labels) != len(texts):
        sys.exit(f"claimtype labelled {len(labels)} lines of {len(texts)}")
    return labels


def main(train_path, eval_path):
    train_x, train_y = read(train_path)
    texts, truth = read(eval_path)
    ours = claimtype(texts)
    print(f"claimtype: macro-F1 {macro_f1(truth, ours):.3f}")
    rng = random.Random(1)
    n = len(truth)
    for name, (kind, C) in PEERS.items():
        theirs = list(peer(kind, C, train_x, train_y).predict(texts))
        gap = macro_f1(truth, ours) - macro_f1(truth, theirs)
        diffs = []
        for _ in range(ROUNDS):
            idx = [rng.randrange(n) for _ in range(n)]
            t = [truth[i] for i in idx]
            diffs.append(macro_f1(t, [ours[i] for i in idx]) - macro_f1(t, [theirs[i] for i in idx]))
        diffs.sort()
        lo, hi = diffs[int(ROUNDS * 0.025)], diffs[int(ROUNDS * 0.975) - 1]
        ahead = sum(d > 0 for d in diffs) / ROUNDS
        print(f"{name}: macro-F1 {macro_f1(truth, theirs):.3f}; claimtype minus it {gap:+.3f}, "
              f"95% interval [{lo:+.3f}, {hi:+.3f}], claimtype ahead in {ahead:.0%} of resamples")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
