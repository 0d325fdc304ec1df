//! Checks on the training corpus in `models/corpus/` (see models/README.md).

use std::collections::{HashMap, HashSet};

use claimtype::Label;

struct Row {
    label: Label,
    topic: String,
    article: String,
    text: String,
    hard_case: String,
    file: &'static str,
    line: usize,
}

const HARD_CASES: [&str; 15] = [
    "main_clause",
    "hedged_evidence",
    "official_accuses",
    "call_mentions_accusation",
    "denial_repeats",
    "denial_any_party",
    "denied_other_sense",
    "investigation",
    "court_ruling",
    "interested_testimony",
    "evidence_basis",
    "any_organisation",
    "rumour_no_accusation",
    "quotation",
    "headline_byline",
];

fn load() -> Vec<Row> {
    let files: [(&'static str, &'static str); 2] = [
        ("train.tsv", include_str!("../models/corpus/train.tsv")),
        ("test.tsv", include_str!("../models/corpus/test.tsv")),
    ];
    let mut rows = Vec::new();
    for (file, data) in files {
        let mut lines = data.split('\n');
        assert_eq!(
            lines.next(),
            Some("label\ttopic\tarticle\ttext\thard_case"),
            "{file}: header"
        );
        for (n, line) in lines.enumerate() {
            let line_no = n + 2;
            if line.is_empty() {
                assert_eq!(
                    line_no,
                    data.split('\n').count(),
                    "{file}:{line_no}: empty line inside the file"
                );
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                f.len(),
                5,
                "{file}:{line_no}: expected 5 fields, got {}",
                f.len()
            );
            let label: Label = f[0]
                .parse()
                .unwrap_or_else(|e| panic!("{file}:{line_no}: {e}"));
            assert!(!f[1].is_empty(), "{file}:{line_no}: empty topic");
            assert!(!f[3].trim().is_empty(), "{file}:{line_no}: empty text");
            assert!(
                !f[3].contains('\r'),
                "{file}:{line_no}: carriage return in text"
            );
            assert!(
                f[4].is_empty() || HARD_CASES.contains(&f[4]),
                "{file}:{line_no}: unknown hard case {:?}",
                f[4]
            );
            rows.push(Row {
                label,
                topic: f[1].into(),
                article: f[2].into(),
                text: f[3].into(),
                hard_case: f[4].into(),
                file,
                line: line_no,
            });
        }
    }
    rows
}

fn words(text: &str) -> Vec<String> {
    let mut t = claimtype::text::Tokens::new();
    t.tokenize(text);
    t.iter().map(|(_, w)| w.to_string()).collect()
}

#[test]
fn sizes_and_label_counts() {
    let rows = load();
    assert!(rows.len() >= 8000, "{} sentences", rows.len());
    let mut counts: HashMap<Label, usize> = HashMap::new();
    for r in &rows {
        *counts.entry(r.label).or_default() += 1;
    }
    for label in Label::ALL {
        let min = if label == Label::Other { 2500 } else { 1000 };
        let n = counts.get(&label).copied().unwrap_or(0);
        assert!(n >= min, "{label}: {n} < {min}");
    }
    let articles: HashSet<&str> = rows
        .iter()
        .filter(|r| !r.article.is_empty())
        .map(|r| r.article.as_str())
        .collect();
    let in_articles = rows.iter().filter(|r| !r.article.is_empty()).count();
    assert!(articles.len() >= 100, "{} articles", articles.len());
    let share = in_articles as f64 / rows.len() as f64;
    assert!((0.3..=0.7).contains(&share), "article share {share:.2}");
}

#[test]
fn topics_cover_every_label_and_split_cleanly() {
    let rows = load();
    let mut by_topic: HashMap<&str, HashSet<Label>> = HashMap::new();
    let mut split_of: HashMap<&str, &str> = HashMap::new();
    for r in &rows {
        by_topic.entry(&r.topic).or_default().insert(r.label);
        let prev = split_of.insert(&r.topic, r.file);
        assert!(
            prev.is_none() || prev == Some(r.file),
            "topic {} is in both splits",
            r.topic
        );
    }
    assert!(by_topic.len() >= 40, "{} topics", by_topic.len());
    for (topic, labels) in &by_topic {
        assert_eq!(labels.len(), 5, "topic {topic} lacks a label");
    }
    let test_topics = split_of.values().filter(|&&f| f == "test.tsv").count();
    assert!(test_topics >= 8, "{test_topics} test topics");
    let test_rows = rows.iter().filter(|r| r.file == "test.tsv").count();
    let share = test_rows as f64 / rows.len() as f64;
    assert!((0.15..=0.3).contains(&share), "test share {share:.2}");
}

