//! Linear scoring of sparse vectors: a feature-major weight table.

use crate::error::{Error, Result};
use crate::label::Label;

pub(crate) const K: usize = Label::ALL.len();

/// Weights stored feature-major (`weights[i * K + k]`), so that one
/// feature's five weights sit in one cache line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linear {
    pub(crate) weights: Vec<f32>,
    pub(crate) intercepts: [f32; K],
}

impl Linear {
    pub(crate) fn new(weights: Vec<f32>, intercepts: Vec<f32>, n_features: usize) -> Result<Self> {
        if Some(weights.len()) != n_features.checked_mul(K) {
            return Err(Error::Corrupt(format!(
                "{} weights for {} features and {} labels",
                weights.len(),
                n_features,
                K
            )));
        }
        let intercepts: [f32; K] = intercepts.try_into().map_err(|v: Vec<f32>| {
            Error::Corrupt(format!("{} intercepts for {K} labels", v.len()))
        })?;
        if weights
            .iter()
            .chain(intercepts.iter())
            .any(|w| !w.is_finite())
        {
            return Err(Error::Corrupt("a weight is NaN or infinite".into()));
        }
        Ok(Linear {
            weights,
            intercepts,
        })
    }

    #[inline]
    pub(crate) fn row(&self, i: u32) -> Option<&[f32]> {
        let start = (i as usize).checked_mul(K)?;
        self.weights.get(start..start + K)
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
        assert!(Linear::new(vec![0.0; 10], vec![0.0; K], 2).is_ok());
        assert!(Linear::new(vec![0.0; 9], vec![0.0; K], 2).is_err());
        assert!(Linear::new(vec![0.0; 10], vec![0.0; 4], 2).is_err());
        assert!(Linear::new(vec![f32::NAN; 10], vec![0.0; K], 2).is_err());
        assert!(Linear::new(vec![0.0; 10], vec![0.0; K], usize::MAX).is_err());
    }
}
