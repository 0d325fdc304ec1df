//! The model: training with linfa, linear scoring and the file format.

mod dataset;
pub(crate) mod format;
mod linear;
mod train;

pub use dataset::Sentences;
pub use format::{FORMAT_VERSION, MAGIC};
pub use train::{
    cross_validate, cross_validate_grouped, CvReport, TrainParams, TrainReport, TrainingInfo,
};

pub(crate) use format::{decode, encode};
pub(crate) use linear::{softmax, Linear, IDF_LANE, ROW};
pub(crate) use train::ModelData;