#[test]
fn hard_cases_are_covered() {
    let rows = load();
    for case in HARD_CASES {
        let n = rows.iter().filter(|r| r.hard_case == case).count();
        assert!(n >= 40, "hard case {case}: {n} sentences");
    }
}

#[test]
fn no_exact_duplicates() {
    let rows = load();
    let mut seen: HashMap<String, (&str, usize)> = HashMap::new();
    for r in &rows {
        let key = r.text.trim().to_lowercase();
        if let Some((f, l)) = seen.insert(key, (r.file, r.line)) {
            panic!("{}:{} repeats {f}:{l}: {}", r.file, r.line, r.text);
        }
    }
}

/// Two sentences are near-duplicates when they share 80% or more of their
/// word 3-shingles (Jaccard similarity of the two shingle sets). Candidate pairs
/// come from an inverted index of shingles, so no all-pairs comparison.
#[test]
fn no_near_duplicates() {
    let rows = load();
    let shingles: Vec<HashSet<u64>> = rows
        .iter()
        .map(|r| {
            let w = words(&r.text);
            w.windows(3)
                .map(|s| {
                    let mut h: u64 = 0xcbf29ce484222325;
                    for b in s.join(" ").bytes() {
                        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
                    }
                    h
                })
                .collect()
        })
        .collect();
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, set) in shingles.iter().enumerate() {
        for &s in set {
            index.entry(s).or_default().push(i as u32);
        }
    }
    let mut bad = Vec::new();
    let mut shared: HashMap<u32, u32> = HashMap::new();
    for (i, set) in shingles.iter().enumerate() {
        if set.len() < 4 {
            continue;
        }
        shared.clear();
        for s in set {
            for &j in index.get(s).map(Vec::as_slice).unwrap_or(&[]) {
                if (j as usize) > i {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        for (&j, &n) in &shared {
            let other = &shingles[j as usize];
            let union = set.len() + other.len() - n as usize;
            if other.len() >= 4 && n as f64 >= 0.8 * union as f64 {
                let (a, b) = (&rows[i], &rows[j as usize]);
                bad.push(format!(
                    "{}:{} ~ {}:{}\n  {}\n  {}",
                    a.file, a.line, b.file, b.line, a.text, b.text
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} near-duplicate pairs:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Template-made data repeats its openings: no four-word opening may start
/// more than 1% of a label's sentences.
#[test]
fn openings_vary() {
    let rows = load();
    for label in Label::ALL {
        let of_label: Vec<&Row> = rows.iter().filter(|r| r.label == label).collect();
        let mut openings: HashMap<String, usize> = HashMap::new();
        for r in &of_label {
            let w = words(&r.text);
            if w.len() >= 4 {
                *openings.entry(w[..4].join(" ")).or_default() += 1;
            }
        }
        let limit = (of_label.len() as f64 * 0.01).max(1.0);
        for (opening, n) in openings {
            assert!(
                n as f64 <= limit,
                "{label}: {n} sentences open with {opening:?} (limit {limit:.0})"
            );
        }
    }
}

#[test]
fn sentence_lengths_look_like_news() {
    let rows = load();
    let lengths: Vec<usize> = rows
        .iter()
        .map(|r| r.text.split_whitespace().count())
        .collect();
    let mean = lengths.iter().sum::<usize>() as f64 / lengths.len() as f64;
    assert!((17.0..=28.0).contains(&mean), "mean length {mean:.1} words");
    let long = lengths.iter().filter(|&&n| n > 60).count();
    assert!(
        long * 100 <= lengths.len(),
        "{long} sentences over 60 words"
    );
}
