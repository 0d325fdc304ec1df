//! Throughput of each stage and end to end, over news text written for this
//! project (the corpus test split and the sample article).
//!
//! Run: `cargo bench --bench pipeline`. Each benchmark checks its own output
//! count first, so a fast wrong answer fails.

use std::hint::black_box;

use claimtype::text::{sentences, Tokens};
use claimtype::Classifier;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const CORPUS: &str = include_str!("../models/corpus/test.tsv");

/// The sentences of the test split, one per element.
fn corpus_sentences() -> Vec<&'static str> {
    CORPUS
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').nth(3))
        .collect()
}

fn bench(c: &mut Criterion) {
    let model = Classifier::bundled().expect("bundled model");
    let lines = corpus_sentences();
    let n = lines.len() as u64;
    let bytes: u64 = lines.iter().map(|s| s.len() as u64).sum();
    assert!(n > 3000, "expected the test split, got {n} sentences");

    // Article text: the sentences of each article joined as paragraphs.
    let article: String = lines.join(" ");
    let split_count = sentences(&article).count();
    assert!(
        split_count >= n as usize * 95 / 100,
        "splitter found {split_count} of {n}"
    );

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("split (bytes)", |b| {
        b.iter(|| sentences(black_box(&article)).count())
    });

    let mut tokens = Tokens::new();
    let total_tokens: usize = lines
        .iter()
        .map(|s| {
            tokens.tokenize(s);
            tokens.len()
        })
        .sum();
    assert!(total_tokens > n as usize * 15, "{total_tokens} tokens");
    g.throughput(Throughput::Elements(n));
    g.bench_function("tokenize (sentences)", |b| {
        b.iter(|| {
            let mut count = 0;
            for s in &lines {
                tokens.tokenize(black_box(s));
                count += tokens.len();
            }
            count
        })
    });

    let v = model.vectorizer();
    let nonzero: usize = lines.iter().map(|s| v.transform(s).indices().len()).sum();
    assert!(nonzero > n as usize * 10, "{nonzero} features");
    g.bench_function("vectorize, allocating (sentences)", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|s| v.transform(black_box(s)).indices().len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("end_to_end");
    let claims = lines
        .iter()
        .filter(|s| model.classify(s).label.is_claim())
        .count();
    assert!(claims > n as usize / 3, "{claims} claims of {n}");
    g.throughput(Throughput::Elements(n));
    g.bench_function("classify one thread (sentences)", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter(|s| model.classify(black_box(s)).label.is_claim())
                .count()
        })
    });
    g.bench_function("classify_batch rayon (sentences)", |b| {
        b.iter(|| model.classify_batch(black_box(&lines)).len())
    });
    g.throughput(Throughput::Bytes(article.len() as u64));
    g.bench_function("classify_text article (bytes)", |b| {
        b.iter(|| model.classify_text(black_box(&article)).len())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
