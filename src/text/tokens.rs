//! Word tokens with byte spans, lowercased, numbers replaced by a placeholder.

/// The normalised text of every number token.
///
/// ```
/// let mut t = claimtype::text::Tokens::new();
/// t.tokenize("2,300 troops");
/// assert_eq!(t.iter().next().unwrap().1, claimtype::text::NUMBER_TOKEN);
/// ```
pub const NUMBER_TOKEN: &str = "<num>";

/// What a token is.
///
/// ```
/// use claimtype::text::{TokenKind, Tokens};
/// let mut t = Tokens::new();
/// t.tokenize("In 2019");
/// let kinds: Vec<TokenKind> = t.iter().map(|(tok, _)| tok.kind).collect();
/// assert_eq!(kinds, [TokenKind::Word, TokenKind::Number]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (of any script), possibly with inner apostrophes or hyphens.
    Word,
    /// Starts with a digit: `2019`, `3.5`, `2,300`, `2.3m`.
    Number,
}

/// One token: its byte span in the tokenized text, its kind, and whether it
/// stands inside quotation marks.
///
/// ```
/// let mut t = claimtype::text::Tokens::new();
/// t.tokenize("He said “no deal”.");
/// let (tok, norm) = t.iter().nth(2).unwrap();
/// assert_eq!((norm, tok.start, tok.end, tok.in_quote), ("no", 11, 13, true));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token's first byte.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// Word or number.
    pub kind: TokenKind,
    /// Inside `"..."`, `“...”` or `«...»`.
    pub in_quote: bool,
}

/// A reusable token buffer: tokenizing into it again allocates nothing once
/// it has grown to the size of the longest sentence seen.
///
/// Tokens are maximal runs of letters, digits and combining marks of any
/// script; an apostrophe (`'` or `’`) or hyphen between two such characters
/// stays inside the token (`don't`, `well-known`), and so do `.` and `,`
/// between digits (`3.5`, `2,300`). Words are lowercased (`’` becomes `'`);
/// tokens that start with a digit become [`NUMBER_TOKEN`].
///
/// ```
/// let mut tokens = claimtype::text::Tokens::new();
/// tokens.tokenize("The ministry’s well-known spokesman DENIED it");
/// let words: Vec<&str> = tokens.iter().map(|(_, w)| w).collect();
/// assert_eq!(words, ["the", "ministry's", "well-known", "spokesman", "denied", "it"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    norm: String,
    norm_ends: Vec<usize>,
    /// Per token: is there clause punctuation (`,;:()` or a dash) between
    /// the previous token and this one?
    breaks: Vec<bool>,
}

impl Tokens {
    /// An empty buffer.
    ///
    /// ```
    /// assert!(claimtype::text::Tokens::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of tokens.
    ///
    /// ```
    /// let mut t = claimtype::text::Tokens::new();
    /// t.tokenize("one two");
    /// assert_eq!(t.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when there are no tokens.
    ///
    /// ```
    /// let mut t = claimtype::text::Tokens::new();
    /// t.tokenize("?!");
    /// assert!(t.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The tokens with their normalised text, in order.
    ///
    /// ```
    /// let mut t = claimtype::text::Tokens::new();
    /// t.tokenize("Ça va");
    /// assert_eq!(t.iter().map(|(_, w)| w).collect::<Vec<_>>(), ["ça", "va"]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&Token, &str)> + '_ {
        self.tokens
            .iter()
            .enumerate()
            .map(move |(i, tok)| (tok, self.norm_of(i)))
    }

    /// The token at `i`, if any.
    ///
    /// ```
    /// let mut t = claimtype::text::Tokens::new();
    /// t.tokenize("a b");
    /// assert_eq!(t.get(1).map(|(_, w)| w), Some("b"));
    /// assert!(t.get(2).is_none());
    /// ```
    pub fn get(&self, i: usize) -> Option<(&Token, &str)> {
        self.tokens.get(i).map(|tok| (tok, self.norm_of(i)))
    }

    /// Whether clause punctuation (`, ; : ( )`, an en or em dash) stands
    /// between token `i - 1` and token `i`.
    pub(crate) fn clause_break_before(&self, i: usize) -> bool {
        self.breaks.get(i).copied().unwrap_or(false)
    }

    /// Whether token `i` is a word (not a number; false past the end).
    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// Whether token `i` stands inside quotation marks (false past the end).
    pub(crate) fn in_quote(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.in_quote)
    }

    fn norm_of(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.norm_ends.get(i - 1).copied().unwrap_or(0)
        };
        let end = self.norm_ends.get(i).copied().unwrap_or(start);
        self.norm.get(start..end).unwrap_or("")
    }

    /// Replaces the content with the tokens of `text`.
    ///
    /// ```
    /// let mut t = claimtype::text::Tokens::new();
    /// t.tokenize("first text");
    /// t.tokenize("second");
    /// assert_eq!(t.len(), 1);
    /// ```
    pub fn tokenize(&mut self, text: &str) {
        self.tokens.clear();
        self.norm.clear();
        self.norm_ends.clear();
        self.breaks.clear();
        let bytes = text.as_bytes();
        let mut in_quote = false;
        let mut clause_break = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if ASCII_WORD[b as usize] != 0 {
                    i = self.word(text, i, in_quote);
                    self.breaks.push(std::mem::take(&mut clause_break));
                    continue;
                }
                match b {
                    b'"' => in_quote = !in_quote,
                    b',' | b';' | b':' | b'(' | b')' => clause_break = true,
                    _ => {}
                }
                i += 1;
                continue;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            if is_word_char(c) {
                i = self.word(text, i, in_quote);
                self.breaks.push(std::mem::take(&mut clause_break));
                continue;
            }
            match c {
                '“' | '«' | '„' => in_quote = true,
                '”' | '»' => in_quote = false,
                '—' | '–' => clause_break = true,
                _ => {}
            }
            i += c.len_utf8();
        }
    }

    /// Reads the word starting at `start`; returns the position after it.
    fn word(&mut self, text: &str, start: usize, in_quote: bool) -> usize {
        let bytes = text.as_bytes();
        let first_digit = bytes.get(start).is_some_and(u8::is_ascii_digit);
        let norm_start = self.norm.len();
        let mut i = start;
        while let Some(&b) = bytes.get(i) {
            let lower = ASCII_WORD[b as usize];
            if lower != 0 {
                if !first_digit {
                    self.norm.push(lower as char);
                }
                i += 1;
                continue;
            }
            if b.is_ascii() {
                // Inner joiners: apostrophe, hyphen; '.' and ',' between
                // digits (the character before a joiner is always part of
                // the word).
                let joins = match b {
                    b'\'' | b'-' => true,
                    b'.' | b',' => text
                        .get(..i)
                        .and_then(|t| t.chars().next_back())
                        .is_some_and(char::is_numeric),
                    _ => false,
                };
                if joins && continues_word(text, i + 1, b == b'.' || b == b',') {
                    if !first_digit {
                        self.norm.push(b as char);
                    }
                    i += 1;
                    continue;
                }
                break;
            }
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                break;
            };
            if is_word_char(c) {
                if !first_digit {
                    self.norm.extend(c.to_lowercase());
                }
                i += c.len_utf8();
                continue;
            }
            if (c == '’' || c == '‐' || c == '\u{2011}')
                && continues_word(text, i + c.len_utf8(), false)
            {
                if !first_digit {
                    self.norm.push(if c == '’' { '\'' } else { '-' });
                }
                i += c.len_utf8();
                continue;
            }
            break;
        }
        if first_digit {
            self.norm.push_str(NUMBER_TOKEN);
        }
        debug_assert!(self.norm.len() >= norm_start);
        self.tokens.push(Token {
            start,
            end: i,
            kind: if first_digit {
                TokenKind::Number
            } else {
                TokenKind::Word
            },
            in_quote,
        });
        self.norm_ends.push(self.norm.len());
        i
    }
}

