//! Throughput of each stage and end to end, over news text written for this
//! project (the corpus test split and the sample article).
//!
//! Run: `cargo bench --bench pipeline`. Each benchmark checks its own output
//! count first, so a fast wrong answer fails.

use std::hint::black_box;

use claimtype::text::{sentences, Tokens};
use claimtype::{Classifier, Prediction};
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

/// How many of the predictions are claims: what the end-to-end benches
/// check and return.
fn claims(predictions: impl Iterator<Item = Prediction>) -> usize {
    predictions.filter(|p| p.label.is_claim()).count()
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

    // Scoring on its own: prepared vectors to labels (classify fuses this
    // stage with vectorizing, so end_to_end does not go through it).
    let vectors: Vec<_> = lines.iter().map(|s| v.transform(s)).collect();
    let scored_claims = claims(vectors.iter().map(|x| model.classify_vector(x)));
    assert!(
        scored_claims > n as usize / 3,
        "{scored_claims} claims of {n}"
    );
    g.bench_function("score prepared vectors (sentences)", |b| {
        b.iter(|| claims(vectors.iter().map(|x| model.classify_vector(black_box(x)))))
    });
    g.finish();

    let mut g = c.benchmark_group("end_to_end");
    let line_claims = claims(lines.iter().map(|s| model.classify(s)));
    assert!(line_claims > n as usize / 3, "{line_claims} claims of {n}");
    g.throughput(Throughput::Elements(n));
    g.bench_function("classify one thread (sentences)", |b| {
        b.iter(|| claims(lines.iter().map(|s| model.classify(black_box(s)))))
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

/// Article text of about `bytes` bytes: the test split's sentences, repeated.
fn article_of(lines: &[&str], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    'fill: loop {
        for s in lines {
            if out.len() + s.len() + 1 > bytes {
                break 'fill;
            }
            out.push_str(s);
            out.push(' ');
        }
    }
    out
}

/// Cost per byte of `classify_text` at 1 KB, 1 MB and 100 MB of articles,
/// and for one 1 MB "sentence" with no punctuation at all.
fn linearity(c: &mut Criterion) {
    let model = Classifier::bundled().expect("bundled model");
    let lines = corpus_sentences();
    let mut g = c.benchmark_group("linearity");
    g.sampling_mode(criterion::SamplingMode::Flat);
    // 1 KB articles: a different one each iteration (each of about 7
    // sentences, taken in turn from the test split), so that the timing
    // is not that of one small text kept warm in the caches.
    let small: Vec<String> = lines
        .chunks(7)
        .map(|c| c.join(" "))
        .filter(|a| a.len() <= 1 << 10)
        .collect();
    let mean = small.iter().map(String::len).sum::<usize>() / small.len();
    assert!(
        small.len() > 500 && mean > 700,
        "{} articles of {mean} bytes",
        small.len()
    );
    g.throughput(Throughput::Bytes(mean as u64));
    let mut next = small.iter().cycle();
    g.bench_function("classify_text 1 KB articles", |b| {
        b.iter(|| {
            let a = next.next().map_or("", String::as_str);
            model.classify_text(black_box(a)).len()
        })
    });
    for (name, bytes) in [("1 MB", 1usize << 20), ("100 MB", 100 << 20)] {
        let text = article_of(&lines, bytes);
        let n = model.classify_text(&text).len();
        assert!(n >= text.len() / 400, "{name}: {n} sentences");
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("classify_text {name}"), |b| {
            b.iter(|| model.classify_text(black_box(&text)).len())
        });
    }
    // One sentence of 1 MB: the words of the articles without punctuation.
    let words: String = article_of(&lines, 1 << 20)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let out = model.classify_text(&words);
    assert_eq!(out.len(), 1, "one sentence expected");
    g.throughput(Throughput::Bytes(words.len() as u64));
    g.sample_size(10);
    g.bench_function("classify_text one 1 MB sentence", |b| {
        b.iter(|| model.classify_text(black_box(&words)).len())
    });
    g.finish();
}

/// Parsing the bundled model's bytes (what `Classifier::bundled` does once).
fn load(c: &mut Criterion) {
    let bytes = include_bytes!("../models/claimtype-en.ctm");
    let n = Classifier::from_bytes(bytes).expect("model").n_features();
    assert!(n > 1000, "{n} features");
    c.bench_function("load bundled model", |b| {
        b.iter_with_large_drop(|| Classifier::from_bytes(black_box(bytes)))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = bench, load
}

criterion_group! {
    name = scaling;
    config = Criterion::default().sample_size(10).measurement_time(std::time::Duration::from_secs(10));
    targets = linearity
}
criterion_main!(benches, scaling);
