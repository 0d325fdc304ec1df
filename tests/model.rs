//! The bundled model: it loads, it is what the corpus trains, and it
//! meets the accuracy bar on unseen topics.

use claimtype::data::read_tsv_file;
use claimtype::{Classifier, Label};

const BUNDLED: &[u8] = include_bytes!("../models/claimtype-en.ctm");

/// A split of the bundled corpus (`train` or `test`).
fn corpus(split: &str) -> Vec<claimtype::data::Labelled> {
    let path = format!("{}/models/corpus/{split}.tsv", env!("CARGO_MANIFEST_DIR"));
    read_tsv_file(path).unwrap()
}

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
    let rows = corpus("train");
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
    let rows = corpus("test");
    let e = model.evaluate(&rows);
    assert!(
        e.macro_f1() >= 0.75,
        "macro-F1 {:.3} on the test split\n{e}",
        e.macro_f1()
    );
}

/// Through linfa's own traits the test split gets the same labels, and
/// linfa's confusion matrix the same scores, as through claimtype's own API.
#[test]
fn linfa_predict_and_confusion_matrix_agree_with_claimtype_eval() {
    use linfa::prelude::*;
    let model = Classifier::bundled().unwrap();
    let rows = corpus("test");
    let data = DatasetBase::new(
        rows.iter()
            .map(|r| r.text.as_str())
            .collect::<claimtype::model::Sentences>(),
        ndarray::Array1::from_iter(rows.iter().map(|r| r.label)),
    );
    let predicted: ndarray::Array1<Label> = model.predict(&data);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    let own: Vec<Label> = model
        .classify_batch(&texts)
        .iter()
        .map(|p| p.label)
        .collect();
    assert_eq!(predicted.to_vec(), own);

    let cm = predicted.confusion_matrix(&data).unwrap();
    let e = model.evaluate(&rows);
    assert!((cm.accuracy() as f64 - e.accuracy()).abs() < 1e-6);
    // Every label occurs, so linfa's classes are the five in `Label` order.
    let bins = cm.split_one_vs_all();
    assert_eq!(bins.len(), Label::ALL.len());
    for (bin, label) in bins.iter().zip(Label::ALL) {
        let (f1, ours) = (bin.f1_score() as f64, e.f1(label));
        assert!(
            (f1 - ours).abs() < 1e-4,
            "{label}: linfa {f1}, claimtype {ours}"
        );
    }
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
    let rows = corpus("test");
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
fn truncation_at_every_byte_offset_is_an_error() {
    for cut in 0..BUNDLED.len() {
        let err = Classifier::from_bytes(&BUNDLED[..cut]).unwrap_err();
        let expected = match cut {
            0 => matches!(err, claimtype::Error::NotAModel),
            1..=7 => matches!(
                err,
                claimtype::Error::NotAModel | claimtype::Error::Truncated { .. }
            ),
            _ => matches!(err, claimtype::Error::Truncated { .. }),
        };
        assert!(expected, "cut at {cut}: {err}");
    }
}

#[test]
fn flipped_bits_anywhere_are_errors() {
    // Every bit of the header, then one bit in every 401st payload byte.
    let positions = (0..24).chain((24..BUNDLED.len()).step_by(401));
    for pos in positions {
        for bit in 0..8 {
            let mut bytes = BUNDLED.to_vec();
            bytes[pos] ^= 1 << bit;
            assert!(
                Classifier::from_bytes(&bytes).is_err(),
                "flip at {pos} bit {bit}"
            );
        }
    }
}

#[test]
fn foreign_and_newer_files_say_so() {
    let err = Classifier::from_bytes(b"PK\x03\x04 a zip file, not a model").unwrap_err();
    assert!(err.to_string().contains("not a claimtype model"), "{err}");
    let mut newer = BUNDLED.to_vec();
    newer[8..12].copy_from_slice(&3u32.to_le_bytes());
    let err = Classifier::from_bytes(&newer).unwrap_err();
    assert_eq!(
        err.to_string(),
        "model file format version 3 is not supported (this build reads version 2)"
    );
    // A model file of the first format (before word lists were stored as
    // one string each) is refused the same way.
    let mut older = BUNDLED.to_vec();
    older[8..12].copy_from_slice(&1u32.to_le_bytes());
    let err = Classifier::from_bytes(&older).unwrap_err();
    assert!(
        err.to_string().contains("version 1 is not supported"),
        "{err}"
    );
    let mut huge = BUNDLED.to_vec();
    huge[12..20].copy_from_slice(&(1u64 << 60).to_le_bytes());
    let err = Classifier::from_bytes(&huge).unwrap_err();
    assert!(matches!(err, claimtype::Error::Truncated { .. }), "{err}");
}
