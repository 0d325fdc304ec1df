//! The settings that decide what the model sees.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Tokenizer, n-gram and TF-IDF settings, stored inside every model file so
/// that training and inference see text the same way.
///
/// Build it with the by-value setters; [`FeatureParams::fit`] checks it once
/// before fitting.
///
/// ```
/// use claimtype::features::FeatureParams;
/// let params = FeatureParams::default().word_ngrams(3).char_ngrams(Some((3, 5))).min_df(2);
/// assert!(params.check().is_ok());
/// assert!(FeatureParams::default().word_ngrams(4).check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureParams {
    pub(crate) word_ngrams: u8,
    pub(crate) stem: bool,
    pub(crate) remove_stopwords: bool,
    pub(crate) char_ngrams: Option<(u8, u8)>,
    pub(crate) char_bucket_bits: u8,
    pub(crate) cues: bool,
    pub(crate) clauses: bool,
    pub(crate) min_df: u32,
    pub(crate) max_df: f32,
    pub(crate) max_features: Option<u32>,
    pub(crate) max_char_features: Option<u32>,
    pub(crate) sublinear_tf: bool,
    pub(crate) smooth_idf: bool,
}

impl Default for FeatureParams {
    fn default() -> Self {
        FeatureParams {
            word_ngrams: 2,
            stem: true,
            remove_stopwords: false,
            char_ngrams: Some((3, 5)),
            char_bucket_bits: 16,
            cues: true,
            clauses: true,
            min_df: 2,
            max_df: 1.0,
            max_features: Some(20_000),
            max_char_features: Some(10_000),
            sublinear_tf: true,
            smooth_idf: true,
        }
    }
}

impl FeatureParams {
    /// Longest word n-gram, 1 to 3. Default 2 (unigrams and bigrams).
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().word_ngrams(1);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn word_ngrams(mut self, n: u8) -> Self {
        self.word_ngrams = n;
        self
    }

    /// Snowball (English) stemming of words. Default `true`.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().stem(false);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn stem(mut self, on: bool) -> Self {
        self.stem = on;
        self
    }

    /// Drop common English function words from word n-grams. Default `false`:
    /// words such as "not", "no" and "said" carry the label.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().remove_stopwords(true);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn remove_stopwords(mut self, on: bool) -> Self {
        self.remove_stopwords = on;
        self
    }

    /// Character n-gram lengths `(min, max)` inside word boundaries, 1 to 8,
    /// or `None` for none. Default `Some((3, 5))`: with their own budget
    /// they transfer to real news text better than words alone (see
    /// models/README.md).
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().char_ngrams(None);
    /// assert!(p.check().is_ok());
    /// assert!(claimtype::features::FeatureParams::default().char_ngrams(Some((5, 2))).check().is_err());
    /// ```
    pub fn char_ngrams(mut self, range: Option<(u8, u8)>) -> Self {
        self.char_ngrams = range;
        self
    }

    /// Size of the character n-gram hash table as a power of two, 10 to 20.
    /// Default 16 (65,536 buckets, pruned to the ones seen at fit time).
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().char_bucket_bits(15);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn char_bucket_bits(mut self, bits: u8) -> Self {
        self.char_bucket_bits = bits;
        self
    }

    /// Cue-lexicon features. Default `true`.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().cues(false);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn cues(mut self, on: bool) -> Self {
        self.cues = on;
        self
    }

    /// Clause-aware features (attribution, quotation, lead of the content).
    /// Default `true`.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().clauses(false);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn clauses(mut self, on: bool) -> Self {
        self.clauses = on;
        self
    }

    /// Keep features seen in at least this many training sentences. Default 2.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().min_df(3);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn min_df(mut self, n: u32) -> Self {
        self.min_df = n;
        self
    }

    /// Drop features seen in more than this fraction of training sentences,
    /// in `(0, 1]`. Default 1.0 (keep all).
    ///
    /// ```
    /// assert!(claimtype::features::FeatureParams::default().max_df(0.0).check().is_err());
    /// ```
    pub fn max_df(mut self, fraction: f32) -> Self {
        self.max_df = fraction;
        self
    }

    /// Keep at most this many features of the word, cue and clause families,
    /// the most frequent in the training corpus (ties broken by feature key,
    /// so the choice is deterministic). Default `Some(20_000)`, which keeps
    /// linfa's dense training matrix small. Character n-grams have their own
    /// budget, [`FeatureParams::max_char_features`], so that they cannot crowd
    /// out words.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().max_features(None);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn max_features(mut self, n: Option<u32>) -> Self {
        self.max_features = n;
        self
    }

    /// Keep at most this many character n-gram features (the most frequent).
    /// Default `Some(10_000)`; it only matters when character n-grams are on.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().max_char_features(Some(5_000));
    /// assert!(p.check().is_ok());
    /// ```
    pub fn max_char_features(mut self, n: Option<u32>) -> Self {
        self.max_char_features = n;
        self
    }

    /// Use `1 + ln(tf)` instead of the raw count. Default `true`.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().sublinear_tf(false);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn sublinear_tf(mut self, on: bool) -> Self {
        self.sublinear_tf = on;
        self
    }

    /// Smoothed idf, `ln((1 + n) / (1 + df)) + 1`, as scikit-learn's default;
    /// otherwise `ln(n / df) + 1`. Default `true`.
    ///
    /// ```
    /// let p = claimtype::features::FeatureParams::default().smooth_idf(false);
    /// assert!(p.check().is_ok());
    /// ```
    pub fn smooth_idf(mut self, on: bool) -> Self {
        self.smooth_idf = on;
        self
    }

    /// Checks every setting; the error names the first one out of range.
    ///
    /// ```
    /// let err = claimtype::features::FeatureParams::default().min_df(0).check().unwrap_err();
    /// assert!(err.to_string().contains("min_df"));
    /// ```
    pub fn check(&self) -> Result<()> {
        let bad = |name: &'static str, reason: &str| {
            Err(Error::InvalidParams {
                name,
                reason: reason.to_string(),
            })
        };
        if !(1..=3).contains(&self.word_ngrams) {
            return bad("word_ngrams", "must be 1, 2 or 3");
        }
        if let Some((lo, hi)) = self.char_ngrams {
            if lo == 0 || hi < lo || hi > 8 {
                return bad("char_ngrams", "needs 1 <= min <= max <= 8");
            }
        }
        if !(10..=20).contains(&self.char_bucket_bits) {
            return bad("char_bucket_bits", "must be between 10 and 20");
        }
        if self.min_df == 0 {
            return bad("min_df", "must be at least 1");
        }
        if !(self.max_df > 0.0 && self.max_df <= 1.0) {
            return bad("max_df", "must be in (0, 1]");
        }
        if self.max_features == Some(0) {
            return bad("max_features", "must be at least 1 (or None for no limit)");
        }
        if self.max_char_features == Some(0) {
            return bad(
                "max_char_features",
                "must be at least 1 (or None for no limit)",
            );
        }
        Ok(())
    }
}
