//! The bundled model: it loads, it is what the corpus trains, and it
//! meets the accuracy bar on unseen topics.

use claimtype::data::read_tsv_file;
use claimtype::eval::Evaluation;
use claimtype::{Classifier, Label};

const BUNDLED: &[u8] = include_bytes!("../models/claimtype-en.ctm");

#[test]
fn bundled_model_is_small_and_loads() {
    assert!(BUNDLED.len() <= 4 << 20, "{} bytes", BUNDLED.len());
    let model = Classifier::bundled().unwrap();
    assert_eq!(model.to_bytes(), BUNDLED);
}

/// Retraining from `models/corpus/train.tsv` with the settings stored in the
/// bundled model gives the bundled file, byte for byte.
#[test]
fn retraining_reproduces_the_bundled_model() {
    let model = Classifier::bundled().unwrap();
    let rows = read_tsv_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/corpus/train.tsv"
    ))
    .unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let labels: Vec<Label> = rows.iter().map(|r| r.label).collect();
    let params = model.training_info().params().clone();
    let (retrained, report) = params.fit(&texts, &labels).unwrap();
    assert!(report.converged, "gradient {}", report.gradient_norm);
    assert_eq!(
        retrained.training_info().corpus_hash(),
        model.training_info().corpus_hash()
    );
    assert!(
        retrained.to_bytes() == BUNDLED,
        "retrained model differs from models/claimtype-en.ctm"
    );
}

#[test]
fn unseen_topics_score_above_the_bar() {
    let model = Classifier::bundled().unwrap();
    let rows = read_tsv_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/corpus/test.tsv"
    ))
    .unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let truth: Vec<Label> = rows.iter().map(|r| r.label).collect();
    let predicted: Vec<Label> = model
        .classify_batch(&texts)
        .into_iter()
        .map(|p| p.label)
        .collect();
    let e = Evaluation::new(&truth, &predicted).unwrap();
    assert!(
        e.macro_f1() >= 0.75,
        "macro-F1 {:.3} on the test split\n{e}",
        e.macro_f1()
    );
}

#[test]
fn typical_sentences_get_their_labels() {
    let model = Classifier::bundled().unwrap();
    let cases = [
        (
            "The company called the report baseless and said its suppliers follow the law.",
            Label::Denial,
        ),
        (
            "Investigators recovered 14 shell casings and a burned vehicle near the checkpoint.",
            Label::Evidence,
        ),
        (
            "Prosecutors accuse the former mayor of taking bribes from two construction firms.",
            Label::Allegation,
        ),
        (
            "The foreign ministry called on both sides to respect the ceasefire.",
            Label::OfficialStatement,
        ),
        (
            "The town lies 40 kilometres from the border and has about 12,000 residents.",
            Label::Other,
        ),
    ];
    for (text, label) in cases {
        assert_eq!(model.classify(text).label, label, "{text}");
    }
}

#[test]
fn concurrent_classification_matches_sequential() {
    let model = Classifier::bundled().unwrap();
    let rows = read_tsv_file(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/corpus/test.tsv"
    ))
    .unwrap();
    let texts: Vec<&str> = rows.iter().take(400).map(|r| r.text.as_str()).collect();
    let sequential: Vec<_> = texts.iter().map(|t| model.classify(t)).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| texts.iter().map(|t| model.classify(t)).collect::<Vec<_>>()))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), sequential);
        }
    });
    assert_eq!(model.classify_batch(&texts), sequential);
}

#[test]
fn hostile_model_bytes_are_errors_not_panics() {
    // Truncated at many offsets, and single bit flips across the file.
    let step = (BUNDLED.len() / 500).max(1);
    for cut in (0..BUNDLED.len()).step_by(step) {
        assert!(
            Classifier::from_bytes(&BUNDLED[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    for pos in (0..BUNDLED.len()).step_by(step) {
        let mut bytes = BUNDLED.to_vec();
        bytes[pos] ^= 0x04;
        assert!(Classifier::from_bytes(&bytes).is_err(), "flip at {pos}");
    }
}
