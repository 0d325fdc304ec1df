//! Labelled sentences in the guide's TSV format.
//!
//! Tab-separated UTF-8 with a header line; the columns `label` and `text`
//! are found by name, others are ignored.
//!
//! ```
//! use claimtype::{data::read_tsv, Label};
//! let tsv = "label\ttopic\ttext\ndenial\tdoping\tThe athlete denied doping.\n";
//! let rows = read_tsv(tsv.as_bytes(), "example.tsv").unwrap();
//! assert_eq!(rows[0].label, Label::Denial);
//! assert_eq!(rows[0].text, "The athlete denied doping.");
//! ```

use std::io::BufRead;

use crate::error::{Error, Result};
use crate::label::Label;

/// One labelled sentence.
///
/// ```
/// let row = claimtype::data::Labelled { label: claimtype::Label::Other, text: "It rained.".into() };
/// assert!(!row.label.is_claim());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// Its label.
    pub label: Label,
    /// The sentence.
    pub text: String,
}

/// Reads labelled sentences; `name` is used in error messages.
///
/// Errors name the line: a missing column, an unknown label, invalid UTF-8.
///
/// ```
/// use claimtype::data::read_tsv;
/// let err = read_tsv("label\ttext\nclaim\tHe said so.\n".as_bytes(), "x.tsv").unwrap_err();
/// assert_eq!(err.to_string(), "x.tsv:2: unknown label `claim` (expected one of: allegation, denial, evidence, official_statement, other)");
/// ```
pub fn read_tsv(reader: impl BufRead, name: &str) -> Result<Vec<Labelled>> {
    let err = |line: usize, reason: String| Error::Data {
        source_name: name.to_string(),
        line,
        reason,
    };
    let mut lines = reader.split(b'\n');
    let header = match lines.next() {
        Some(h) => h.map_err(|e| err(1, e.to_string()))?,
        None => {
            return Err(err(
                1,
                "empty file: expected a header line with `label` and `text`".into(),
            ))
        }
    };
    let header = String::from_utf8(header).map_err(|e| {
        err(
            1,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })?;
    let columns: Vec<&str> = header
        .trim_end_matches('\r')
        .trim_start_matches('\u{feff}')
        .split('\t')
        .collect();
    let find = |want: &str| columns.iter().position(|c| c.trim() == want);
    let (Some(li), Some(ti)) = (find("label"), find("text")) else {
        return Err(err(
            1,
            "the header needs columns named `label` and `text`".into(),
        ));
    };
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        let lineno = n + 2;
        let line = line.map_err(|e| err(lineno, e.to_string()))?;
        let line = String::from_utf8(line).map_err(|e| {
            err(
                lineno,
                format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
            )
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(label), Some(text)) = (fields.get(li), fields.get(ti)) else {
            return Err(err(
                lineno,
                format!(
                    "{} fields, but `label` and `text` need {}",
                    fields.len(),
                    li.max(ti) + 1
                ),
            ));
        };
        let label: Label = label
            .trim()
            .parse()
            .map_err(|e: Error| err(lineno, e.to_string()))?;
        rows.push(Labelled {
            label,
            text: text.to_string(),
        });
    }
    Ok(rows)
}

/// Reads a TSV file; see [`read_tsv`].
///
/// ```
/// let err = claimtype::data::read_tsv_file("/no/such.tsv").unwrap_err();
/// assert!(err.to_string().starts_with("/no/such.tsv"));
/// ```
pub fn read_tsv_file(path: impl AsRef<std::path::Path>) -> Result<Vec<Labelled>> {
    let path = path.as_ref();
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    read_tsv(std::io::BufReader::new(file), &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name_and_crlf_is_accepted() {
        let tsv = "topic\ttext\tlabel\r\nx\tHe denied it.\tdenial\r\n\r\n";
        let rows = read_tsv(tsv.as_bytes(), "t").unwrap();
        assert_eq!(
            rows,
            [Labelled {
                label: Label::Denial,
                text: "He denied it.".into()
            }]
        );
    }

    #[test]
    fn bad_inputs_name_their_line() {
        let cases = [
            ("", "t:1: empty file"),
            ("label\tsentence\n", "t:1: the header needs"),
            ("label\ttext\nother\n", "t:2: 1 fields"),
            (
                "label\ttext\nother\tok\nevidence\t\u{0}fine\nfoo\tbad\n",
                "t:4: unknown label `foo`",
            ),
        ];
        for (input, want) in cases {
            let got = read_tsv(input.as_bytes(), "t").unwrap_err().to_string();
            assert!(got.starts_with(want), "{got}");
        }
        let bad_utf8 = b"label\ttext\nother\tab\xffcd\n";
        let got = read_tsv(&bad_utf8[..], "t").unwrap_err().to_string();
        assert_eq!(got, "t:2: invalid UTF-8 at byte 8");
    }
}
