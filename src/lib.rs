//! claimtype labels each sentence of news text about contested wrongdoing
//! by the kind of claim it makes: `allegation`, `denial`, `evidence`,
//! `official_statement`, or `other` (background).
//!
//! The pipeline is a sentence splitter, a Unicode-aware tokenizer with
//! Snowball stemming, word n-grams plus cue-lexicon and clause features,
//! a sparse TF-IDF vector, and a linear (multinomial logistic) classifier
//! trained with [linfa](https://docs.rs/linfa). A trained English model is
//! embedded in the crate.
//!
//! # Usage
//!
//! ```
//! use claimtype::{Classifier, Label};
//!
//! let model = Classifier::bundled()?;
//! let article = "Prosecutors charged the mayor with fraud. The mayor denied the charges.";
//! for s in model.classify_text(article) {
//!     println!("{:<18} {:.2}  {}", s.prediction.label, s.prediction.confidence, s.text);
//! }
//! assert_eq!(model.classify("The mayor denied the charges.").label, Label::Denial);
//! # Ok::<(), claimtype::Error>(())
//! ```
//!
//! Train your own model with [`model::TrainParams`], evaluate it with
//! [`eval::Evaluation`], and save or load it with [`Classifier::save`] and
//! [`Classifier::from_path`].
//!
//! # Performance
//!
//! Classifying takes `&self` and allocates nothing per sentence once a
//! thread has warmed up: each thread keeps a bounded cache of the words it
//! has seen (stem id and character n-gram features; one cache for each of
//! the last four models used on that thread), so a word is stemmed and
//! hashed once, then costs one lookup; other feature keys are built from
//! integer ids (no strings) and looked up in flat tables; scoring is one pass
//! over the sentence's features against a feature-major weight table.
//! [`Classifier::classify_batch`] spreads a batch over rayon's thread pool.
//! See `benches/README.md` for measured figures.
//!
//! # Untrusted input
//!
//! Any `&str` is valid input: splitting, tokenizing and classifying never
//! panic and run in time linear in the input. Model files are checked
//! before use: a wrong magic number, another format version, a truncated
//! or corrupted file (CRC-32), inconsistent tables or non-finite weights are
//! each an [`Error`], and nothing is allocated beyond what the file holds.
//!
//! # Crate features
//!
//! - `cli` (default): the `claimtype` binary and its dependencies (`clap`,
//!   `serde_json`). Library users can turn it off with
//!   `default-features = false`.
#![deny(missing_docs)]

mod classifier;
pub mod data;
pub mod error;
pub mod eval;
pub mod features;
pub mod label;
pub mod model;
pub mod text;

pub use classifier::{Classifier, Contribution, Explanation, LabelledSentence, Prediction, Scores};
pub use error::{Error, Result};
pub use label::Label;

/// The README's Rust example runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
