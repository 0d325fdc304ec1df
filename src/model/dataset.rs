//! linfa's traits for the whole pipeline: sentences in, labels out.
//!
//! [`Sentences`] is a linfa record type (one text column), so a
//! `linfa::DatasetBase<Sentences, Array1<Label>>` holds labelled text.
//! [`TrainParams`] implements linfa's `Fit` on it and [`Classifier`]
//! implements `PredictInplace` (and so `Predict`), which lets the pipeline
//! meet linfa's own tools, such as its `ConfusionMatrix`.

use linfa::dataset::{AsSingleTargets, DatasetBase, Records};
use linfa::traits::{Fit, Predict, PredictInplace};
use ndarray::Array1;

use super::TrainParams;
use crate::classifier::Classifier;
use crate::error::{Error, Result};
use crate::label::Label;

/// Sentences as linfa records: one sample per sentence, one text column.
///
/// ```
/// use claimtype::model::Sentences;
/// use linfa::dataset::Records;
/// let s: Sentences = ["He denied it.", "It rained."].into_iter().collect();
/// assert_eq!(s.nsamples(), 2);
/// assert_eq!(s.iter().next(), Some("He denied it."));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentences(Vec<String>);

impl Sentences {
    /// The sentences, in order.
    ///
    /// ```
    /// let s = claimtype::model::Sentences::from(vec!["A.".to_string()]);
    /// assert_eq!(s.iter().collect::<Vec<_>>(), ["A."]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// Number of sentences.
    ///
    /// ```
    /// assert_eq!(claimtype::model::Sentences::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no sentences.
    ///
    /// ```
    /// assert!(claimtype::model::Sentences::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<String>> for Sentences {
    fn from(v: Vec<String>) -> Self {
        Sentences(v)
    }
}

impl<S: Into<String>> FromIterator<S> for Sentences {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        Sentences(iter.into_iter().map(Into::into).collect())
    }
}

impl Records for Sentences {
    type Elem = String;

    fn nsamples(&self) -> usize {
        self.len()
    }

    /// One column: the text.
    fn nfeatures(&self) -> usize {
        1
    }
}

/// Labels are linfa class labels, so linfa's classification metrics take
/// them.
impl linfa::Label for Label {}

/// linfa's `Fit`: trains on a dataset of sentences and their labels, the
/// same as [`TrainParams::fit`] (which also returns the training report).
///
/// `TrainParams` has an inherent `fit` too, so call the trait's through
/// its name: `Fit::fit(&params, &dataset)`.
///
/// ```
/// use claimtype::{features::FeatureParams, model::{Sentences, TrainParams}, Label};
/// use linfa::prelude::*;
/// use ndarray::Array1;
///
/// let texts: Sentences = ["Prosecutors accuse him of fraud.", "He denied the charges.",
///     "Records show two payments.", "The ministry announced a review.",
///     "The town has 12,000 residents."].into_iter().collect();
/// let data = DatasetBase::new(texts, Array1::from(Label::ALL.to_vec()));
/// let params = TrainParams::default().features(FeatureParams::default().min_df(1));
/// let model = Fit::fit(&params, &data)?;
///
/// let predicted: Array1<Label> = model.predict(&data);
/// let cm = predicted.confusion_matrix(&data)?;
/// assert_eq!(cm.accuracy(), 1.0);
/// # Ok::<(), claimtype::Error>(())
/// ```
impl<T: AsSingleTargets<Elem = Label>> Fit<Sentences, T, Error> for TrainParams {
    type Object = Classifier;

    fn fit(&self, dataset: &DatasetBase<Sentences, T>) -> Result<Classifier> {
        let texts: Vec<&str> = dataset.records().iter().collect();
        let labels: Vec<Label> = dataset.as_single_targets().iter().copied().collect();
        TrainParams::fit(self, &texts, &labels).map(|(model, _)| model)
    }
}

/// linfa's `PredictInplace` (and through it `Predict`): the label of each
/// sentence, classified in parallel as [`Classifier::classify_batch`] does.
///
/// If `y` is shorter or longer than the records, only the common prefix is
/// written.
///
/// ```
/// use claimtype::{model::Sentences, Classifier, Label};
/// use linfa::prelude::*;
/// use ndarray::Array1;
///
/// let model = Classifier::bundled()?;
/// let s: Sentences = ["The company denied the allegations.", "It rained."].into_iter().collect();
/// let labels: Array1<Label> = model.predict(&s);
/// assert_eq!(labels[0], Label::Denial);
/// assert_eq!(labels.len(), 2);
/// # Ok::<(), claimtype::Error>(())
/// ```
impl PredictInplace<Sentences, Array1<Label>> for Classifier {
    fn predict_inplace(&self, x: &Sentences, y: &mut Array1<Label>) {
        let texts: Vec<&str> = x.iter().collect();
        for (slot, p) in y.iter_mut().zip(self.classify_batch(&texts)) {
            *slot = p.label;
        }
    }

