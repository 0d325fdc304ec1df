//! claimtype: placeholder during construction.
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
