//! An arbitrary model file (the bundled one with bytes changed, which keeps
//! most inputs past the checksum) and arbitrary text.
#![no_main]

use claimtype::Classifier;
use libfuzzer_sys::fuzz_target;

const BUNDLED: &[u8] = include_bytes!("../../models/claimtype-en.ctm");

fuzz_target!(|data: &[u8]| {
    // data = [position: 4 bytes][new byte][text...]: patch one byte of the
    // payload and fix the checksum, so the decoder itself is exercised.
    if data.len() < 5 {
        return;
    }
    let pos = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
    let mut bytes = BUNDLED.to_vec();
    if bytes.len() > 24 {
        let at = 24 + pos % (bytes.len() - 24);
        bytes[at] = data[4];
        let crc = crc32(&bytes[24..]);
        bytes[20..24].copy_from_slice(&crc.to_le_bytes());
    }
    let text = String::from_utf8_lossy(&data[5..]);
    if let Ok(model) = Classifier::from_bytes(&bytes) {
        for s in model.classify_text(&text) {
            let total: f32 = s.prediction.scores.iter().map(|(_, p)| p).sum();
            assert!(total.is_finite());
        }
        let _ = model.explain(&text, 5);
    }
});

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
