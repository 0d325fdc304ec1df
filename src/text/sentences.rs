//! A rule-based sentence splitter tuned for news prose.
//!
//! A sentence ends at `.`, `?`, `!` or `…` (with any closing quotes or
//! brackets after them) when whitespace and then something other than a
//! lowercase letter follows, unless the word before a period is a title
//! (`Mr.`, `Gen.`), an initial (`J.`), an abbreviation that precedes numbers
//! (`No. 5`, `Jan. 12`) or a Latin abbreviation (`e.g.`). Dotted acronyms and
//! company suffixes (`U.S.`, `Inc.`, `p.m.`) end a sentence only when the next
//! word is a typical sentence opener ("The", "He", "In", ...).
//!
//! Line breaks: a blank line always ends a sentence; a single line break
//! ends one unless the next line starts with a lowercase letter (so that
//! headlines and datelines stand alone, while hard-wrapped prose is joined).
//! The splitter runs in time linear in its input.

/// One sentence: its trimmed text and its byte span `start..end` in the input.
///
/// ```
/// let text = "  Charges were filed.  ";
/// let s = claimtype::text::sentences(text).next().unwrap();
/// assert_eq!((s.start, s.end, s.text), (2, 21, "Charges were filed."));
/// assert_eq!(&text[s.start..s.end], s.text);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// The sentence, trimmed of surrounding whitespace.
    pub text: &'a str,
    /// Byte offset of its first byte in the input.
    pub start: usize,
    /// Byte offset just past its last byte in the input.
    pub end: usize,
}

/// Iterator over the sentences of a text; see [`sentences`].
///
/// ```
/// let n = claimtype::text::sentences("One. Two? Three!").count();
/// assert_eq!(n, 3);
/// ```
#[derive(Debug, Clone)]
pub struct Sentences<'a> {
    text: &'a str,
    pos: usize,
}

/// Splits `text` into sentences, in order, with byte spans.
///
/// ```
/// use claimtype::text::sentences;
/// let text = "“We deny it,” he said. The U.S. Navy said 3.5 per cent was lost.";
/// let found: Vec<_> = sentences(text).map(|s| s.text).collect();
/// assert_eq!(found, ["“We deny it,” he said.", "The U.S. Navy said 3.5 per cent was lost."]);
/// ```
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences { text, pos: 0 }
}

impl<'a> Iterator for Sentences<'a> {
    type Item = Sentence<'a>;

    fn next(&mut self) -> Option<Sentence<'a>> {
        let text = self.text;
        let start = skip_space(text, self.pos);
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        let (end, next) = find_end(text, start);
        self.pos = next;
        let body = text.get(start..end).unwrap_or("");
        let trimmed = body.trim_end_matches(is_space);
        Some(Sentence {
            text: trimmed,
            start,
            end: start + trimmed.len(),
        })
    }
}

/// Whitespace, control characters (NUL, escape, ...) and the byte-order
/// mark that starts some files: none of them is text.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control() || c == '\u{feff}'
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// First position at or after `i` that is not whitespace (or `text.len()`).
fn skip_space(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !b.is_ascii_whitespace() && !b.is_ascii_control() {
                return i;
            }
            i += 1;
        } else {
            match char_at(text, i) {
                Some(c) if is_space(c) => i += c.len_utf8(),
                _ => return i,
            }
        }
    }
    text.len()
}

/// Whitespace only up to and including the next line break; returns the
/// position after it and whether the line break was reached.
fn skip_line_space(bytes: &[u8], mut i: usize) -> (usize, bool) {
    while let Some(&b) = bytes.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => i += 1,
            b'\n' => return (i + 1, true),
            _ => return (i, false),
        }
    }
    (i, false)
}

/// The bytes that can end a sentence: line breaks, `.`, `?`, `!` and the
/// first byte of `…`.
const STOPS: [bool; 256] = {
    let mut table = [false; 256];
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[b'.' as usize] = true;
    table[b'?' as usize] = true;
    table[b'!' as usize] = true;
    table[0xE2] = true;
    table
};

/// The position of the first byte at or after `i` that can end a sentence,
/// or `bytes.len()`: most bytes cannot, and are skipped in a tight loop.
fn next_stop(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| STOPS[b as usize]))
        .map_or(bytes.len(), |k| i + k)
}

