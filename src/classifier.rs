//! The classifier: a fitted vectorizer plus linear weights.

use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::error::{Error, Result};
use crate::features::{with_scratch, Scratch, SparseVector, Vectorizer};
use crate::label::Label;
use crate::model::{self, Linear, ModelData, IDF_LANE};
use crate::text;

use crate::model::TrainingInfo;

const K: usize = Label::ALL.len();

/// The bundled English model, trained on `models/corpus/train.tsv`.
static BUNDLED_BYTES: &[u8] = include_bytes!("../models/claimtype-en.ctm");
static BUNDLED: OnceLock<std::result::Result<Classifier, String>> = OnceLock::new();

/// Largest model file [`Classifier::from_path`] reads (256 MiB).
const MAX_FILE: u64 = 256 << 20;

/// Probabilities of the five labels, in [`Label::ALL`] order; they sum to 1.
///
/// Serializes as a map from label name to probability.
///
/// ```
/// use claimtype::{Classifier, Label};
/// let p = Classifier::bundled().unwrap().classify("The ministry denied the report.");
/// let total: f32 = p.scores.iter().map(|(_, s)| s).sum();
/// assert!((total - 1.0).abs() < 1e-4);
/// assert_eq!(p.scores.get(p.label), p.confidence);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores(pub [f32; K]);

impl Scores {
    /// The probability of `label`.
    ///
    /// ```
    /// let s = claimtype::Scores([0.1, 0.2, 0.3, 0.2, 0.2]);
    /// assert_eq!(s.get(claimtype::Label::Evidence), 0.3);
    /// ```
    pub fn get(&self, label: Label) -> f32 {
        self.0.get(label.index()).copied().unwrap_or(0.0)
    }

    /// `(label, probability)` pairs in [`Label::ALL`] order.
    ///
    /// ```
    /// let s = claimtype::Scores([0.2; 5]);
    /// assert_eq!(s.iter().count(), 5);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (Label, f32)> + '_ {
        Label::ALL.into_iter().zip(self.0)
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(K))?;
        for (label, p) in self.iter() {
            map.serialize_entry(label.as_str(), &p)?;
        }
        map.end()
    }
}

/// The label of one sentence, its probability, and all five probabilities.
///
/// ```
/// use claimtype::{Classifier, Label};
/// let p = Classifier::bundled().unwrap().classify("Prosecutors accuse the mayor of taking bribes.");
/// assert_eq!(p.label, Label::Allegation);
/// assert!(p.confidence > 0.2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prediction {
    /// The most probable label.
    pub label: Label,
    /// Its probability.
    pub confidence: f32,
    /// The probability of every label.
    pub scores: Scores,
}

impl Prediction {
    fn from_scores(z: [f32; K]) -> Self {
        let mut best = 0;
        for (k, &v) in z.iter().enumerate() {
            if v > z.get(best).copied().unwrap_or(f32::NEG_INFINITY) {
                best = k;
            }
        }
        Prediction {
            label: Label::ALL.get(best).copied().unwrap_or(Label::Other),
            confidence: z.get(best).copied().unwrap_or(0.0),
            scores: Scores(z),
        }
    }
}

/// A sentence of an article with its byte span and prediction.
///
/// ```
/// let text = "Police said he fled. Records show he left at 9pm.";
/// let out = claimtype::Classifier::bundled().unwrap().classify_text(text);
/// assert_eq!(out.len(), 2);
/// assert_eq!(&text[out[1].start..out[1].end], out[1].text);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelledSentence<'a> {
    /// The sentence as it stands in the input, trimmed.
    pub text: &'a str,
    /// Byte offset of the sentence in the input.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// What the model says.
    pub prediction: Prediction,
}

/// One feature's push towards the predicted label.
///
/// ```
/// let e = claimtype::Classifier::bundled().unwrap().explain("The firm denied the claims.", 3);
/// assert!(e.features.len() <= 3);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// Readable feature name, such as `word:deni` or `cue:deny@main`.
    pub feature: String,
    /// Its TF-IDF value times its weight for the predicted label.
    pub weight: f32,
    /// Byte spans in the sentence of the tokens that produced it.
    pub spans: Vec<(usize, usize)>,
}

