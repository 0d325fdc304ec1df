//! The five labels of the annotation guide.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// What kind of claim a sentence makes.
///
/// Names are the annotation guide's (`official_statement`, ...), both in
/// `Display`/`FromStr` and in serde.
///
/// ```
/// use claimtype::Label;
/// let label: Label = "official_statement".parse().unwrap();
/// assert_eq!(label, Label::OfficialStatement);
/// assert_eq!(label.to_string(), "official_statement");
/// assert!(label.is_claim());
/// assert!(!Label::Other.is_claim());
/// // The default is `other`, the label that claims nothing.
/// assert_eq!(Label::default(), Label::Other);
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// Someone is accused of wrongdoing (charges, warrants, claims, suspicions).
    Allegation,
    /// Someone rejects or disputes an accusation, report or claim.
    Denial,
    /// Concrete material, findings, records, data or testimony.
    Evidence,
    /// A formal communication or act of an institution or official.
    OfficialStatement,
    /// None of these: background, context, opinion without accusation.
    #[default]
    Other,
}

impl Label {
    /// All labels, in the order used for scores and tables.
    ///
    /// ```
    /// assert_eq!(claimtype::Label::ALL.len(), 5);
    /// ```
    pub const ALL: [Label; 5] = [
        Label::Allegation,
        Label::Denial,
        Label::Evidence,
        Label::OfficialStatement,
        Label::Other,
    ];

    /// The guide's name of the label.
    ///
    /// ```
    /// assert_eq!(claimtype::Label::Denial.as_str(), "denial");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Label::Allegation => "allegation",
            Label::Denial => "denial",
            Label::Evidence => "evidence",
            Label::OfficialStatement => "official_statement",
            Label::Other => "other",
        }
    }

    /// Position of the label in [`Label::ALL`] (and in score arrays).
    ///
    /// ```
    /// use claimtype::Label;
    /// assert_eq!(Label::ALL[Label::Evidence.index()], Label::Evidence);
    /// ```
    pub const fn index(self) -> usize {
        self as usize
    }

    /// False only for [`Label::Other`]: the four others are claims.
    ///
    /// ```
    /// assert!(claimtype::Label::Allegation.is_claim());
    /// ```
    pub const fn is_claim(self) -> bool {
        !matches!(self, Label::Other)
    }

    /// A one-line definition, from the annotation guide.
    ///
    /// ```
    /// assert!(claimtype::Label::Evidence.definition().contains("findings"));
    /// ```
    pub const fn definition(self) -> &'static str {
        match self {
            Label::Allegation => "someone is accused of wrongdoing (charges, warrants, lawsuits, claims, suspicions)",
            Label::Denial => "someone rejects or disputes an accusation, report or claim, or their own responsibility",
            Label::Evidence => "concrete material, findings, records, data or testimony bearing on what happened",
            Label::OfficialStatement => "a formal communication or act of an institution or official (announcement, decision, call, confirmation, reaction)",
            Label::Other => "none of these: background, context, history, description, opinion without accusation",
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Label {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| Error::UnknownLabel(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for label in Label::ALL {
            assert_eq!(label.as_str().parse::<Label>().unwrap(), label);
            assert_eq!(Label::ALL[label.index()], label);
        }
    }

    #[test]
    fn unknown_and_near_names_are_rejected() {
        for bad in ["", "Denial", "official statement", "claim", " other"] {
            assert!(
                matches!(bad.parse::<Label>(), Err(Error::UnknownLabel(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn serde_uses_guide_names() {
        let json = serde_json::to_string(&Label::OfficialStatement).unwrap();
        assert_eq!(json, "\"official_statement\"");
        let back: Label = serde_json::from_str("\"denial\"").unwrap();
        assert_eq!(back, Label::Denial);
    }
}
