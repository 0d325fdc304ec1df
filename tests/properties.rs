//! Property tests: invariants that hold for any input.

use claimtype::features::FeatureParams;
use claimtype::text::{sentences, Tokens};
use claimtype::Classifier;
use proptest::prelude::*;

/// Text that looks a little like news: words, punctuation, quotes, digits,
/// line breaks, and now and then any Unicode scalar at all.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z]{1,10}",
        2 => Just(" ".to_string()),
        1 => prop::sample::select(vec![". ", "? ", "! ", "… ", "\n", "\n\n", "\"", "“", "”", "'", "’", ",", "Mr. ", "U.S. ", "3.5", "e.g. ", "\r\n", "\u{feff}", "\t", "»", "Inc. "]).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn sentences_are_in_order_on_char_boundaries_and_trimmed(text in prop_oneof![newsish(), any::<String>()]) {
        let mut last_end = 0;
        for s in sentences(&text) {
            prop_assert!(s.start >= last_end, "overlap");
            prop_assert!(s.start < s.end, "empty sentence");
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            prop_assert_eq!(&text[s.start..s.end], s.text);
            prop_assert_eq!(s.text.trim(), s.text);
            last_end = s.end;
        }
    }

    #[test]
    fn tokens_lie_on_char_boundaries_in_order(text in prop_oneof![newsish(), any::<String>()]) {
        let mut tokens = Tokens::new();
        tokens.tokenize(&text);
        let mut last = 0;
        for (tok, norm) in tokens.iter() {
            prop_assert!(tok.start >= last && tok.start < tok.end);
            prop_assert!(text.is_char_boundary(tok.start) && text.is_char_boundary(tok.end));
            prop_assert!(!norm.is_empty());
            last = tok.end;
        }
    }

    #[test]
    fn vectors_are_normalised_sorted_and_deterministic(text in newsish()) {
        let model = Classifier::bundled().unwrap();
        let a = model.vectorizer().transform(&text);
        let b = model.vectorizer().transform(&text);
        prop_assert_eq!(&a, &b);
        prop_assert!(a.indices().windows(2).all(|w| w[0] < w[1]));
        if !a.values().is_empty() {
            let norm: f32 = a.values().iter().map(|v| v * v).sum();
            prop_assert!((norm - 1.0).abs() < 1e-4, "norm {}", norm);
        }
    }

    #[test]
    fn probabilities_sum_to_one_and_batch_matches(texts in prop::collection::vec(newsish(), 0..20)) {
        let model = Classifier::bundled().unwrap();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let one_by_one: Vec<_> = refs.iter().map(|t| model.classify(t)).collect();
        for p in &one_by_one {
            let total: f32 = p.scores.iter().map(|(_, s)| s).sum();
            prop_assert!((total - 1.0).abs() < 1e-4);
            prop_assert!(p.scores.iter().all(|(_, s)| s.is_finite() && s >= 0.0));
            prop_assert_eq!(p.scores.get(p.label), p.confidence);
        }
        prop_assert_eq!(model.classify_batch(&refs), one_by_one);
    }

    #[test]
    fn explanation_spans_point_into_the_sentence(text in newsish()) {
        let model = Classifier::bundled().unwrap();
        let e = model.explain(&text, 10);
        for c in &e.features {
            for &(s, t) in &c.spans {
                prop_assert!(text.get(s..t).is_some(), "span {}..{}", s, t);
            }
        }
    }

    #[test]
    fn fitting_on_arbitrary_text_never_panics(docs in prop::collection::vec(newsish(), 1..6)) {
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        if let Ok(v) = FeatureParams::default().min_df(1).char_ngrams(Some((2, 4))).fit(refs.iter().copied()) {
            for d in &refs {
                let x = v.transform(d);
                prop_assert_eq!(x.indices().len(), x.values().len());
            }
        }
    }
}
