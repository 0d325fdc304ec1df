//! Training with linfa's multinomial logistic regression, and k-fold
//! cross-validation.

use linfa::prelude::*;
use linfa_logistic::{MultiFittedLogisticRegression, MultiLogisticRegression};
use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use super::linear::{Linear, K};
use crate::classifier::Classifier;
use crate::error::{Error, Result};
use crate::eval::Evaluation;
use crate::features::{FeatureParams, Vectorizer};
use crate::label::Label;

/// Training settings: the feature settings plus the logistic regression's.
///
/// linfa minimises `-Σ log p(yᵢ | xᵢ) + alpha/2 · ‖W‖²` (summed, not
/// averaged, over sentences), so `alpha` is scikit-learn's `1 / C`.
///
/// ```
/// use claimtype::model::TrainParams;
/// let params = TrainParams::default().alpha(0.2).max_iterations(200);
/// assert!(params.check().is_ok());
/// assert!(TrainParams::default().alpha(-1.0).check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainParams {
    pub(crate) features: FeatureParams,
    pub(crate) alpha: f64,
    pub(crate) max_iterations: u64,
    pub(crate) gradient_tolerance: f64,
}

impl Default for TrainParams {
    fn default() -> Self {
        TrainParams {
            features: FeatureParams::default(),
            alpha: 0.1,
            max_iterations: 100,
            gradient_tolerance: 1e-4,
        }
    }
}

impl TrainParams {
    /// The feature settings. Default: [`FeatureParams::default`].
    ///
    /// ```
    /// use claimtype::{features::FeatureParams, model::TrainParams};
    /// let p = TrainParams::default().features(FeatureParams::default().word_ngrams(1));
    /// assert!(p.check().is_ok());
    /// ```
    pub fn features(mut self, features: FeatureParams) -> Self {
        self.features = features;
        self
    }

    /// L2 penalty, `> 0`. Default 0.1 (chosen by topic-grouped
    /// cross-validation; see models/README.md).
    ///
    /// ```
    /// assert!(claimtype::model::TrainParams::default().alpha(0.0).check().is_err());
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// L-BFGS iteration cap, at least 1. Default 100 (f32 L-BFGS gains little
    /// after that; see models/README.md).
    ///
    /// ```
    /// assert!(claimtype::model::TrainParams::default().max_iterations(0).check().is_err());
    /// ```
    pub fn max_iterations(mut self, n: u64) -> Self {
        self.max_iterations = n;
        self
    }

