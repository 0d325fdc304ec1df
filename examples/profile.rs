//! Classifies the test split's sentences a number of times, for profilers
//! such as `valgrind --tool=callgrind` or `perf record`.
//!
//! Run: `cargo run --release --example profile -- 20`

use claimtype::Classifier;

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let corpus = include_str!("../models/corpus/test.tsv");
    let lines: Vec<&str> = corpus
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .collect();
    let model = match Classifier::bundled() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut claims = 0usize;
    for _ in 0..rounds {
        claims += lines
            .iter()
            .filter(|s| model.classify(s).label.is_claim())
            .count();
    }
    println!(
        "{} sentences x {rounds} rounds, {claims} claims",
        lines.len()
    );
}
