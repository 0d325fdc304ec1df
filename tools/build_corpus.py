#!/usr/bin/env python3
"""Assemble models/corpus/{train,test}.tsv from the per-topic files written
for this project (one TSV per topic, columns label, topic, article, text,
hard_case). Whole topics go to the test split, so the test measures
generalisation to subjects the model never saw.

Usage: tools/build_corpus.py SRC_DIR models/corpus
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
    for name in sorted(os.listdir(src)):
        if not name.endswith(".tsv"):
            continue
        topic = name[:-4]
        with open(os.path.join(src, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        head = lines[0].split("\t")
        assert head == HEADER, (name, head)
        for n, line in enumerate(lines[1:], 2):
            if not line.strip():
                continue
            fields = line.split("\t")
            assert len(fields) == 5, (name, n, line)
            label, t, article, text, case = (x.strip() for x in fields)
            assert label in LABELS, (name, n, label)
            assert t == topic, (name, n, t)
            if not text or text in seen:
                continue
            seen.add(text)
            split = "test" if topic in TEST_TOPICS else "train"
            rows[split].append([label, topic, article, text, case])
    os.makedirs(out, exist_ok=True)
    for split, data in rows.items():
        with open(os.path.join(out, f"{split}.tsv"), "w", encoding="utf-8", newline="") as f:
            f.write("\t".join(HEADER) + "\n")
            for r in data:
                f.write("\t".join(r) + "\n")
        print(split, len(data))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
