//! Linear scoring of sparse vectors: a feature-major weight table.

use crate::error::{Error, Result};
use crate::label::Label;

pub(crate) const K: usize = Label::ALL.len();

/// Lanes of a scoring row: the five weights, the feature's idf, padding.
pub(crate) const ROW: usize = 8;
/// The lane of a row that holds the feature's idf.
pub(crate) const IDF_LANE: usize = K;

/// Weights stored feature-major, one row of [`ROW`] lanes per feature: its
/// weight for each label, then its idf, so that scoring a feature reads one
/// 32-byte row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linear {
    pub(crate) rows: Vec<[f32; ROW]>,
    pub(crate) intercepts: [f32; K],
}

impl Linear {
    /// From feature-major weights (`weights[i * K + k]`), intercepts, and
    /// the idf of each feature.
    pub(crate) fn new(weights: &[f32], intercepts: &[f32], idf: &[f32]) -> Result<Self> {
        let n_features = idf.len();
        if Some(weights.len()) != n_features.checked_mul(K) {
            return Err(Error::Corrupt(format!(
                "{} weights for {} features and {} labels",
                weights.len(),
                n_features,
                K
            )));
        }
        let intercepts: [f32; K] = intercepts.try_into().map_err(|_| {
            Error::Corrupt(format!("{} intercepts for {K} labels", intercepts.len()))
        })?;
        if weights
            .iter()
            .chain(intercepts.iter())
            .any(|w| !w.is_finite())
        {
            return Err(Error::Corrupt("a weight is NaN or infinite".into()));
        }
        let rows = weights
            .chunks_exact(K)
            .zip(idf)
            .map(|(w, &idf)| {
                let mut row = [0.0; ROW];
                row[..K].copy_from_slice(w);
                row[IDF_LANE] = idf;
                row
            })
            .collect();
        Ok(Linear { rows, intercepts })
    }

    /// The weights of feature `i`, one per label.
    #[inline]
    pub(crate) fn row(&self, i: u32) -> Option<&[f32]> {
        self.rows.get(i as usize).map(|r| &r[..K])
    }

    /// All weights, feature-major (as [`Linear::new`] takes them).
    pub(crate) fn weights(&self) -> Vec<f32> {
        self.rows
            .iter()
            .flat_map(|r| r[..K].iter().copied())
            .collect()
    }
}

/// Softmax in place, numerically stable.
#[inline]
pub(crate) fn softmax(z: &mut [f32; K]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    if sum > 0.0 && sum.is_finite() {
        for v in z.iter_mut() {
            *v /= sum;
        }
    } else {
        *z = [1.0 / K as f32; K];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one_even_for_extremes() {
        for mut z in [[0.0; K], [1e30, -1e30, 0.0, 5.0, 1.0], [-1e30; K]] {
            softmax(&mut z);
            let s: f32 = z.iter().sum();
            assert!((s - 1.0).abs() < 1e-5, "{z:?}");
        }
    }

    #[test]
    fn bad_shapes_and_values_are_errors() {
        let idf = [1.0, 2.0];
        let w: Vec<f32> = (0..10).map(|i| i as f32).collect();
        let lin = Linear::new(&w, &[0.0; K], &idf).unwrap();
        assert_eq!(lin.weights(), w);
        assert_eq!(lin.row(1), Some(&w[5..10]));
        assert_eq!(lin.rows[1][IDF_LANE], 2.0);
        assert!(lin.row(2).is_none());
        assert!(Linear::new(&[0.0; 9], &[0.0; K], &idf).is_err());
        assert!(Linear::new(&[0.0; 10], &[0.0; 4], &idf).is_err());
        assert!(Linear::new(&[f32::NAN; 10], &[0.0; K], &idf).is_err());
        assert!(Linear::new(&[0.0; 10], &[0.0; K], &[1.0; 3]).is_err());
    }
}