    /// Gradient norm at which L-BFGS stops, `> 0`. Default 1e-3.
    ///
    /// ```
    /// assert!(claimtype::model::TrainParams::default().gradient_tolerance(1e-4).check().is_ok());
    /// ```
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.gradient_tolerance = tol;
        self
    }

    /// The feature settings in use.
    ///
    /// ```
    /// let p = claimtype::model::TrainParams::default();
    /// assert_eq!(p.feature_params(), &claimtype::features::FeatureParams::default());
    /// ```
    pub fn feature_params(&self) -> &FeatureParams {
        &self.features
    }

    /// Checks every setting once.
    ///
    /// ```
    /// assert!(claimtype::model::TrainParams::default().check().is_ok());
    /// ```
    pub fn check(&self) -> Result<()> {
        self.features.check()?;
        let bad = |name, reason: &str| {
            Err(Error::InvalidParams {
                name,
                reason: reason.into(),
            })
        };
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return bad("alpha", "must be a finite number > 0");
        }
        if self.max_iterations == 0 {
            return bad("max_iterations", "must be at least 1");
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance > 0.0) {
            return bad("gradient_tolerance", "must be a finite number > 0");
        }
        Ok(())
    }

    /// Trains a classifier on sentences and their labels.
    ///
    /// Every label needs at least one sentence. The result is deterministic:
    /// the same data and settings give the same model, byte for byte.
    ///
    /// ```
    /// use claimtype::{model::TrainParams, features::FeatureParams, Label};
    /// let texts = ["Prosecutors accuse him of fraud.", "He denied the charges.",
    ///              "Records show two payments.", "The ministry announced a review.",
    ///              "The town has 12,000 residents."];
    /// let labels = Label::ALL;
    /// let params = TrainParams::default().features(FeatureParams::default().min_df(1));
    /// let (model, report) = params.fit(&texts, &labels).unwrap();
    /// assert_eq!(model.classify("He denied the charges.").label, Label::Denial);
    /// assert_eq!(report.n_sentences, 5);
    /// ```
    pub fn fit(&self, texts: &[&str], labels: &[Label]) -> Result<(Classifier, TrainReport)> {
        self.fit_inner(texts, labels).map(|(c, r, _)| (c, r))
    }

    /// [`TrainParams::fit`], also returning linfa's own fitted model.
    fn fit_inner(
        &self,
        texts: &[&str],
        labels: &[Label],
    ) -> Result<(
        Classifier,
        TrainReport,
        MultiFittedLogisticRegression<f32, usize>,
    )> {
        self.check()?;
        if texts.len() != labels.len() {
            return Err(Error::Training(format!(
                "{} sentences but {} labels",
                texts.len(),
                labels.len()
            )));
        }
        for label in Label::ALL {
            if !labels.contains(&label) {
                return Err(Error::Training(format!(
                    "no training sentence is labelled `{label}`"
                )));
            }
        }
        let vectorizer = self.features.fit(texts.iter().copied())?;
        let x = dense(&vectorizer, texts)?;
        let y = Array1::from_iter(labels.iter().map(|l| l.index()));
        let dataset = Dataset::new(x, y);
        let fitted = MultiLogisticRegression::<f32>::default()
            .alpha(self.alpha as f32)
            .max_iterations(self.max_iterations)
            .gradient_tolerance((self.gradient_tolerance * texts.len() as f64) as f32)
            .fit(&dataset)
            .map_err(|e| Error::Training(e.to_string()))?;
        let classes = fitted.classes();
        if classes != [0, 1, 2, 3, 4] {
            return Err(Error::Training(format!("unexpected classes {classes:?}")));
        }
        let w = fitted.params();
        let b = fitted.intercept();
        let gradient_norm = gradient_norm(
            dataset.records(),
            dataset.targets(),
            w,
            b,
            self.alpha as f32,
        ) as f64;
        let d = vectorizer.len();
        let mut weights = Vec::with_capacity(d * K);
        for row in w.outer_iter() {
            weights.extend(row.iter().copied());
        }
        let intercepts: Vec<f32> = b.to_vec();
        let linear = Linear::new(&weights, &intercepts, vectorizer.idf())?;
        let mut per_label = [0u32; K];
        for l in labels {
            per_label[l.index()] += 1;
        }
        let report = TrainReport {
            n_sentences: texts.len(),
            n_features: d,
            per_label,
            gradient_norm,
            converged: gradient_norm <= self.gradient_tolerance * texts.len() as f64 * 10.0,
        };
        let info = TrainingInfo {
            params: self.clone(),
            corpus_hash: corpus_hash(texts, labels),
            n_sentences: texts.len() as u64,
            per_label,
            gradient_norm: (gradient_norm as f32).to_bits(),
        };
        Ok((
            Classifier::from_parts(vectorizer, linear, info),
            report,
            fitted,
        ))
    }
}

/// The dense design matrix linfa needs (rows: sentences, columns: features).
fn dense(v: &Vectorizer, texts: &[&str]) -> Result<Array2<f32>> {
    let cells = texts.len().checked_mul(v.len()).filter(|&c| c <= 1 << 31);
    if cells.is_none() {
        return Err(Error::Training(format!(
            "{} sentences x {} features is too large a dense matrix; lower max_features",
            texts.len(),
            v.len()
        )));
    }
    let mut x = Array2::<f32>::zeros((texts.len(), v.len()));
    for (mut row, text) in x.axis_iter_mut(Axis(0)).zip(texts) {
        let sv = v.transform(text);
        for (&i, &val) in sv.indices().iter().zip(sv.values()) {
            if let Some(cell) = row.get_mut(i as usize) {
                *cell = val;
            }
        }
    }
    Ok(x)
}

