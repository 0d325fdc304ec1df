//! Hostile text: each input gives a sensible result, never a panic.

use claimtype::text::{sentences, Tokens};
use claimtype::{Classifier, Label};

fn check(text: &str) -> Vec<claimtype::LabelledSentence<'_>> {
    let model = Classifier::bundled().unwrap();
    let out = model.classify_text(text);
    let mut last = 0;
    for s in &out {
        assert!(s.start >= last && s.start < s.end && s.end <= text.len());
        assert_eq!(&text[s.start..s.end], s.text);
        let total: f32 = s.prediction.scores.iter().map(|(_, p)| p).sum();
        assert!((total - 1.0).abs() < 1e-3);
        last = s.end;
    }
    out
}

#[test]
fn empty_and_blank_inputs_give_no_sentences() {
    for text in ["", " ", "\n\n\t  \r\n", "\u{feff}", "\u{feff}\n \u{a0}"] {
        assert!(check(text).is_empty(), "{text:?}");
    }
}

#[test]
fn punctuation_only_is_one_sentence_of_other() {
    let out = check("?!... --- ,,, ;;");
    assert!(!out.is_empty());
    let model = Classifier::bundled().unwrap();
    assert_eq!(model.classify("").label, model.classify("?!").label);
}

#[test]
fn a_million_exclamation_marks() {
    let text = "!".repeat(1_000_000);
    let out = check(&text);
    assert_eq!(out.len(), 1);
}

#[test]
fn a_long_line_without_a_sentence_end() {
    let text = "word ".repeat(10_000_000); // 50 MB
    let out = check(&text);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].text.len(), text.trim_end().len());
}

#[test]
fn a_one_megabyte_word() {
    let text = format!(
        "The ministry denied {}. Police said nothing.",
        "x".repeat(1 << 20)
    );
    let out = check(&text);
    assert_eq!(out.len(), 2);
    let mut tokens = Tokens::new();
    tokens.tokenize(&text);
    assert_eq!(tokens.len(), 7);
}

#[test]
fn control_characters_and_nul_bytes() {
    let text =
        "Police\0 denied\u{7} the\u{1b}[31m report.\u{0}\u{0} Records\u{8} show\u{7f} payments.";
    let out = check(text);
    assert_eq!(out.len(), 2);
}

#[test]
fn mixed_scripts_rtl_combining_marks_and_emoji() {
    let texts = [
        "The army denied it. الجيش نفى التقرير. Армія заперечує. 軍は否定した。",
        "\u{202e}The firm denied the report.\u{202c} ‏שלום‏ עולם.",
        "Cafe\u{301} owner Zoe\u{308} denied it. A\u{30a}\u{30a}\u{30a}\u{30a} test.",
        "👩‍👩‍👧‍👦 Police 🚓 denied 🙅🏽‍♀️ the report. 🏳️‍🌈 Flags.",
        "Z\u{36b}\u{36b}\u{36b}\u{36b}\u{36b}\u{36b}\u{36b}a\u{300}\u{300}\u{300}lgo.",
    ];
    for t in texts {
        assert!(!check(t).is_empty(), "{t:?}");
    }
}

#[test]
fn replacement_characters_from_lossy_decoding() {
    let bytes = b"The firm \xed\xa0\x80 denied \xff\xfe it. Records \xc3 show payments.";
    let text = String::from_utf8_lossy(bytes);
    assert!(text.contains('\u{fffd}'));
    let out = check(&text);
    assert_eq!(out.len(), 2);
}

#[test]
fn crlf_cr_and_bom_line_ends() {
    let crlf = "\u{feff}Headline here\r\nThe ministry denied it.\r\n\r\nPolice said so.";
    let cr = "Headline here\rThe ministry denied it.\r\rPolice said so.";
    for text in [crlf, cr] {
        let texts: Vec<&str> = check(text).iter().map(|s| s.text).collect();
        assert_eq!(
            texts,
            [
                "Headline here",
                "The ministry denied it.",
                "Police said so."
            ],
            "{text:?}"
        );
    }
}

#[test]
fn many_short_sentences_stay_one_row_each_in_order() {
    let text = "He denied it. ".repeat(50_000);
    let out = check(&text);
    assert_eq!(out.len(), 50_000);
    assert!(out
        .iter()
        .all(|s| s.prediction.label == out[0].prediction.label));
    assert_eq!(sentences(&text).count(), 50_000);
}

#[test]
fn deeply_nested_quotes_and_brackets() {
    let text = format!(
        "{}The firm denied it.{}",
        "“(\"[".repeat(10_000),
        "]\")”".repeat(10_000)
    );
    assert!(!check(&text).is_empty());
    let model = Classifier::bundled().unwrap();
    assert!(Label::ALL.contains(&model.classify(&text).label));
}
