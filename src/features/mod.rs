//! Features: what the classifier sees of a sentence.
//!
//! A sentence becomes a sparse TF-IDF vector over several feature
//! families, each in its own namespace of the vocabulary:
//!
//! - word n-grams of Snowball stems (1 and 2 by default, up to 3);
//! - character n-grams inside word boundaries, hashed into a fixed table;
//! - cue-lexicon features: accusation, denial, evidence, attribution,
//!   hedging, institution and procedure words, marked by where they stand
//!   (main clause, attribution, quotation, negated);
//! - clause features: the words of the attribution part ("the ministry
//!   said", "according to police") and of quotations in namespaces of their
//!   own, and the first words of the content after an attribution.
//!
//! ```
//! use claimtype::features::FeatureParams;
//!
//! let docs = ["Police denied the report.", "The report was denied by police.", "Rain fell."];
//! let vectorizer = FeatureParams::default().min_df(1).fit(docs.iter().copied()).unwrap();
//! let v = vectorizer.transform("Police denied it.");
//! assert!(!v.indices().is_empty());
//! let norm: f32 = v.values().iter().map(|x| x * x).sum();
//! assert!((norm - 1.0).abs() < 1e-5);
//! ```

mod extract;
mod lexicon;
mod params;
mod vectorizer;

pub use params::FeatureParams;
pub use vectorizer::{FeatureName, SparseVector, Vectorizer};

#[cfg(test)]
pub(crate) use extract::WORD_CACHE_LIMIT;
pub(crate) use vectorizer::{with_scratch, Scratch};
