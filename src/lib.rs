//! claimtype: placeholder during construction.
#![deny(missing_docs)]

pub mod error;
pub mod features;
pub mod label;
pub mod text;

pub use error::{Error, Result};
pub use label::Label;
