//! The model file: a fixed header, then a postcard-encoded payload.
//!
//! ```text
//! offset  size  field
//! 0       8     magic "CLAIMTYP"
//! 8       4     format version, u32 little-endian
//! 12      8     payload length in bytes, u64 little-endian
//! 20      4     CRC-32 of the payload, u32 little-endian
//! 24      n     payload: postcard encoding of the model data
//! ```
//!
//! The header is checked before anything is decoded: a wrong magic number,
//! another version, a length that the file does not hold, or a checksum
//! mismatch is an error that says which. The declared length must match the
//! bytes present, so nothing is allocated beyond what the file holds.

use crate::error::{Error, Result};

/// The first eight bytes of every model file.
///
/// ```
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/claimtype-en.ctm")).unwrap();
/// assert_eq!(&bytes[..8], claimtype::model::MAGIC);
/// ```
pub const MAGIC: &[u8; 8] = b"CLAIMTYP";

/// The format version this build writes and reads.
///
/// ```
/// assert_eq!(claimtype::model::FORMAT_VERSION, 2);
/// ```
pub const FORMAT_VERSION: u32 = 2;

const HEADER: usize = 24;

/// Header plus payload.
pub(crate) fn encode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Checks the header and returns the payload.
pub(crate) fn decode(bytes: &[u8]) -> Result<&[u8]> {
    let magic_len = bytes.len().min(MAGIC.len());
    if bytes.get(..magic_len) != MAGIC.get(..magic_len) || bytes.is_empty() {
        return Err(Error::NotAModel);
    }
    let field = |range: std::ops::Range<usize>| bytes.get(range);
    let (Some(version), Some(len), Some(crc)) = (field(8..12), field(12..20), field(20..24)) else {
        return Err(Error::Truncated {
            expected: HEADER as u64,
            found: bytes.len() as u64,
        });
    };
    let version = u32::from_le_bytes(version.try_into().map_err(|_| Error::NotAModel)?);
    if version != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion {
            found: version,
            supported: FORMAT_VERSION,
        });
    }
    let len = u64::from_le_bytes(len.try_into().map_err(|_| Error::NotAModel)?);
    let stored = u32::from_le_bytes(crc.try_into().map_err(|_| Error::NotAModel)?);
    let present = (bytes.len() - HEADER) as u64;
    if len > present {
        return Err(Error::Truncated {
            expected: (HEADER as u64).saturating_add(len),
            found: bytes.len() as u64,
        });
    }
    if len < present {
        return Err(Error::Corrupt(format!(
            "{} bytes follow the declared end of the model",
            present - len
        )));
    }
    let payload = bytes.get(HEADER..).unwrap_or(&[]);
    let computed = crc32fast::hash(payload);
    if computed != stored {
        return Err(Error::Checksum { stored, computed });
    }
    Ok(payload)
}

/// Serde helpers that store a long numeric vector as one byte string of
/// little-endian values: decoding is a copy instead of one call per value.
macro_rules! le_vec {
    ($name:ident, $t:ty, $n:expr) => {
        pub(crate) mod $name {
            use serde::de::Error as _;
            use serde::{Deserializer, Serializer};

            pub(crate) fn serialize<S: Serializer>(v: &[$t], s: S) -> Result<S::Ok, S::Error> {
                let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                serde_bytes::serialize(&bytes, s)
            }

            pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
                d: D,
            ) -> Result<Vec<$t>, D::Error> {
                let bytes: serde_bytes::ByteBuf = serde_bytes::deserialize(d)?;
                let chunks = bytes.chunks_exact($n);
                if !chunks.remainder().is_empty() {
                    return Err(D::Error::custom(concat!(
                        "a ",
                        stringify!($t),
                        " vector is not a whole number of values"
                    )));
                }
                Ok(chunks
                    .map(|c| {
                        let mut a = [0u8; $n];
                        a.copy_from_slice(c);
                        <$t>::from_le_bytes(a)
                    })
                    .collect())
            }
        }
    };
}

le_vec!(le_f32, f32, 4);
le_vec!(le_u64, u64, 8);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let file = encode(b"hello");
        assert_eq!(decode(&file).unwrap(), b"hello");
    }

    #[test]
    fn each_defect_has_its_error() {
        let file = encode(b"hello");
        assert!(matches!(decode(b""), Err(Error::NotAModel)));
        assert!(matches!(
            decode(b"PK\x03\x04zipfile"),
            Err(Error::NotAModel)
        ));
        assert!(matches!(decode(&file[..5]), Err(Error::Truncated { .. })));
        assert!(matches!(
            decode(&file[..HEADER + 2]),
            Err(Error::Truncated { .. })
        ));
        let mut newer = file.clone();
        newer[8] = 3;
        assert!(matches!(
            decode(&newer),
            Err(Error::UnsupportedVersion {
                found: 3,
                supported: 2
            })
        ));
        let mut flipped = file.clone();
        flipped[HEADER + 1] ^= 0x10;
        assert!(matches!(decode(&flipped), Err(Error::Checksum { .. })));
        let mut huge = file.clone();
        huge[12..20].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(decode(&huge), Err(Error::Truncated { .. })));
        let mut longer = file;
        longer.push(0);
        assert!(matches!(decode(&longer), Err(Error::Corrupt(_))));
    }
}