/// Finds where the sentence starting at `start` ends: returns the end of its
/// text and the position to continue from.
fn find_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = start;
    loop {
        i = next_stop(bytes, i);
        let Some(&b) = bytes.get(i) else {
            break;
        };
        match b {
            b'\n' | b'\r' => {
                // A CR alone is a line end too (old Mac files).
                let after = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                if line_break_ends_sentence(text, after) {
                    return (i, after);
                }
                i = after;
            }
            b'.' | b'?' | b'!' => {
                if let Some(found) = at_terminator(text, start, i) {
                    return found;
                }
                i += 1;
            }
            0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => {
                // U+2026 HORIZONTAL ELLIPSIS
                if let Some(found) = at_terminator(text, start, i) {
                    return found;
                }
                i += 3;
            }
            _ => i += 1,
        }
    }
    (text.len(), text.len())
}

/// After a line break at `after`: does the break end the sentence?
fn line_break_ends_sentence(text: &str, after: usize) -> bool {
    let bytes = text.as_bytes();
    let (next, blank) = skip_line_space(bytes, after);
    if blank || next >= bytes.len() {
        return true;
    }
    match char_at(text, next) {
        Some(c) => !c.is_lowercase(),
        None => true,
    }
}

/// Length in bytes of a terminator (`.`, `?`, `!`, `…`) at `i`, or 0.
fn terminator_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'.' | b'?' | b'!') => 1,
        Some(0xE2) if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => 3,
        _ => 0,
    }
}

/// Length in bytes of a closing quote or bracket at `i`, or 0.
fn closer_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"' | b'\'' | b')' | b']' | b'}') => 1,
        // ” U+201D, ’ U+2019, › U+203A
        Some(0xE2)
            if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0x9D | 0x99 | 0xBA)) =>
        {
            3
        }
        // » U+00BB
        Some(0xC2) if bytes.get(i + 1) == Some(&0xBB) => 2,
        _ => 0,
    }
}

/// At a terminator at `i`: `Some((end, next))` if the sentence ends here.
fn at_terminator(text: &str, start: usize, i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut q = i;
    let mut only_period = true;
    let mut count = 0usize;
    loop {
        let n = terminator_len(bytes, q);
        if n == 0 {
            break;
        }
        if bytes.get(q) != Some(&b'.') {
            only_period = false;
        }
        count += 1;
        q += n;
    }
    let mut closers = false;
    loop {
        let n = closer_len(bytes, q);
        if n == 0 {
            break;
        }
        closers = true;
        q += n;
    }
    // French spacing: "c'est faux. »" keeps the guillemet with its sentence.
    let mut g = q;
    while let Some(c) = char_at(text, g).filter(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}')) {
        g += c.len_utf8();
    }
    if bytes.get(g) == Some(&0xC2) && bytes.get(g + 1) == Some(&0xBB) {
        q = g + 2;
        closers = true;
    }
    if q >= bytes.len() {
        return Some((q, q));
    }
    // Something must separate this sentence from the next.
    match char_at(text, q) {
        Some(c) if is_space(c) => {}
        _ => return None,
    }
    let r = skip_space(text, q);
    if r >= bytes.len() {
        return Some((q, r));
    }
    let next = char_at(text, r)?;
    if next.is_lowercase() || matches!(next, ',' | ';' | ':' | ')' | ']') {
        return None;
    }
    if only_period && count == 1 && !closers && !period_ends_sentence(text, start, i, r, next) {
        return None;
    }
    Some((q, r))
}

/// Titles and other words that never end a sentence with their period.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "cpt", "sgt", "cpl", "pte", "st", "rev", "hon", "maj", "brig", "adm", "cmdr", "cdr",
    "supt", "insp", "det", "pres", "fr", "mt", "ft", "atty", "amb", "sr", "jr", "mssrs", "dept",
    "univ", "assn", "cf", "vs", "v", "viz", "ca", "approx", "eg", "ie", "esp",
];

/// Abbreviations that do not end a sentence when a number follows.
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "art", "arts", "p", "pp", "vol", "fig", "para", "sec", "ch", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tel", "op",
];

/// Abbreviations that end a sentence only before a typical sentence opener.
const AMBIGUOUS: &[&str] = &[
    "inc", "corp", "ltd", "co", "plc", "llc", "bros", "etc", "al", "am", "pm", "govt",
];