    fn default_target(&self, x: &Sentences) -> Array1<Label> {
        Array1::from_elem(x.len(), Label::default())
    }
}

/// linfa's `Predict` on bare records (linfa provides it for arrays and
/// datasets only): one label per sentence.
///
/// ```
/// use claimtype::{model::Sentences, Classifier, Label};
/// use linfa::prelude::*;
/// let model = Classifier::bundled()?;
/// let s: Sentences = ["Records show two payments.", "It rained."].into_iter().collect();
/// let labels: ndarray::Array1<Label> = model.predict(&s);
/// assert_eq!(labels.len(), 2);
/// # Ok::<(), claimtype::Error>(())
/// ```
impl Predict<&Sentences, Array1<Label>> for Classifier {
    fn predict(&self, x: &Sentences) -> Array1<Label> {
        let mut y = self.default_target(x);
        self.predict_inplace(x, &mut y);
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use linfa::prelude::*;

    #[test]
    fn predict_through_linfa_matches_classify() {
        let model = Classifier::bundled().unwrap();
        let texts = [
            "Police said the video was not genuine.",
            "Investigators recovered 14 shell casings near the checkpoint.",
            "",
            "\u{0}\u{fffd} ###",
            "A court issued a warrant for the commander's arrest.",
        ];
        let s: Sentences = texts.into_iter().collect();
        let got: Array1<Label> = model.predict(&s);
        let want: Vec<Label> = texts.iter().map(|t| model.classify(t).label).collect();
        assert_eq!(got.to_vec(), want);
    }

    #[test]
    fn a_target_of_the_wrong_length_is_filled_as_far_as_it_goes() {
        let model = Classifier::bundled().unwrap();
        let s: Sentences = ["The firm denied the report.", "It rained."]
            .into_iter()
            .collect();
        let mut short = Array1::from_elem(1, Label::Other);
        model.predict_inplace(&s, &mut short);
        assert_eq!(short.to_vec(), [Label::Denial]);
        let mut long = Array1::from_elem(3, Label::Evidence);
        model.predict_inplace(&s, &mut long);
        assert_eq!(long[0], Label::Denial);
        assert_eq!(long[2], Label::Evidence);
        let empty: Array1<Label> = model.predict(&Sentences::default());
        assert!(empty.is_empty());
    }

    #[test]
    fn fit_through_linfa_gives_the_inherent_fit_model() {
        let texts = [
            "Prosecutors accuse the mayor of fraud.",
            "The mayor denied the charges.",
            "Records show two payments in May.",
            "The ministry announced a review.",
            "The town has 12,000 residents.",
            "Police accuse two men of arson.",
            "The firm rejected the claims.",
            "The audit found missing funds.",
            "The court set a hearing for June.",
            "The river floods every spring.",
        ];
        let labels: Vec<Label> = Label::ALL
            .iter()
            .chain(Label::ALL.iter())
            .copied()
            .collect();
        let params =
            TrainParams::default().features(crate::features::FeatureParams::default().min_df(1));
        let data = DatasetBase::new(
            texts.iter().copied().collect::<Sentences>(),
            Array1::from(labels.clone()),
        );
        let via_linfa = Fit::fit(&params, &data).unwrap();
        let (direct, _) = params.fit(&texts, &labels).unwrap();
        assert_eq!(via_linfa.to_bytes(), direct.to_bytes());
        let cm = via_linfa.predict(&data).confusion_matrix(&data).unwrap();
        assert!(cm.accuracy() > 0.9);
    }

    #[test]
    fn fit_without_every_label_is_an_error() {
        let data = DatasetBase::new(
            ["He denied it.", "She denied it."]
                .into_iter()
                .collect::<Sentences>(),
            Array1::from(vec![Label::Denial, Label::Denial]),
        );
        let err = Fit::fit(&TrainParams::default(), &data).unwrap_err();
        assert!(err.to_string().contains("no training sentence is labelled"));
    }
}
