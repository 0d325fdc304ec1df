//! Evaluation: confusion matrix, per-label precision, recall and F1, and
//! macro-F1 over the four claim labels.
//!
//! Macro-F1 is the mean of the F1 of `allegation`, `denial`, `evidence`
//! and `official_statement`. `other` is still a class: a claim predicted
//! `other` is a miss for its label. A label with no true and no predicted
//! sentence has F1 0.
//!
//! ```
//! use claimtype::{eval::Evaluation, Label::*};
//! let truth = [Denial, Evidence, Other, Allegation];
//! let pred = [Denial, Other, Other, Allegation];
//! let e = Evaluation::new(&truth, &pred).unwrap();
//! assert_eq!(e.accuracy(), 0.75);
//! assert_eq!(e.recall(Evidence), 0.0);
//! ```

use std::fmt;

use crate::error::{Error, Result};
use crate::label::Label;

const K: usize = Label::ALL.len();

/// Scores of one label.
///
/// ```
/// use claimtype::{eval::Evaluation, Label};
/// let e = Evaluation::new(&[Label::Denial], &[Label::Denial]).unwrap();
/// assert_eq!(e.scores(Label::Denial).f1, 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelScores {
    /// The label.
    pub label: Label,
    /// Correct predictions of the label over all predictions of it.
    pub precision: f64,
    /// Correct predictions of the label over all its true sentences.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Number of true sentences with the label.
    pub support: u64,
}

/// A confusion matrix and the scores derived from it.
///
/// ```
/// use claimtype::{eval::Evaluation, Label};
/// let e = Evaluation::new(&[Label::Other, Label::Denial], &[Label::Other, Label::Other]).unwrap();
/// assert_eq!(e.confusion()[Label::Denial.index()][Label::Other.index()], 1);
/// assert_eq!(e.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evaluation {
    confusion: [[u64; K]; K],
}

impl Evaluation {
    /// Compares true labels with predictions (same length).
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// assert!(Evaluation::new(&[Label::Other], &[]).is_err());
    /// ```
    pub fn new(truth: &[Label], predicted: &[Label]) -> Result<Self> {
        if truth.len() != predicted.len() {
            return Err(Error::InvalidParams {
                name: "predicted",
                reason: format!(
                    "{} true labels but {} predictions",
                    truth.len(),
                    predicted.len()
                ),
            });
        }
        let mut e = Evaluation::default();
        for (t, p) in truth.iter().zip(predicted) {
            e.add(*t, *p);
        }
        Ok(e)
    }

    /// Counts one more sentence.
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// let mut e = Evaluation::default();
    /// e.add(Label::Evidence, Label::Evidence);
    /// assert_eq!(e.accuracy(), 1.0);
    /// ```
    pub fn add(&mut self, truth: Label, predicted: Label) {
        self.confusion[truth.index()][predicted.index()] += 1;
    }

    /// Rows are true labels, columns predicted ones, in [`Label::ALL`] order.
    ///
    /// ```
    /// assert_eq!(claimtype::eval::Evaluation::default().confusion().len(), 5);
    /// ```
    pub fn confusion(&self) -> &[[u64; K]; K] {
        &self.confusion
    }

    /// Number of sentences counted.
    ///
    /// ```
    /// assert_eq!(claimtype::eval::Evaluation::default().len(), 0);
    /// ```
    pub fn len(&self) -> u64 {
        self.confusion.iter().flatten().sum()
    }

    /// True when nothing was counted.
    ///
    /// ```
    /// assert!(claimtype::eval::Evaluation::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Share of sentences labelled correctly (0 when empty).
    ///
    /// ```
    /// assert_eq!(claimtype::eval::Evaluation::default().accuracy(), 0.0);
    /// ```
    pub fn accuracy(&self) -> f64 {
        let correct: u64 = (0..K).map(|i| self.confusion[i][i]).sum();
        ratio(correct, self.len())
    }

    /// Precision of `label` (0 when it was never predicted).
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// let e = Evaluation::new(&[Label::Other, Label::Denial], &[Label::Denial, Label::Denial]).unwrap();
    /// assert_eq!(e.precision(Label::Denial), 0.5);
    /// ```
    pub fn precision(&self, label: Label) -> f64 {
        let j = label.index();
        let predicted: u64 = (0..K).map(|i| self.confusion[i][j]).sum();
        ratio(self.confusion[j][j], predicted)
    }

    /// Recall of `label` (0 when it never occurs).
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// let e = Evaluation::new(&[Label::Denial, Label::Denial], &[Label::Denial, Label::Other]).unwrap();
    /// assert_eq!(e.recall(Label::Denial), 0.5);
    /// ```
    pub fn recall(&self, label: Label) -> f64 {
        let i = label.index();
        ratio(self.confusion[i][i], self.support(label))
    }