/// Words that typically open a sentence, checked after ambiguous abbreviations.
const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "in",
    "on",
    "at",
    "but",
    "and",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "their",
    "our",
    "after",
    "before",
    "when",
    "while",
    "as",
    "if",
    "however",
    "meanwhile",
    "according",
    "some",
    "many",
    "no",
    "one",
    "two",
    "both",
    "last",
    "earlier",
    "later",
    "police",
    "officials",
    "prosecutors",
    "critics",
    "for",
    "since",
    "so",
    "yet",
    "under",
    "among",
    "asked",
    "what",
    "why",
    "how",
    "who",
    "such",
    "still",
    "also",
    "most",
];

fn period_ends_sentence(text: &str, start: usize, dot: usize, next_pos: usize, next: char) -> bool {
    // The word before the period, looked at over at most 16 bytes.
    let bytes = text.as_bytes();
    let lower = dot.saturating_sub(16).max(start);
    let mut w = dot;
    while w > lower {
        let b = bytes.get(w - 1).copied().unwrap_or(b' ');
        if b.is_ascii_whitespace() || matches!(b, b'(' | b'"' | b'[' | b'\'') || !b.is_ascii() {
            break;
        }
        w -= 1;
    }
    let word = match text.get(w..dot) {
        Some(word) if !word.is_empty() => word,
        // A non-ASCII or very long word: not an abbreviation we know.
        _ => return true,
    };
    if w == lower && lower > start && dot - w >= 16 {
        return true;
    }
    let wb = word.as_bytes();
    if wb.len() == 1 && wb[0].is_ascii_alphabetic() {
        // An initial: "J. K. Rowling", "Harry S. Truman".
        return !wb[0].is_ascii_uppercase();
    }
    let mut lowered = [0u8; 16];
    let n = wb.len().min(16);
    for (dst, src) in lowered.iter_mut().zip(wb.iter()) {
        *dst = src.to_ascii_lowercase();
    }
    let lowered = std::str::from_utf8(&lowered[..n]).unwrap_or("");
    // The word without its inner periods ("e.g" -> "eg"), on the stack.
    let mut plain = [0u8; 16];
    let mut m = 0;
    for b in lowered.bytes().filter(|&b| b != b'.') {
        if let Some(slot) = plain.get_mut(m) {
            *slot = b;
            m += 1;
        }
    }
    let plain = std::str::from_utf8(plain.get(..m).unwrap_or(&[])).unwrap_or("");
    if TITLES.contains(&plain) {
        return false;
    }
    if next.is_ascii_digit() && BEFORE_NUMBER.contains(&plain) {
        return false;
    }
    let dotted = lowered.contains('.')
        && lowered
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'.');
    if dotted || AMBIGUOUS.contains(&plain) {
        return next_word_is_opener(text, next_pos);
    }
    true
}

fn next_word_is_opener(text: &str, pos: usize) -> bool {
    let rest = text.get(pos..).unwrap_or("");
    let word: String = rest
        .chars()
        .take(16)
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if word.is_empty() {
        // A quote, a digit or a bracket: a new sentence.
        return true;
    }
    OPENERS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).map(|s| s.text).collect()
    }

    #[test]
    fn empty_and_blank_inputs_give_nothing() {
        assert!(split("").is_empty());
        assert!(split(" \n\t\r\n ").is_empty());
        assert!(split("\u{feff}").is_empty());
    }

    #[test]
    fn spans_point_into_the_input() {
        let text = "First one.  Second one?\n\nThird";
        for s in sentences(text) {
            assert_eq!(&text[s.start..s.end], s.text);
        }
        assert_eq!(split(text), ["First one.", "Second one?", "Third"]);
    }

    #[test]
    fn titles_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Okafor met Dr. Lin and J. K. Rowling."),
            ["Gen. Okafor met Dr. Lin and J. K. Rowling."]
        );
    }

    #[test]
    fn acronym_at_end_splits_before_an_opener_only() {
        assert_eq!(
            split("He lives in the U.S. The firm denied it."),
            ["He lives in the U.S.", "The firm denied it."]
        );
        assert_eq!(split("The U.S. Navy said so."), ["The U.S. Navy said so."]);
    }

    #[test]
    fn runs_of_punctuation_are_linear_and_whole() {
        let text = "!".repeat(100_000);
        assert_eq!(split(&text).len(), 1);
        let text = ". ".repeat(50_000);
        assert!(split(&text).len() <= 50_000);
    }

    #[test]
    fn lone_carriage_returns_split_lines() {
        assert_eq!(
            split("HEADLINE\rBody text here."),
            ["HEADLINE", "Body text here."]
        );
        assert_eq!(split("Line one.\r\nLine two."), ["Line one.", "Line two."]);
    }
}
