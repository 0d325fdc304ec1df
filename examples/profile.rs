//! Runs one stage of the pipeline over the test split's sentences a number
//! of times, for profilers such as `valgrind --tool=callgrind` or
//! `perf record`.
//!
//! Run: `cargo run --release --example profile -- 20 [classify|split|tokenize|load]`

use claimtype::text::Tokens;
use claimtype::Classifier;

fn main() {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let stage = args.next().unwrap_or_else(|| "classify".into());
    let corpus = include_str!("../models/corpus/test.tsv");
    let lines: Vec<&str> = corpus
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .collect();
    match stage.as_str() {
        "tokenize" => {
            let mut tokens = Tokens::new();
            let mut n = 0;
            for _ in 0..rounds {
                for s in &lines {
                    tokens.tokenize(s);
                    n += tokens.len();
                }
            }
            println!("{n} tokens");
        }
        "split" => {
            // The sentences run together as one article, as the split bench does.
            let article = lines.join(" ");
            let mut n = 0;
            for _ in 0..rounds {
                n += claimtype::text::sentences(&article).count();
            }
            println!("{n} sentences");
        }
        "load" => {
            let bytes = include_bytes!("../models/claimtype-en.ctm");
            let mut features = 0;
            for _ in 0..rounds {
                features += Classifier::from_bytes(bytes).map_or(0, |m| m.n_features());
            }
            println!("{features} features");
        }
        _ => {
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
    }
}
