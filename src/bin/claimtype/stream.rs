//! Streaming input: sentences (or lines) from a reader in bounded memory.
//!
//! Input is read in chunks of up to 64 KiB, as it arrives. Complete
//! sentences are handed out as soon as the text after them is known; the
//! unfinished tail stays in the buffer. A sentence longer than [`MAX_PENDING`] bytes (a "sentence" with
//! no end, such as a 50 MB line) is cut at the last whitespace before that
//! size, so memory stays bounded whatever the input.

use std::io::{ErrorKind, Read};

use crate::Failure;

const CHUNK: usize = 64 << 10;
/// Longest piece of text held back waiting for a sentence end.
pub(crate) const MAX_PENDING: usize = 1 << 20;
/// Text needed after a sentence end before the end counts as final.
const LOOKAHEAD: usize = 64;

/// Where pieces go: the complete pieces of each chunk of input as one
/// batch, in order, as soon as the chunk has been read. `more` says whether
/// the read filled the whole chunk, so that more input is probably ready; when
/// it is false (input arrives slowly, or has ended) the sink should write out
/// everything it holds, so that output keeps pace with input.
pub(crate) trait Sink {
    fn batch(&mut self, pieces: &[Piece<'_>], more: bool) -> Result<(), Failure>;
}

/// One sentence or line with its byte span in the input.
pub(crate) struct Piece<'a> {
    pub(crate) text: &'a str,
    pub(crate) start: u64,
    pub(crate) end: u64,
}

/// Reads the input into `buf` chunk by chunk, calling `process` with the
/// decoded text, its input offset, whether the input has ended, and whether
/// the read filled a whole chunk (more input probably ready; never at the
/// end); `process` returns how many bytes it consumed.
fn pump(
    mut reader: impl Read,
    name: &str,
    lossy: bool,
    mut process: impl FnMut(&str, u64, bool, bool) -> Result<usize, Failure>,
) -> Result<(), Failure> {
    let mut buf: Vec<u8> = Vec::with_capacity(2 * CHUNK);
    let mut base: u64 = 0; // input offset of buf[0]
    let mut chunk = vec![0u8; CHUNK];
    let mut eof = false;
    let mut first = true;
    while !eof {
        let n = match reader.read(&mut chunk) {
            Ok(0) => {
                eof = true;
                0
            }
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(Failure::runtime(format!("{name}: {e}"))),
        };
        let mut data = chunk.get(..n).unwrap_or(&[]);
        if first && data.starts_with(b"\xEF\xBB\xBF") {
            // A UTF-8 byte-order mark is not text.
            data = data.get(3..).unwrap_or(&[]);
            base = 3;
        }
        first = false;
        buf.extend_from_slice(data);
        let (valid, bad_at) = match std::str::from_utf8(&buf) {
            Ok(_) => (buf.len(), None),
            Err(e) => {
                let upto = e.valid_up_to();
                // An incomplete sequence at the very end waits for more bytes.
                if e.error_len().is_none() && !eof {
                    (upto, None)
                } else {
                    (upto, Some(upto))
                }
            }
        };
        if let Some(at) = bad_at {
            if !lossy {
                return Err(Failure::input(format!(
                    "{name}: invalid UTF-8 at byte offset {} (use --lossy to replace bad bytes)",
                    base + at as u64
                )));
            }
            let fixed = String::from_utf8_lossy(&buf).into_owned();
            // Offsets stay those of the repaired text from here on.
            buf = fixed.into_bytes();
            let text = std::str::from_utf8(&buf).unwrap_or("");
            let used = process(text, base, eof, n == CHUNK)?;
            buf.drain(..used.min(buf.len()));
            base += used as u64;
            continue;
        }
        let text = std::str::from_utf8(buf.get(..valid).unwrap_or(&[])).unwrap_or("");
        let used = process(text, base, eof, n == CHUNK)?;
        buf.drain(..used.min(buf.len()));
        base += used as u64;
    }
    Ok(())
}

/// Sentences of an article stream.
pub(crate) fn sentences(
    reader: impl Read,
    name: &str,
    lossy: bool,
    sink: &mut impl Sink,
) -> Result<(), Failure> {
    pump(reader, name, lossy, |text, base, eof, more| {
        let mut consumed = 0;
        let mut pieces = Vec::new();
        for s in claimtype::text::sentences(text) {
            // A sentence is final once enough text follows it for the
            // splitter's look-ahead, or a paragraph break does.
            // Only the whitespace right after the sentence is looked at, so
            // each chunk is scanned in linear time.
            let after = text.get(s.end..).unwrap_or("");
            let gap = after.len() - after.trim_start().len();
            let blank_line = after
                .get(..gap)
                .is_some_and(|g| g.matches('\n').count() >= 2);
            let final_ = eof || blank_line || (after.len() >= LOOKAHEAD && gap < after.len());
            if !final_ {
                break;
            }
            pieces.push(Piece {
                text: s.text,
                start: base + s.start as u64,
                end: base + s.end as u64,
            });
            consumed = s.end;
        }
        if !eof && text.len() - consumed > MAX_PENDING {
            // One endless sentence: cut it at whitespace before the limit.
            let rest = text.get(consumed..).unwrap_or("");
            let cut = cut_point(rest, MAX_PENDING);
            emit_trimmed(
                rest.get(..cut).unwrap_or(""),
                base + consumed as u64,
                &mut pieces,
            );
            consumed += cut;
        }
        sink.batch(&pieces, more)?;
        Ok(consumed)
    })
}

/// Lines of a stream, each one sentence; empty lines are skipped.
pub(crate) fn lines(
    reader: impl Read,
    name: &str,
    lossy: bool,
    sink: &mut impl Sink,
) -> Result<(), Failure> {
    pump(reader, name, lossy, |text, base, eof, more| {
        let mut consumed = 0;
        let mut pieces = Vec::new();
        while let Some(nl) = text.get(consumed..).and_then(|r| r.find('\n')) {
            let line = text.get(consumed..consumed + nl).unwrap_or("");
            emit_trimmed(line, base + consumed as u64, &mut pieces);
            consumed += nl + 1;
        }
        let rest = text.len() - consumed;
        if eof && rest > 0 {
            emit_trimmed(
                text.get(consumed..).unwrap_or(""),
                base + consumed as u64,
                &mut pieces,
            );
            consumed = text.len();
        } else if rest > MAX_PENDING {
            let part = text.get(consumed..).unwrap_or("");
            let cut = cut_point(part, MAX_PENDING);
            emit_trimmed(
                part.get(..cut).unwrap_or(""),
                base + consumed as u64,
                &mut pieces,
            );
            consumed += cut;
        }
        sink.batch(&pieces, more)?;
        Ok(consumed)
    })
}

/// Adds `line` trimmed (and without a final CR), with its span, unless empty.
fn emit_trimmed<'a>(line: &'a str, offset: u64, pieces: &mut Vec<Piece<'a>>) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let lead = line.len() - line.trim_start().len();
    let trimmed = line.trim();
    if !trimmed.is_empty() {
        pieces.push(Piece {
            text: trimmed,
            start: offset + lead as u64,
            end: offset + (lead + trimmed.len()) as u64,
        });
    }
}

/// A char boundary at or before `limit`, preferring the last whitespace.
fn cut_point(text: &str, limit: usize) -> usize {
    let mut cut = limit.min(text.len());
    while cut > 0 && !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = text.get(..cut).unwrap_or("");
    match head.rfind(char::is_whitespace) {
        Some(ws) if ws > cut / 2 => ws + 1,
        _ => cut.max(1).min(text.len()),
    }
}
