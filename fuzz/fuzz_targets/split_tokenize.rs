//! Splitting and tokenizing arbitrary bytes (decoded lossily) never panics,
//! and spans stay in order on character boundaries.
#![no_main]

use claimtype::text::{sentences, Tokens};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    let mut tokens = Tokens::new();
    for s in sentences(&text) {
        assert!(s.start >= last && s.start < s.end);
        assert_eq!(&text[s.start..s.end], s.text);
        last = s.end;
        tokens.tokenize(s.text);
        let mut t_last = 0;
        for (tok, norm) in tokens.iter() {
            assert!(tok.start >= t_last && tok.end <= s.text.len());
            assert!(s.text.is_char_boundary(tok.start) && s.text.is_char_boundary(tok.end));
            assert!(!norm.is_empty());
            t_last = tok.end;
        }
    }
});