/// A prediction with the features that pushed it most.
///
/// ```
/// let text = "The firm denied the claims.";
/// let e = claimtype::Classifier::bundled().unwrap().explain(text, 5);
/// for c in &e.features {
///     for &(s, t) in &c.spans {
///         assert!(text.get(s..t).is_some());
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The prediction explained.
    pub prediction: Prediction,
    /// At most `k` features, the strongest push first.
    pub features: Vec<Contribution>,
}

/// Labels sentences of news text. Cheap to share: it is `Send + Sync`, and
/// classifying takes `&self`.
///
/// ```
/// use claimtype::{Classifier, Label};
/// let model = Classifier::bundled()?;
/// let p = model.classify("The company called the report baseless.");
/// assert_eq!(p.label, Label::Denial);
/// # Ok::<(), claimtype::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Classifier {
    vectorizer: Vectorizer,
    linear: Linear,
    info: TrainingInfo,
}

impl Classifier {
    pub(crate) fn from_parts(vectorizer: Vectorizer, linear: Linear, info: TrainingInfo) -> Self {
        Classifier {
            vectorizer,
            linear,
            info,
        }
    }

    /// The model bundled with the crate, parsed once on first use.
    ///
    /// ```
    /// let model = claimtype::Classifier::bundled().unwrap();
    /// assert!(model.n_features() > 1000);
    /// ```
    pub fn bundled() -> Result<&'static Classifier> {
        BUNDLED
            .get_or_init(|| Classifier::from_bytes(BUNDLED_BYTES).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::Corrupt(format!("bundled model: {e}")))
    }

    /// Parses a model file's bytes.
    ///
    /// ```
    /// use claimtype::{Classifier, Error};
    /// assert!(matches!(Classifier::from_bytes(b""), Err(Error::NotAModel)));
    /// let bytes = Classifier::bundled().unwrap().to_bytes();
    /// assert!(Classifier::from_bytes(&bytes[..bytes.len() / 2]).is_err());
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Classifier> {
        let payload = model::decode(bytes)?;
        let data: ModelData = postcard::from_bytes(payload)
            .map_err(|e| Error::Corrupt(format!("cannot decode: {e}")))?;
        if data.labels != Label::ALL {
            return Err(Error::Corrupt(
                "the label list differs from this build's".into(),
            ));
        }
        let linear = Linear::new(&data.weights, &data.intercepts, data.vectorizer.idf())?;
        Ok(Classifier::from_parts(
            data.vectorizer,
            linear,
            data.training,
        ))
    }

    /// Reads a model file.
    ///
    /// ```
    /// let err = claimtype::Classifier::from_path("/no/such/model.ctm").unwrap_err();
    /// assert!(err.to_string().contains("/no/such/model.ctm"));
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Result<Classifier> {
        let path = path.as_ref();
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.len() > MAX_FILE {
            return Err(Error::Corrupt(format!(
                "{}: {} bytes is too large for a model file",
                path.display(),
                meta.len()
            )));
        }
        let bytes = std::fs::read(path).map_err(io)?;
        Classifier::from_bytes(&bytes)
    }

    /// The model file's bytes.
    ///
    /// ```
    /// let model = claimtype::Classifier::bundled().unwrap();
    /// let again = claimtype::Classifier::from_bytes(&model.to_bytes()).unwrap();
    /// assert_eq!(again.to_bytes(), model.to_bytes());
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let data = ModelData {
            labels: Label::ALL.to_vec(),
            vectorizer: self.vectorizer.clone(),
            weights: self.linear.weights(),
            intercepts: self.linear.intercepts.to_vec(),
            training: self.info.clone(),
        };
        // Encoding plain data into a Vec cannot fail.
        let payload = postcard::to_stdvec(&data).unwrap_or_default();
        model::encode(&payload)
    }

    /// Writes the model file.
    ///
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let path = dir.path().join("model.ctm");
    /// claimtype::Classifier::bundled().unwrap().save(&path).unwrap();
    /// assert!(claimtype::Classifier::from_path(&path).is_ok());
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Number of features the model scores.
    ///
    /// ```
    /// assert_eq!(claimtype::Classifier::bundled().unwrap().n_features(),
    ///            claimtype::Classifier::bundled().unwrap().vectorizer().len());
    /// ```
    pub fn n_features(&self) -> usize {
        self.vectorizer.len()
    }

    /// The fitted vectorizer.
    ///
    /// ```
    /// let v = claimtype::Classifier::bundled().unwrap().vectorizer();
    /// assert!(v.n_documents() > 1000);
    /// ```
    pub fn vectorizer(&self) -> &Vectorizer {
        &self.vectorizer
    }

    /// How the model was trained.
    ///
    /// ```
    /// let info = claimtype::Classifier::bundled().unwrap().training_info();
    /// assert!(info.n_sentences() > 0);
    /// ```
    pub fn training_info(&self) -> &TrainingInfo {
        &self.info
    }

    /// Labels one sentence (the text is not split).
    ///
    /// ```
    /// use claimtype::{Classifier, Label};
    /// let model = Classifier::bundled().unwrap();
    /// assert_eq!(model.classify("Satellite images show three burned villages.").label, Label::Evidence);
    /// assert_eq!(model.classify("").scores.iter().count(), 5);
    /// ```
    pub fn classify(&self, sentence: &str) -> Prediction {
        with_scratch(|scratch| self.classify_with(sentence, scratch))
    }

    #[inline]
    pub(crate) fn classify_with(&self, sentence: &str, scratch: &mut Scratch) -> Prediction {
        // With the sums of tf * idf * w for each label and of (tf * idf)^2
        // for the norm, dividing the sums by the norm is the same as
        // scoring the L2-normalised TF-IDF vector.
        let terms = self
            .vectorizer
            .score_terms(sentence, scratch, &self.linear.rows);
        let norm2 = terms[IDF_LANE];
        let inv = if norm2 > 0.0 { 1.0 / norm2.sqrt() } else { 0.0 };
        let mut z = self.linear.intercepts;
        for (zk, a) in z.iter_mut().zip(terms) {
            *zk += (a * inv) as f32;
        }
        model::softmax(&mut z);
        Prediction::from_scores(z)
    }

    /// Labels a TF-IDF vector made by this classifier's own
    /// [`Vectorizer::transform`]: the scoring stage on its own, one sparse
    /// dot product per label and a softmax. [`Classifier::classify`] gives
    /// the same prediction (to rounding) without building the vector.
    ///
    /// A vector from another model's vectorizer gives meaningless scores;
    /// indices beyond this model's features are ignored.
    ///
    /// ```
    /// let model = claimtype::Classifier::bundled().unwrap();
    /// let text = "The ministry denied the report.";
    /// let p = model.classify_vector(&model.vectorizer().transform(text));
    /// assert_eq!(p.label, model.classify(text).label);
    /// assert!((p.confidence - model.classify(text).confidence).abs() < 1e-4);
    /// ```
    pub fn classify_vector(&self, vector: &SparseVector) -> Prediction {
        let mut z = self.linear.intercepts;
        for (&i, &x) in vector.indices().iter().zip(vector.values()) {
            if let Some(row) = self.linear.row(i) {
                for (zk, w) in z.iter_mut().zip(row) {
                    *zk += x * w;
                }
            }
        }
        model::softmax(&mut z);
        Prediction::from_scores(z)
    }

    /// Splits an article into sentences and labels each one.
    ///
    /// ```
    /// let text = "GENEVA\n\nThe court issued a warrant for the general. He denies it.";
    /// let out = claimtype::Classifier::bundled().unwrap().classify_text(text);
    /// let sentences: Vec<&str> = out.iter().map(|s| s.text).collect();
    /// assert_eq!(sentences, ["GENEVA", "The court issued a warrant for the general.", "He denies it."]);
    /// ```
    pub fn classify_text<'a>(&self, text: &'a str) -> Vec<LabelledSentence<'a>> {
        text::sentences(text)
            .map(|s| LabelledSentence {
                text: s.text,
                start: s.start,
                end: s.end,
                prediction: self.classify(s.text),
            })
            .collect()
    }

    /// Labels many sentences in parallel (rayon); same results as one by one.
    ///
    /// ```
    /// let model = claimtype::Classifier::bundled().unwrap();
    /// let batch = ["He denied it.", "Records show payments.", "It rained."];
    /// let out = model.classify_batch(&batch);
    /// assert_eq!(out, batch.iter().map(|s| model.classify(s)).collect::<Vec<_>>());
    /// ```
    pub fn classify_batch(&self, sentences: &[&str]) -> Vec<Prediction> {
        // Each worker thread uses its own thread-local scratch and word
        // cache, which stay warm from one call to the next.
        sentences
            .par_iter()
            .with_min_len(64)
            .map(|s| self.classify(s))
            .collect()
    }

    /// Labels every sentence of `data` and compares with its labels.
    ///
    /// ```
    /// use claimtype::{data::Labelled, Classifier, Label};
    /// let data = [Labelled { label: Label::Denial, text: "The firm denied the claims.".into() }];
    /// let e = Classifier::bundled().unwrap().evaluate(&data);
    /// assert_eq!(e.len(), 1);
    /// ```
    pub fn evaluate(&self, data: &[crate::data::Labelled]) -> crate::eval::Evaluation {
        let texts: Vec<&str> = data.iter().map(|r| r.text.as_str()).collect();
        let mut e = crate::eval::Evaluation::default();
        for (row, p) in data.iter().zip(self.classify_batch(&texts)) {
            e.add(row.label, p.label);
        }
        e
    }

    /// The prediction and the `k` features that pushed it most.
    ///
    /// ```
    /// let text = "Police denied the report.";
    /// let e = claimtype::Classifier::bundled().unwrap().explain(text, 2);
    /// assert_eq!(e.prediction, claimtype::Classifier::bundled().unwrap().classify(text));
    /// assert!(e.features.windows(2).all(|w| w[0].weight >= w[1].weight));
    /// ```
    pub fn explain(&self, sentence: &str, k: usize) -> Explanation {
        let mut scratch = Scratch::default();
        let prediction = self.classify_with(sentence, &mut scratch);
        let occurrences = self.vectorizer.occurrences(sentence, &mut scratch.text);
        let label = prediction.label.index();
        // Each distinct feature once, with all the spans it came from.
        let mut by_feature: Vec<(u32, Vec<(usize, usize)>)> = Vec::new();
        for (i, a, b) in occurrences {
            let span = match (
                scratch.text.tokens.get(a as usize),
                scratch.text.tokens.get(b as usize),
            ) {
                (Some((ta, _)), Some((tb, _))) => (ta.start, tb.end),
                _ => (0, 0),
            };
            match by_feature.iter_mut().find(|(j, _)| *j == i) {
                Some((_, spans)) => {
                    if !spans.contains(&span) {
                        spans.push(span)
                    }
                }
                None => by_feature.push((i, vec![span])),
            }
        }
        let v = self.vectorizer.transform(sentence);
        let mut features: Vec<Contribution> = by_feature
            .into_iter()
            .filter_map(|(i, spans)| {
                let pos = v.indices().binary_search(&i).ok()?;
                let value = *v.values().get(pos)?;
                let w = *self.linear.row(i)?.get(label)?;
                Some(Contribution {
                    feature: self.vectorizer.feature_name(i)?.to_string(),
                    weight: value * w,
                    spans,
                })
            })
            .collect();
        features.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.feature.cmp(&b.feature))
        });
        features.truncate(k);
        Explanation {
            prediction,
            features,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled payload, changed by `edit`, re-encoded with a valid
    /// header and checksum, so that the semantic checks are what is tested.
    fn tampered(edit: impl FnOnce(&mut ModelData)) -> Result<Classifier> {
        let payload = model::decode(BUNDLED_BYTES).unwrap();
        let mut data: ModelData = postcard::from_bytes(payload).unwrap();
        edit(&mut data);
        Classifier::from_bytes(&model::encode(&postcard::to_stdvec(&data).unwrap()))
    }

    #[test]
    fn a_vector_from_another_model_is_scored_without_panicking() {
        let texts = [
            "Prosecutors accuse him of fraud.",
            "He denied the charges.",
            "Records show two payments.",
            "The ministry announced a review.",
            "The town has 12,000 residents.",
        ];
        let params = crate::model::TrainParams::default()
            .features(crate::features::FeatureParams::default().min_df(1))
            .max_iterations(5);
        let (small, _) = params.fit(&texts, &Label::ALL).unwrap();
        let big = Classifier::bundled()
            .unwrap()
            .vectorizer()
            .transform("The ministry denied the report about the warrant, records show.");
        assert!(big
            .indices()
            .iter()
            .any(|&i| i as usize >= small.n_features()));
        let p = small.classify_vector(&big);
        let total: f32 = p.scores.iter().map(|(_, s)| s).sum();
        assert!((total - 1.0).abs() < 1e-5, "{p:?}");
        assert_eq!(
            small.classify_vector(&SparseVector::default()),
            small.classify("")
        );
    }

    #[test]
    fn scoring_agrees_with_the_tfidf_vector() {
        // Word sums and repeat corrections (classify) against the sorted
        // TF-IDF vector (transform): repeated words, n-grams shared by
        // different words, words too long for the word cache, other
        // scripts, an empty text, and a long sentence of one word.
        let model = Classifier::bundled().unwrap();
        let long = "x".repeat(80);
        let texts = [
            "The ministry denied the report, calling the report baseless.".to_string(),
            "banana bananas ananas; the the the them then".to_string(),
            format!("Police said {long} and {long}x shared n-grams with {long}."),
            format!("Unheard-of {long}ing words like reportingly and the word report{long}."),
            "Zürich’s naïve café — Київ заявив, الشرطة قالت".to_string(),
            String::new(),
            "deny ".repeat(5000),
        ];
        for round in 0..2 {
            for t in &texts {
                let fast = model.classify(t).scores;
                let plain = model
                    .classify_vector(&model.vectorizer.transform(t))
                    .scores
                    .0;
                for (label, p) in Label::ALL.iter().zip(plain) {
                    let d = (fast.get(*label) - p).abs();
                    assert!(d < 1e-5, "round {round}, {label}: {d} for {t:.60}");
                }
            }
        }
    }

    #[test]
    fn scores_do_not_depend_on_what_the_word_cache_holds() {
        // The same sentences in a fresh thread, and in a thread whose word
        // cache is a few words short of full, so that some of their words
        // are cached and the rest are not: the same scoring sums (in f64,
        // before rounding to f32), bit for bit.
        let texts = [
            "Prosecutors accuse the unheardofmayor of taking bribes; he denies it.",
            "Records show zqpayments to the ministry, the ministry said.",
        ];
        let terms = |model: &Classifier, t: &str| {
            with_scratch(|s| model.vectorizer.score_terms(t, s, &model.linear.rows))
        };
        let fresh = std::thread::spawn(move || {
            let model = Classifier::bundled().unwrap();
            texts.map(|t| terms(model, t))
        })
        .join()
        .unwrap();
        let crowded = std::thread::spawn(move || {
            let model = Classifier::bundled().unwrap();
            let filler: String = (0..crate::features::WORD_CACHE_LIMIT - 6)
                .map(|i| format!("qx{i} "))
                .collect();
            terms(model, &filler);
            texts.map(|t| terms(model, t))
        })
        .join()
        .unwrap();
        assert_eq!(fresh, crowded);
    }

    #[test]
    fn untouched_payload_round_trips() {
        assert!(tampered(|_| {}).is_ok());
    }

    #[test]
    fn nan_and_infinite_weights_are_rejected() {
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let err = tampered(|d| d.weights[7] = bad).unwrap_err();
            assert!(err.to_string().contains("NaN or infinite"), "{err}");
            let err = tampered(|d| d.intercepts[0] = bad).unwrap_err();
            assert!(matches!(err, Error::Corrupt(_)), "{err}");
        }
    }

    #[test]
    fn weight_table_of_the_wrong_size_is_rejected() {
        let err = tampered(|d| {
            d.weights.pop();
        })
        .unwrap_err();
        assert!(err.to_string().contains("weights for"), "{err}");
        let err = tampered(|d| d.intercepts.push(0.0)).unwrap_err();
        assert!(err.to_string().contains("intercepts"), "{err}");
    }

    #[test]
    fn wrong_label_list_is_rejected() {
        let err = tampered(|d| d.labels.reverse()).unwrap_err();
        assert!(err.to_string().contains("label list"), "{err}");
    }

    #[test]
    fn declared_lengths_larger_than_the_file_do_not_allocate() {
        // A vector length prefix of u32::MAX inside a valid-checksum payload:
        // postcard reads it, finds too few bytes, and fails without
        // allocating that much.
        let payload = [0xff, 0xff, 0xff, 0xff, 0x0f, 0];
        let err = Classifier::from_bytes(&model::encode(&payload)).unwrap_err();
        assert!(matches!(err, Error::Corrupt(_)), "{err}");
    }

    #[test]
    fn classifier_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Classifier>();
    }
}