    /// F1 of `label`.
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// let e = Evaluation::new(&[Label::Denial, Label::Other], &[Label::Denial, Label::Denial]).unwrap();
    /// assert!((e.f1(Label::Denial) - 2.0 / 3.0).abs() < 1e-12);
    /// ```
    pub fn f1(&self, label: Label) -> f64 {
        let (p, r) = (self.precision(label), self.recall(label));
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Number of true sentences with `label`.
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// assert_eq!(Evaluation::new(&[Label::Other], &[Label::Denial]).unwrap().support(Label::Other), 1);
    /// ```
    pub fn support(&self, label: Label) -> u64 {
        self.confusion[label.index()].iter().sum()
    }

    /// All scores of `label`.
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label};
    /// let e = Evaluation::new(&[Label::Other], &[Label::Other]).unwrap();
    /// assert_eq!(e.scores(Label::Other).support, 1);
    /// ```
    pub fn scores(&self, label: Label) -> LabelScores {
        LabelScores {
            label,
            precision: self.precision(label),
            recall: self.recall(label),
            f1: self.f1(label),
            support: self.support(label),
        }
    }

    /// Mean F1 of the four claim labels.
    ///
    /// ```
    /// use claimtype::{eval::Evaluation, Label::*};
    /// let all = [Allegation, Denial, Evidence, OfficialStatement];
    /// assert_eq!(Evaluation::new(&all, &all).unwrap().macro_f1(), 1.0);
    /// ```
    pub fn macro_f1(&self) -> f64 {
        let claims: Vec<Label> = Label::ALL.into_iter().filter(|l| l.is_claim()).collect();
        claims.iter().map(|&l| self.f1(l)).sum::<f64>() / claims.len() as f64
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A plain-text report: per-label table, confusion matrix, totals.
impl fmt::Display for Evaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<20} {:>9} {:>9} {:>9} {:>9}",
            "label", "precision", "recall", "f1", "support"
        )?;
        for label in Label::ALL {
            let s = self.scores(label);
            writeln!(
                f,
                "{:<20} {:>9.3} {:>9.3} {:>9.3} {:>9}",
                label, s.precision, s.recall, s.f1, s.support
            )?;
        }
        writeln!(f)?;
        write!(f, "{:<20}", "true \\ predicted")?;
        for label in Label::ALL {
            write!(f, " {:>9}", &label.as_str()[..label.as_str().len().min(9)])?;
        }
        writeln!(f)?;
        for label in Label::ALL {
            write!(f, "{:<20}", label)?;
            for n in self.confusion[label.index()] {
                write!(f, " {n:>9}")?;
            }
            writeln!(f)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "sentences {}  accuracy {:.3}  macro-F1 (claim labels) {:.3}",
            self.len(),
            self.accuracy(),
            self.macro_f1()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::ToConfusionMatrix;
    use ndarray::Array1;

    #[test]
    fn agrees_with_linfa_confusion_matrix() {
        let truth: Vec<Label> = [0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 2, 2, 4, 4]
            .iter()
            .map(|&i| Label::ALL[i])
            .collect();
        let pred: Vec<Label> = [0, 4, 2, 3, 4, 1, 1, 2, 0, 4, 0, 4, 2, 4, 3]
            .iter()
            .map(|&i| Label::ALL[i])
            .collect();
        let ours = Evaluation::new(&truth, &pred).unwrap();
        let t = Array1::from_iter(truth.iter().map(|l| l.index()));
        let p = Array1::from_iter(pred.iter().map(|l| l.index()));
        // linfa counts rows by the receiver: ours are true labels, so call it on the truth.
        let cm = t.confusion_matrix(&p).unwrap();
        for (i, bin) in cm.split_one_vs_all().iter().enumerate() {
            let label = Label::ALL[i];
            assert!(
                (bin.precision() as f64 - ours.precision(label)).abs() < 1e-6,
                "{label}"
            );
            assert!(
                (bin.recall() as f64 - ours.recall(label)).abs() < 1e-6,
                "{label}"
            );
        }
        assert!((cm.accuracy() as f64 - ours.accuracy()).abs() < 1e-6);
    }

    #[test]
    fn other_counts_as_a_class_for_misses() {
        let e = Evaluation::new(&[Label::Denial; 4], &[Label::Other; 4]).unwrap();
        assert_eq!(e.macro_f1(), 0.0);
        assert_eq!(e.recall(Label::Denial), 0.0);
    }

    #[test]
    fn report_names_every_label() {
        let text = Evaluation::new(&Label::ALL, &Label::ALL)
            .unwrap()
            .to_string();
        for l in Label::ALL {
            assert!(text.contains(l.as_str()));
        }
        assert!(text.contains("macro-F1 (claim labels) 1.000"));
    }
}
