//! The one error type of the crate.

use std::path::PathBuf;

/// Everything that can go wrong in claimtype, with the data needed to fix it.
///
/// ```
/// use claimtype::{Classifier, Error};
/// let err = Classifier::from_bytes(b"not a model").unwrap_err();
/// assert!(matches!(err, Error::NotAModel));
/// assert!(err.to_string().contains("not a claimtype model"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A setting is out of its allowed range.
    #[error("invalid setting `{name}`: {reason}")]
    InvalidParams {
        /// The setting's field name.
        name: &'static str,
        /// What is wrong and what is allowed.
        reason: String,
    },
    /// The bytes do not start with the claimtype magic number.
    #[error("not a claimtype model file (the magic number is missing)")]
    NotAModel,
    /// The file was written by another format version.
    #[error(
        "model file format version {found} is not supported (this build reads version {supported})"
    )]
    UnsupportedVersion {
        /// Version found in the file header.
        found: u32,
        /// Version this build reads.
        supported: u32,
    },
    /// The file is shorter than its header says.
    #[error("model file is truncated: it should hold {expected} bytes but holds {found}")]
    Truncated {
        /// Length the header declares.
        expected: u64,
        /// Length actually present.
        found: u64,
    },
    /// The checksum over the payload does not match.
    #[error(
        "model file is corrupt: checksum mismatch (stored {stored:08x}, computed {computed:08x})"
    )]
    Checksum {
        /// Checksum stored in the header.
        stored: u32,
        /// Checksum of the bytes present.
        computed: u32,
    },
    /// The payload decodes but is inconsistent (wrong lengths, ids out of range, NaN weights, ...).
    #[error("model file is corrupt: {0}")]
    Corrupt(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A label name is not one of the five.
    #[error("unknown label `{0}` (expected one of: allegation, denial, evidence, official_statement, other)")]
    UnknownLabel(String),
    /// Labelled data could not be read.
    #[error("{source_name}:{line}: {reason}")]
    Data {
        /// File name or other description of the source.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// Training could not produce a model.
    #[error("training failed: {0}")]
    Training(String),
}

/// linfa's errors (its `Fit` trait needs this conversion) are training
/// errors.
impl From<linfa::Error> for Error {
    fn from(e: linfa::Error) -> Self {
        Error::Training(e.to_string())
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_linfa_error_becomes_a_training_error_with_its_message() {
        let e = Error::from(linfa::Error::NotConverged("after 100 steps".into()));
        assert!(matches!(e, Error::Training(_)));
        assert!(e.to_string().starts_with("training failed: "));
        assert!(e.to_string().contains("after 100 steps"));
    }
}