/// Max-norm of the objective's gradient at the solution: linfa stops
/// silently at its iteration cap, so convergence is checked here.
fn gradient_norm(
    x: &Array2<f32>,
    y: &Array1<usize>,
    w: &Array2<f32>,
    b: &Array1<f32>,
    alpha: f32,
) -> f32 {
    let mut p = x.dot(w) + b;
    for mut row in p.rows_mut() {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        row.mapv_inplace(|v| (v - max).exp());
        let s = row.sum();
        row.mapv_inplace(|v| v / s);
    }
    for (mut row, &t) in p.rows_mut().into_iter().zip(y.iter()) {
        if let Some(v) = row.get_mut(t) {
            *v -= 1.0;
        }
    }
    let gw = x.t().dot(&p) + w * alpha;
    let gb = p.sum_axis(Axis(0));
    gw.iter()
        .chain(gb.iter())
        .fold(0.0f32, |m, v| m.max(v.abs()))
}

/// FNV-1a over the labelled sentences: identifies the training data.
fn corpus_hash(texts: &[&str], labels: &[Label]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (t, l) in texts.iter().zip(labels) {
        for b in l
            .as_str()
            .bytes()
            .chain([b'\t'])
            .chain(t.bytes())
            .chain([b'\n'])
        {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("fnv1a64:{h:016x}")
}

/// What training measured.
///
/// ```
/// # use claimtype::{model::TrainParams, features::FeatureParams, Label};
/// # let texts = ["a b", "c d", "e f", "g h", "i j"];
/// # let params = TrainParams::default().features(FeatureParams::default().min_df(1));
/// let (_, report) = params.fit(&texts, &Label::ALL).unwrap();
/// assert!(report.gradient_norm.is_finite());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// Training sentences.
    pub n_sentences: usize,
    /// Features after pruning.
    pub n_features: usize,
    /// Training sentences per label, in [`Label::ALL`] order.
    pub per_label: [u32; K],
    /// Max-norm of the gradient at the returned weights.
    pub gradient_norm: f64,
    /// Whether the gradient norm is within ten times the tolerance.
    pub converged: bool,
}

/// Training metadata stored in the model file (date-free, so deterministic).
///
/// ```
/// let info = claimtype::Classifier::bundled().unwrap().training_info();
/// assert!(info.corpus_hash().starts_with("fnv1a64:"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingInfo {
    params: TrainParams,
    corpus_hash: String,
    n_sentences: u64,
    per_label: [u32; K],
    gradient_norm: u32,
}

impl TrainingInfo {
    /// Hash of the labelled training sentences.
    ///
    /// ```
    /// let info = claimtype::Classifier::bundled().unwrap().training_info();
    /// assert_eq!(info.corpus_hash().len(), "fnv1a64:".len() + 16);
    /// ```
    pub fn corpus_hash(&self) -> &str {
        &self.corpus_hash
    }

    /// Number of training sentences.
    ///
    /// ```
    /// assert!(claimtype::Classifier::bundled().unwrap().training_info().n_sentences() > 1000);
    /// ```
    pub fn n_sentences(&self) -> u64 {
        self.n_sentences
    }

    /// The settings the model was trained with.
    ///
    /// ```
    /// let p = claimtype::Classifier::bundled().unwrap().training_info().params().clone();
    /// assert!(p.check().is_ok());
    /// ```
    pub fn params(&self) -> &TrainParams {
        &self.params
    }

    /// Gradient max-norm at the end of training.
    ///
    /// ```
    /// assert!(claimtype::Classifier::bundled().unwrap().training_info().gradient_norm() >= 0.0);
    /// ```
    pub fn gradient_norm(&self) -> f32 {
        f32::from_bits(self.gradient_norm)
    }
}

/// Everything a model file holds after its header.
#[derive(Serialize, Deserialize)]
pub(crate) struct ModelData {
    pub(crate) labels: Vec<Label>,
    pub(crate) vectorizer: Vectorizer,
    #[serde(with = "super::format::le_f32")]
    pub(crate) weights: Vec<f32>,
    pub(crate) intercepts: Vec<f32>,
    pub(crate) training: TrainingInfo,
}

