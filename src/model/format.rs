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
/// assert_eq!(claimtype::model::FORMAT_VERSION, 1);
/// ```
pub const FORMAT_VERSION: u32 = 1;

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
        newer[8] = 2;
        assert!(matches!(
            decode(&newer),
            Err(Error::UnsupportedVersion {
                found: 2,
                supported: 1
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
