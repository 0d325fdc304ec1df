//! Loading arbitrary bytes as a model is an error or a working model, never
//! a panic or a huge allocation.
#![no_main]

use claimtype::Classifier;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(model) = Classifier::from_bytes(data) {
        let p = model.classify("The ministry denied the report.");
        let total: f32 = p.scores.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-3);
    }
});
