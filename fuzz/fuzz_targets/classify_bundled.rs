//! Arbitrary text through the bundled model, loaded once, so that many
//! inputs a second reach the word cache and the scoring path: probabilities
//! must be finite and sum to 1, and a sentence must get the same scores
//! whether its words were already cached or not, alone or in a batch, and
//! the fused scorer must agree with scoring the TF-IDF vector.
#![no_main]

use claimtype::Classifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(model) = Classifier::bundled() else {
        return;
    };
    let text = String::from_utf8_lossy(data);
    let first = model.classify(&text);
    let total: f32 = first.scores.iter().map(|(_, p)| p).sum();
    assert!((total - 1.0).abs() < 1e-4, "{total}");
    // Now every word of the text is in this thread's cache.
    assert_eq!(model.classify(&text), first);
    assert_eq!(model.classify_batch(&[&text]), [first]);
    let plain = model.classify_vector(&model.vectorizer().transform(&text));
    for ((_, a), (_, b)) in first.scores.iter().zip(plain.scores.iter()) {
        assert!((a - b).abs() < 1e-4, "{a} {b}");
    }
    for s in model.classify_text(&text) {
        assert!(s.prediction.confidence.is_finite());
    }
});
