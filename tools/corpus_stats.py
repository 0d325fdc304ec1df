#!/usr/bin/env python3
"""Print the data card's tables for models/corpus/{train,test}.tsv (markdown)."""
import collections, re, sys

LABELS = ["allegation", "denial", "evidence", "official_statement", "other"]


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            label, topic, article, text, case = line.rstrip("\n").split("\t")
            rows.append(dict(label=label, topic=topic, article=article, text=text, case=case))
    return rows


def words(text):
    return re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text.lower())


def main(d):
    splits = {s: load(f"{d}/{s}.tsv") for s in ("train", "test")}
    allrows = splits["train"] + splits["test"]
    print("| split | sentences | topics | articles | " + " | ".join(LABELS) + " |")
    print("|---" * (4 + len(LABELS)) + "|")
    for name, rows in list(splits.items()) + [("all", allrows)]:
        c = collections.Counter(r["label"] for r in rows)
        topics = len({r["topic"] for r in rows})
        arts = len({r["article"] for r in rows if r["article"]})
        print(f"| {name} | {len(rows)} | {topics} | {arts} | " + " | ".join(str(c[l]) for l in LABELS) + " |")
    print()
    in_art = sum(1 for r in allrows if r["article"])
    lens = [len(r["text"].split()) for r in allrows]
    print(f"Article sentences: {in_art} ({in_art / len(allrows):.0%}); targeted: {len(allrows) - in_art}.")
    print(f"Words per sentence: mean {sum(lens) / len(lens):.1f}, min {min(lens)}, max {max(lens)}.")
    print()
    print("| label | sentences | tokens | type/token ratio | distinct bigrams | distinct bigrams per sentence |")
    print("|---|---|---|---|---|---|")
    for l in LABELS:
        rows = [r for r in allrows if r["label"] == l]
        toks = [w for r in rows for w in words(r["text"])]
        bigr = {(a, b) for r in rows for a, b in zip(words(r["text"]), words(r["text"])[1:])}
        print(f"| {l} | {len(rows)} | {len(toks)} | {len(set(toks)) / len(toks):.3f} | {len(bigr)} | {len(bigr) / len(rows):.1f} |")
    print()
    cases = collections.Counter(r["case"] for r in allrows if r["case"])
    print("| hard case | sentences |")
    print("|---|---|")
    for k, v in sorted(cases.items()):
        print(f"| {k} | {v} |")
    print()
    for name, rows in splits.items():
        print(f"{name} topics ({len({r['topic'] for r in rows})}): " + ", ".join(sorted({r['topic'] for r in rows})) + ".")
        print()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "models/corpus")
