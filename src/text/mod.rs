//! Text: sentence splitting and word tokens.
//!
//! Both work on `&str` and report byte spans into their input, so a caller
//! can highlight what was found.
//!
//! ```
//! use claimtype::text::{sentences, Tokens};
//!
//! let article = "Police arrested Mr. Adeyemi on Monday. He denies the charges.";
//! let found: Vec<&str> = sentences(article).map(|s| s.text).collect();
//! assert_eq!(found, ["Police arrested Mr. Adeyemi on Monday.", "He denies the charges."]);
//!
//! let mut tokens = Tokens::new();
//! tokens.tokenize("He denies the 3 charges.");
//! let words: Vec<&str> = tokens.iter().map(|(_, norm)| norm).collect();
//! assert_eq!(words, ["he", "denies", "the", "<num>", "charges"]);
//! ```

mod sentences;
mod tokens;

pub use sentences::{sentences, Sentence, Sentences};
pub use tokens::{Token, TokenKind, Tokens, NUMBER_TOKEN};
