#!/usr/bin/env python3
"""Assemble models/corpus/{train,test}.tsv from TSV files with the columns
label, topic, article, text, hard_case. Whole topics go to the test split
(TEST_TOPICS), so the test measures generalisation to subjects the model
never saw.

The corpus was first assembled from the writers' per-topic files (not kept;
train.tsv and test.tsv are the canonical corpus). To change the split, run
it on the corpus itself, which reads both files and writes them again:

    tools/build_corpus.py models/corpus models/corpus
"""
import csv, os, sys

TEST_TOPICS = {
    "food_contamination", "animal_cruelty", "building_collapses", "wildlife_trafficking",
    "maritime_incidents", "arms_smuggling", "medical_malpractice", "oil_spills", "doping",
    "judicial_corruption", "counterfeit_medicines", "insurance_fraud", "illegal_fishing",
    "pension_fraud", "art_forgery", "cult_abuse",
    "greenwashing", "military_hazing", "missing_persons", "predatory_lending", "water_contamination",
    "hospital_outbreaks", "lottery_rigging", "tariff_fraud", "protest_crackdowns",
}
LABELS = {"allegation", "denial", "evidence", "official_statement", "other"}
HEADER = ["label", "topic", "article", "text", "hard_case"]


def main(src, out):
    rows = {"train": [], "test": []}
    seen = set()
    sources = {}
    for name in sorted(os.listdir(src)):
        if name.endswith(".tsv"):
            with open(os.path.join(src, name), encoding="utf-8") as f:
                sources[name] = f.read().split("\n")
    for name, lines in sources.items():
        head = lines[0].split("\t")
        assert head == HEADER, (name, head)
        for n, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            fields = line.split("\t")
            assert len(fields) == 5, (name, n, line)
            label, t, article, text, case = (x.strip() for x in fields)
            assert label in LABELS, (name, n, label)
            if not text or text in seen:
                continue
            seen.add(text)
            split = "test" if t in TEST_TOPICS else "train"
            rows[split].append([label, t, article, text, case])
    os.makedirs(out, exist_ok=True)
    for split, data in rows.items():
        with open(os.path.join(out, f"{split}.tsv"), "w", encoding="utf-8", newline="") as f:
            f.write("\t".join(HEADER) + "\n")
            for r in data:
                f.write("\t".join(r) + "\n")
        print(split, len(data))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