/// Cross-validation scores.
///
/// ```
/// # use claimtype::{model::{cross_validate, TrainParams}, features::FeatureParams, Label};
/// # let texts: Vec<&str> = ["a x", "b y", "c z", "d w", "e v"].repeat(2);
/// # let labels: Vec<Label> = Label::ALL.repeat(2);
/// # let params = TrainParams::default().features(FeatureParams::default().min_df(1));
/// let cv = cross_validate(&params, &texts, &labels, 2, 7).unwrap();
/// assert_eq!(cv.fold_macro_f1.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CvReport {
    /// Macro-F1 (four claim labels) of each fold.
    pub fold_macro_f1: Vec<f64>,
    /// Evaluation of all out-of-fold predictions together.
    pub pooled: Evaluation,
}

impl CvReport {
    /// Mean of the folds' macro-F1.
    ///
    /// ```
    /// # use claimtype::{model::{cross_validate, TrainParams}, features::FeatureParams, Label};
    /// # let texts: Vec<&str> = ["a x", "b y", "c z", "d w", "e v"].repeat(2);
    /// # let labels: Vec<Label> = Label::ALL.repeat(2);
    /// # let params = TrainParams::default().features(FeatureParams::default().min_df(1));
    /// let cv = cross_validate(&params, &texts, &labels, 2, 7).unwrap();
    /// assert!((0.0..=1.0).contains(&cv.mean_macro_f1()));
    /// ```
    pub fn mean_macro_f1(&self) -> f64 {
        if self.fold_macro_f1.is_empty() {
            return 0.0;
        }
        self.fold_macro_f1.iter().sum::<f64>() / self.fold_macro_f1.len() as f64
    }
}

/// Stratified k-fold cross-validation; folds are dealt from a shuffle
/// seeded with `seed`, so results are reproducible.
///
/// ```
/// # use claimtype::{model::{cross_validate, TrainParams}, Label};
/// assert!(cross_validate(&TrainParams::default(), &["a"], &[Label::Other], 1, 0).is_err());
/// ```
pub fn cross_validate(
    params: &TrainParams,
    texts: &[&str],
    labels: &[Label],
    k: usize,
    seed: u64,
) -> Result<CvReport> {
    if k < 2 || texts.len() != labels.len() || texts.len() < k {
        return Err(Error::InvalidParams {
            name: "k",
            reason: format!("need 2 <= k <= {} sentences, got k = {k}", texts.len()),
        });
    }
    let mut fold_of = vec![0usize; texts.len()];
    let mut rng = seed ^ 0x9E37_79B9_7F4A_7C15;
    for label in Label::ALL {
        let mut idx: Vec<usize> = (0..texts.len())
            .filter(|&i| labels.get(i) == Some(&label))
            .collect();
        for i in (1..idx.len()).rev() {
            let j = (splitmix(&mut rng) % (i as u64 + 1)) as usize;
            idx.swap(i, j);
        }
        for (n, &i) in idx.iter().enumerate() {
            if let Some(f) = fold_of.get_mut(i) {
                *f = n % k;
            }
        }
    }
    run_folds(params, texts, labels, &fold_of, k)
}