/// Each byte's lowercase form if it is an ASCII letter or digit, else 0.
const ASCII_WORD: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Letters, digits and combining marks of any script, and the zero-width
/// joiners that hold emoji and some scripts together.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{200C}' | '\u{200D}')
}

/// Does a word character (a digit, when `digit` is set) follow at `i`?
fn continues_word(text: &str, i: usize, digit: bool) -> bool {
    match text.get(i..).and_then(|r| r.chars().next()) {
        Some(c) if digit => c.is_ascii_digit(),
        Some(c) => is_word_char(c),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut t = Tokens::new();
        t.tokenize(text);
        t.iter().map(|(_, w)| w.to_string()).collect()
    }

    #[test]
    fn numbers_become_the_placeholder() {
        assert_eq!(
            words("$2.3m, 3.5 per cent, 2,300 and 14:05"),
            ["<num>", "<num>", "per", "cent", "<num>", "and", "<num>", "<num>"]
        );
    }

    #[test]
    fn punctuation_at_word_edges_is_dropped() {
        assert_eq!(words("'quoted' -dash- end."), ["quoted", "dash", "end"]);
    }

    #[test]
    fn scripts_and_marks_stay_in_words() {
        assert_eq!(
            words("Київ заявив; Zoë’s café"),
            ["київ", "заявив", "zoë's", "café"]
        );
        assert_eq!(words("e\u{301}te\u{301}"), ["e\u{301}te\u{301}"]);
        assert_eq!(words("الشرطة قالت"), ["الشرطة", "قالت"]);
    }

    #[test]
    fn spans_cover_the_original_bytes() {
        let text = "Ünited NATIONS’ report";
        let mut t = Tokens::new();
        t.tokenize(text);
        let spans: Vec<&str> = t.iter().map(|(tok, _)| &text[tok.start..tok.end]).collect();
        assert_eq!(spans, ["Ünited", "NATIONS", "report"]);
    }

    #[test]
    fn quotes_are_tracked() {
        let mut t = Tokens::new();
        t.tokenize(r#"He said "we deny it" today"#);
        let q: Vec<bool> = t.iter().map(|(tok, _)| tok.in_quote).collect();
        assert_eq!(q, [false, false, true, true, true, false]);
    }

    #[test]
    fn clause_punctuation_between_tokens_is_marked() {
        let mut t = Tokens::new();
        t.tokenize("Police said, (in Kyiv) 2,300 fled — ok: well-known; yes–no");
        let breaks: Vec<bool> = (0..t.len()).map(|i| t.clause_break_before(i)).collect();
        // police said in kyiv <num> fled ok well-known yes no
        assert_eq!(
            breaks,
            [false, false, true, false, true, false, true, true, true, true]
        );
        assert!(!t.clause_break_before(99));
    }

    #[test]
    fn controls_and_emoji_do_not_break_it() {
        assert_eq!(words("a\0b\u{7}c 👍🏽 d"), ["a", "b", "c", "d"]);
        assert!(words("").is_empty());
    }
}