/// Cross-validation with whole groups (such as topics) held out together,
/// so each fold measures generalisation to groups never seen in training.
/// Groups are dealt to folds in a shuffle seeded with `seed`.
///
/// ```
/// # use claimtype::{model::{cross_validate_grouped, TrainParams}, features::FeatureParams, Label};
/// # let texts: Vec<&str> = ["a x", "b y", "c z", "d w", "e v"].repeat(2);
/// # let labels: Vec<Label> = Label::ALL.repeat(2);
/// let groups = ["t1", "t1", "t1", "t1", "t1", "t2", "t2", "t2", "t2", "t2"];
/// # let params = TrainParams::default().features(FeatureParams::default().min_df(1));
/// let cv = cross_validate_grouped(&params, &texts, &labels, &groups, 2, 1).unwrap();
/// assert_eq!(cv.fold_macro_f1.len(), 2);
/// ```
pub fn cross_validate_grouped(
    params: &TrainParams,
    texts: &[&str],
    labels: &[Label],
    groups: &[&str],
    k: usize,
    seed: u64,
) -> Result<CvReport> {
    let mut names: Vec<&str> = groups.to_vec();
    names.sort_unstable();
    names.dedup();
    if k < 2 || names.len() < k || texts.len() != labels.len() || texts.len() != groups.len() {
        return Err(Error::InvalidParams {
            name: "k",
            reason: format!(
                "need 2 <= k <= {} groups and one group per sentence",
                names.len()
            ),
        });
    }
    let mut rng = seed ^ 0x9E37_79B9_7F4A_7C15;
    for i in (1..names.len()).rev() {
        let j = (splitmix(&mut rng) % (i as u64 + 1)) as usize;
        names.swap(i, j);
    }
    let fold_of_group: std::collections::HashMap<&str, usize> =
        names.iter().enumerate().map(|(i, &g)| (g, i % k)).collect();
    let fold_of: Vec<usize> = groups
        .iter()
        .map(|g| fold_of_group.get(g).copied().unwrap_or(0))
        .collect();
    run_folds(params, texts, labels, &fold_of, k)
}

fn run_folds(
    params: &TrainParams,
    texts: &[&str],
    labels: &[Label],
    fold_of: &[usize],
    k: usize,
) -> Result<CvReport> {
    let mut folds = Vec::with_capacity(k);
    let mut truth_all = Vec::new();
    let mut pred_all = Vec::new();
    for f in 0..k {
        let (mut tr_t, mut tr_l, mut te_t, mut te_l) = (vec![], vec![], vec![], vec![]);
        for ((&t, &l), &fi) in texts.iter().zip(labels).zip(fold_of) {
            if fi == f {
                te_t.push(t);
                te_l.push(l);
            } else {
                tr_t.push(t);
                tr_l.push(l);
            }
        }
        let (model, _) = params.fit(&tr_t, &tr_l)?;
        let pred: Vec<Label> = te_t.iter().map(|t| model.classify(t).label).collect();
        folds.push(Evaluation::new(&te_l, &pred)?.macro_f1());
        truth_all.extend(te_l);
        pred_all.extend(pred);
    }
    Ok(CvReport {
        fold_macro_f1: folds,
        pooled: Evaluation::new(&truth_all, &pred_all)?,
    })
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::read_tsv;

    fn corpus(file: &str, n: usize) -> (Vec<String>, Vec<Label>) {
        let path = format!("{}/models/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
        let rows = read_tsv(
            std::io::BufReader::new(std::fs::File::open(path).unwrap()),
            file,
        )
        .unwrap();
        let step = (rows.len() / n).max(1);
        rows.into_iter()
            .step_by(step)
            .take(n)
            .map(|r| (r.text, r.label))
            .unzip()
    }

    /// The sparse scorer gives linfa's own predictions on the test split.
    #[test]
    fn sparse_scoring_agrees_with_linfa_predict() {
        let (train_t, train_l) = corpus("train.tsv", 1500);
        let (test_t, _) = corpus("test.tsv", 600);
        let train_t: Vec<&str> = train_t.iter().map(String::as_str).collect();
        let test_t: Vec<&str> = test_t.iter().map(String::as_str).collect();
        let params = TrainParams::default().max_iterations(40);
        let (model, _, fitted) = params.fit_inner(&train_t, &train_l).unwrap();
        let x = dense(model.vectorizer(), &test_t).unwrap();
        let linfa_labels = fitted.predict(&x);
        let linfa_probs = fitted.predict_probabilities(&x);
        for (i, text) in test_t.iter().enumerate() {
            let ours = model.classify(text);
            assert_eq!(Label::ALL[linfa_labels[i]], ours.label, "{text}");
            for k in 0..K {
                assert!(
                    (linfa_probs[[i, k]] - ours.scores.0[k]).abs() < 1e-4,
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn missing_label_and_length_mismatch_are_errors() {
        let p = TrainParams::default();
        assert!(p.fit(&["a", "b"], &[Label::Other, Label::Denial]).is_err());
        assert!(p.fit(&["a"], &Label::ALL).is_err());
    }
}
