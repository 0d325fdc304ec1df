//! Turning one tokenized sentence into feature keys.
//!
//! A key is a `u64`: the family (namespace) in the top four bits, a payload
//! below. Word n-grams are keyed from stem ids, character n-grams from a
//! rolling FNV-1a hash; no string is built per feature.

use super::lexicon::{ATTRIBUTION, CATEGORIES, NEGATION};
use super::params::FeatureParams;
use crate::model::{IDF_LANE, ROW};
use crate::text::{TokenKind, Tokens, NUMBER_TOKEN};

pub(crate) const NS_WORD1: u64 = 1;
pub(crate) const NS_WORD2: u64 = 2;
pub(crate) const NS_WORD3: u64 = 3;
pub(crate) const NS_CHAR: u64 = 4;
pub(crate) const NS_CUE: u64 = 5;
pub(crate) const NS_CLAUSE: u64 = 6;
pub(crate) const NS_SHAPE: u64 = 7;

/// Ids of stems for trigrams are packed 20 bits each.
pub(crate) const MAX_STEMS: usize = 1 << 20;
/// No stem (an unknown word).
pub(crate) const UNKNOWN: u32 = u32::MAX;
/// Bit in a stem's mask marking a stop word.
pub(crate) const STOP_BIT: u16 = 1 << 15;

pub(crate) const REGION_MAIN: u8 = 0;
pub(crate) const REGION_ATTRIBUTION: u8 = 1;
pub(crate) const REGION_QUOTE: u8 = 2;
pub(crate) const REGION_LEAD: u8 = 3;
pub(crate) const N_REGIONS: usize = 4;
/// Cue contexts: the three regions (lead counts as main) and "negated".
pub(crate) const N_CUE_CONTEXTS: usize = 4;
pub(crate) const N_SHAPES: usize = 6;

pub(crate) const fn key(ns: u64, payload: u64) -> u64 {
    (ns << 60) | (payload & ((1 << 60) - 1))
}

pub(crate) const fn namespace(key: u64) -> u64 {
    key >> 60
}

pub(crate) const fn payload(key: u64) -> u64 {
    key & ((1 << 60) - 1)
}

/// Interned strings in one buffer, with ids `0..len` in insertion order.
pub(crate) type Strings = string_interner::StringInterner<
    string_interner::backend::StringBackend<string_interner::symbol::SymbolU32>,
    rustc_hash::FxBuildHasher,
>;

fn sym_id(s: string_interner::symbol::SymbolU32) -> u32 {
    use string_interner::Symbol;
    s.to_usize() as u32
}

/// Stems: the stem strings with their ids and cue masks, and (at fit time
/// only) every surface form seen with its stem id, so that each training
/// word is stemmed once. A loaded model has no surface table: at inference
/// words go through the per-thread [`WordCache`]. Strings live in
/// interners (one buffer each), so loading allocates per table, not per word.
#[derive(Debug, Clone)]
pub(crate) struct WordTable {
    /// Surface forms (fit time); a surface's id indexes `surface_stems`.
    surfaces: Strings,
    surface_stems: Vec<u32>,
    /// Stems; a stem's id indexes `masks`.
    stems: Strings,
    masks: Vec<u16>,
    stemmer: Option<StemmerBox>,
}

/// `rust_stemmers::Stemmer` is neither `Debug` nor `Clone`; this wrapper is.
pub(crate) struct StemmerBox(rust_stemmers::Stemmer);

impl std::fmt::Debug for StemmerBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(English)")
    }
}

impl Clone for StemmerBox {
    fn clone(&self) -> Self {
        english()
    }
}

fn english() -> StemmerBox {
    StemmerBox(rust_stemmers::Stemmer::create(
        rust_stemmers::Algorithm::English,
    ))
}

impl WordTable {
    /// An empty table with room for the given number of stems.
    pub(crate) fn with_capacity(stem: bool, stems: usize) -> Self {
        let mut table = WordTable {
            surfaces: Strings::new(),
            surface_stems: Vec::new(),
            stems: Strings::with_capacity_and_hasher(stems.max(1), Default::default()),
            masks: Vec::with_capacity(stems.max(1)),
            stemmer: stem.then(english),
        };
        table.intern_stem(NUMBER_TOKEN);
        table
    }

    pub(crate) fn new(stem: bool) -> Self {
        Self::with_capacity(stem, 0)
    }

    /// The stem of a lowercased word (the word itself without stemming).
    pub(crate) fn stem_of<'w>(&self, word: &'w str) -> std::borrow::Cow<'w, str> {
        match &self.stemmer {
            Some(s) if word != NUMBER_TOKEN => s.0.stem(word),
            _ => std::borrow::Cow::Borrowed(word),
        }
    }

    pub(crate) fn intern_stem(&mut self, stem: &str) -> u32 {
        let id = sym_id(self.stems.get_or_intern(stem));
        if id as usize >= self.masks.len() {
            self.masks.push(0);
        }
        id
    }

    /// Learns a surface form (fit time only).
    pub(crate) fn learn(&mut self, word: &str) -> u32 {
        if let Some(sid) = self.surfaces.get(word) {
            return self.surface_stem(sym_id(sid));
        }
        let stem = self.stem_of(word).into_owned();
        let id = self.intern_stem(&stem);
        self.surfaces.get_or_intern(word);
        self.surface_stems.push(id);
        id
    }

    /// Drops the fit-time surface table (a model file does not keep it).
    pub(crate) fn forget_surfaces(&mut self) {
        self.surfaces = Strings::new();
        self.surface_stems = Vec::new();
    }

    /// Number of stems.
    pub(crate) fn n_stems(&self) -> usize {
        self.masks.len()
    }

    /// The text of stem `id`.
    pub(crate) fn stem_name(&self, id: u32) -> Option<&str> {
        use string_interner::Symbol;
        self.stems
            .resolve(string_interner::symbol::SymbolU32::try_from_usize(
                id as usize,
            )?)
    }

    /// Stems in id order.
    pub(crate) fn stem_names(&self) -> impl Iterator<Item = &str> + '_ {
        self.stems.iter().map(|(_, s)| s)
    }

    fn surface_stem(&self, surface: u32) -> u32 {
        self.surface_stems
            .get(surface as usize)
            .copied()
            .unwrap_or(UNKNOWN)
    }

    /// Stem id (or [`UNKNOWN`]) of a lowercased word: the surface table
    /// first (at fit time), else the stemmer.
    pub(crate) fn lookup(&self, word: &str) -> u32 {
        if let Some(sid) = self.surfaces.get(word) {
            return self.surface_stem(sym_id(sid));
        }
        let stem = self.stem_of(word);
        self.stems.get(stem.as_ref()).map_or(UNKNOWN, sym_id)
    }

    /// Marks the stems of the lexicon's words with their categories, adding
    /// stems the corpus lacked, and stop words when asked.
    pub(crate) fn set_masks(&mut self, lexicon: &[Vec<String>], stopwords: &[&str]) {
        for (cat, words) in lexicon.iter().enumerate().take(15) {
            for word in words {
                let stem = self.stem_of(word).into_owned();
                let id = self.intern_stem(&stem) as usize;
                if let Some(m) = self.masks.get_mut(id) {
                    *m |= 1 << cat;
                }
            }
        }
        for word in stopwords {
            let stem = self.stem_of(word).into_owned();
            let id = self.intern_stem(&stem) as usize;
            if let Some(m) = self.masks.get_mut(id) {
                *m |= STOP_BIT;
            }
        }
    }

    pub(crate) fn mask(&self, id: u32) -> u16 {
        self.masks.get(id as usize).copied().unwrap_or(0)
    }
}

/// One feature occurrence: by key, or (for character n-grams at inference,
/// from the [`WordCache`]) directly by feature index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Feature<'a> {
    Key(u64),
    Index(u32),
    /// Scoring only (a [`CharLookup`] with weights): a word's unigram
    /// feature (or [`UNKNOWN`]) and character n-gram occurrences,
    /// with the precomputed sum of their scoring terms (see [`row_term`]).
    Word {
        sum: &'a Terms,
        unigram: u32,
        chars: &'a [u32],
    },
}

/// What inference needs to turn words into features through the
/// [`WordCache`]: the character bucket-to-index and unigram tables, the
/// identity of their owner, and (for scoring) the weight rows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CharLookup<'a> {
    pub(crate) buckets: &'a [u32],
    /// Unigram feature index by stem id.
    pub(crate) unigrams: &'a [u32],
    /// Identity of the vectorizer, and of the weights when given (a cache
    /// filled for another owner is emptied).
    pub(crate) owner: u64,
    /// Scoring rows by feature index (idf in lane [`IDF_LANE`]): when
    /// given, the cache keeps each word's terms for [`Feature::Word`].
    pub(crate) rows: Option<&'a [[f32; ROW]]>,
}

/// Per-thread cache of words: each one's stem id and character n-gram
/// feature indices (and, for scoring, the sum of their scoring terms), so a
/// word is stemmed and hashed once, then costs one hash lookup. Bounded: at
/// most [`WORD_CACHE_LIMIT`] words of at most [`WordCache::MAX_WORD`] bytes
/// and [`WordCache::MAX_CHARS`] feature indices in all (about 8 MB); when
/// full it starts again empty before the next sentence, and until then words
/// not in it are looked up directly.
#[derive(Debug, Clone)]
pub(crate) struct WordCache {
    owner: u64,
    /// The cached words; a word's id is its entry number.
    words: Strings,
    /// Per entry: stem id, and the range of its character n-gram feature
    /// indices in `chars`.
    entries: Vec<(u32, u32, u32)>,
    chars: Vec<u32>,
    /// Per entry, when the owner has weights: the sum of the scoring terms
    /// of the word's unigram and character n-grams, and its unigram
    /// feature (or [`UNKNOWN`]).
    sums: Vec<(Terms, u32)>,
}

impl Default for WordCache {
    fn default() -> Self {
        WordCache {
            owner: 0,
            words: Strings::new(),
            entries: Vec::new(),
            chars: Vec::new(),
            sums: Vec::new(),
        }
    }
}

/// Vectorizers whose word caches a thread keeps at once (so that using two
/// models in turn does not empty the cache at every call).
const CACHES_PER_THREAD: usize = 4;

/// Moves the word cache of vectorizer `owner` to the front of `caches`,
/// reusing the least recently used one when there are already
/// [`CACHES_PER_THREAD`], and prepares it for a sentence.
fn select_cache(caches: &mut Vec<WordCache>, owner: u64) {
    match caches.iter().position(|c| c.owner == owner) {
        Some(0) => {}
        Some(i) => {
            if let Some(head) = caches.get_mut(..=i) {
                head.rotate_right(1);
            }
        }
        None if caches.len() < CACHES_PER_THREAD => caches.insert(0, WordCache::default()),
        None => caches.rotate_right(1),
    }
    if let Some(cache) = caches.first_mut() {
        cache.claim(owner);
    }
}

/// Words a [`WordCache`] holds at most.
pub(crate) const WORD_CACHE_LIMIT: usize = 32_768;

impl WordCache {
    const MAX_ENTRIES: usize = WORD_CACHE_LIMIT;
    const MAX_WORD: usize = 64;
    const MAX_CHARS: usize = 1 << 20;

    fn full(&self) -> bool {
        self.entries.len() >= Self::MAX_ENTRIES || self.chars.len() >= Self::MAX_CHARS
    }

    /// Called before each sentence: empties the cache if it was filled for
    /// another vectorizer or is full (never during a sentence, whose tokens
    /// hold entry numbers).
    fn claim(&mut self, owner: u64) {
        if self.owner != owner || self.full() {
            self.words = Strings::new();
            self.entries.clear();
            self.chars.clear();
            self.sums.clear();
            self.owner = owner;
        }
    }

    /// `(entry, stem id)` of a word; entry is [`UNKNOWN`] for a word too
    /// long to keep.
    fn find(
        &mut self,
        word: &str,
        words: &WordTable,
        params: &FeatureParams,
        lookup: CharLookup<'_>,
        pos: &mut Vec<usize>,
    ) -> (u32, u32) {
        if let Some(e) = self.words.get(word).map(sym_id) {
            let stem = self.entries.get(e as usize).map_or(UNKNOWN, |x| x.0);
            return (e, stem);
        }
        let stem = words.lookup(word);
        if word.len() > Self::MAX_WORD || self.full() {
            return (UNKNOWN, stem);
        }
        let e = sym_id(self.words.get_or_intern(word));
        let start = self.chars.len() as u32;
        if let Some(scored) = word_features(word, stem, words, params, lookup, pos, &mut self.chars)
        {
            self.sums.push(scored);
        }
        self.entries.push((stem, start, self.chars.len() as u32));
        (e, stem)
    }

    fn chars(&self, entry: u32) -> Option<&[u32]> {
        let &(_, start, end) = self.entries.get(entry as usize)?;
        self.chars.get(start as usize..end as usize)
    }

    /// With a [`CharLookup`] that has weights: the word's terms and
    /// unigram feature.
    fn scored(&self, entry: u32) -> Option<&(Terms, u32)> {
        self.sums.get(entry as usize)
    }
}

/// Scoring terms: lanes `0..K` for the labels' `sum(tf * idf * w)`, lane
/// [`IDF_LANE`] for the squared norm `sum((tf * idf)^2)`. In `f64`, so that
/// sums of many occurrences minus their corrections lose nothing that
/// matters in `f32`.
pub(crate) type Terms = [f64; IDF_LANE + 1];

/// One occurrence of feature `i` as scoring terms: its weights times its
/// idf, and its idf squared (products of `f32`s, exact in `f64`).
#[inline]
pub(crate) fn row_term(rows: &[[f32; ROW]], i: u32) -> Terms {
    let mut term = [0.0; IDF_LANE + 1];
    if let Some(row) = rows.get(i as usize) {
        let idf = f64::from(row[IDF_LANE]);
        for (t, &w) in term.iter_mut().zip(row).take(IDF_LANE) {
            *t = idf * f64::from(w);
        }
        term[IDF_LANE] = idf * idf;
    }
    term
}

/// Adds `term` to `total`, its label lanes times `scale` and its norm lane
/// times `norm_scale`.
#[inline]
pub(crate) fn add_terms(total: &mut Terms, term: &Terms, scale: f64, norm_scale: f64) {
    for (t, x) in total.iter_mut().zip(term).take(IDF_LANE) {
        *t += scale * x;
    }
    total[IDF_LANE] += norm_scale * term[IDF_LANE];
}

/// The sum of [`row_term`] over the occurrences `ix`.
fn row_sum<'a>(rows: &[[f32; ROW]], ix: impl Iterator<Item = &'a u32>) -> Terms {
    let mut sum = [0.0; IDF_LANE + 1];
    for &i in ix {
        add_terms(&mut sum, &row_term(rows, i), 1.0, 1.0);
    }
    sum
}

/// Appends the character n-gram feature indices of `word` (stem id `stem`)
/// to `ix`; with weights, also returns the sum of the scoring terms of the
/// word's unigram and those n-grams, and its unigram feature (or
/// [`UNKNOWN`]). Cached words and words the cache does not hold both go
/// through here, so a sentence's scores do not depend on what is cached.
fn word_features(
    word: &str,
    stem: u32,
    words: &WordTable,
    params: &FeatureParams,
    lookup: CharLookup<'_>,
    pos: &mut Vec<usize>,
    ix: &mut Vec<u32>,
) -> Option<(Terms, u32)> {
    let start = ix.len();
    char_indices(word, params, lookup.buckets, pos, ix);
    let rows = lookup.rows?;
    let stop = params.remove_stopwords && words.mask(stem) & STOP_BIT != 0;
    let unigram = match lookup.unigrams.get(stem as usize) {
        Some(&i) if !stop => i,
        _ => UNKNOWN,
    };
    let own = (unigram != UNKNOWN).then_some(&unigram);
    let chars = ix.get(start..).unwrap_or_default();
    Some((row_sum(rows, chars.iter().chain(own)), unigram))
}

/// Appends the feature indices of the character n-grams of `word` that are
/// in the vocabulary (repeats kept: they count).
fn char_indices(
    word: &str,
    params: &FeatureParams,
    buckets: &[u32],
    pos: &mut Vec<usize>,
    ix: &mut Vec<u32>,
) {
    if let Some((lo, hi)) = params.char_ngrams {
        let bits = params.char_bucket_bits as u32;
        char_ngrams(word, lo as usize, hi as usize, bits, pos, |b| {
            if let Some(&i) = buckets.get(b as usize) {
                if i != u32::MAX {
                    ix.push(i);
                }
            }
        });
    }
}

/// Per-sentence working buffers, reused from call to call.
#[derive(Debug, Default, Clone)]
pub(crate) struct TextScratch {
    pub(crate) tokens: Tokens,
    pub(crate) ids: Vec<u32>,
    pub(crate) regions: Vec<u8>,
    /// Each token's [`WordCache`] entry (or [`UNKNOWN`]).
    entries: Vec<u32>,
    /// Word caches of the vectorizers this thread has used lately, the one
    /// in use first.
    caches: Vec<WordCache>,
    filtered: Vec<(u32, u32)>,
    char_pos: Vec<usize>,
    /// The character n-gram indices of a word the cache does not hold.
    word_chars: Vec<u32>,
}

/// Extracts the features of `text`, calling `emit(feature, first_token,
/// last_token)` for each occurrence (token indices, for explanations).
///
/// With `chars` (inference), words go through the per-thread [`WordCache`]
/// and their character n-grams are emitted as feature indices
/// ([`Feature::Index`]); everything else is emitted by key ([`Feature::Key`]).
pub(crate) fn extract(
    params: &FeatureParams,
    words: &WordTable,
    text: &str,
    s: &mut TextScratch,
    chars: Option<CharLookup<'_>>,
    mut emit: impl FnMut(Feature, u32, u32),
) {
    s.tokens.tokenize(text);
    s.ids.clear();
    s.entries.clear();
    if let Some(lookup) = chars {
        select_cache(&mut s.caches, lookup.owner);
    }
    // With weights, words go out as `Feature::Word`.
    let scoring = chars.filter(|c| c.rows.is_some());
    for (tok, norm) in s.tokens.iter() {
        let (entry, id) = match (tok.kind, chars) {
            (TokenKind::Number, _) => (UNKNOWN, 0),
            (TokenKind::Word, Some(lookup)) => match s.caches.first_mut() {
                Some(cache) => cache.find(norm, words, params, lookup, &mut s.char_pos),
                None => (UNKNOWN, words.lookup(norm)),
            },
            (TokenKind::Word, None) => (UNKNOWN, words.lookup(norm)),
        };
        s.ids.push(id);
        s.entries.push(entry);
        // Scoring: a word's unigram and character n-grams at once, from
        // the cache or (a word it does not hold) computed the same way now.
        let (Some(lookup), TokenKind::Word) = (scoring, tok.kind) else {
            continue;
        };
        let cache = s.caches.first();
        let fresh;
        let (ix, &(ref sum, unigram)) =
            match cache.and_then(|c| Some((c.chars(entry)?, c.scored(entry)?))) {
                Some(cached) => cached,
                None => {
                    s.word_chars.clear();
                    let (pos, ix) = (&mut s.char_pos, &mut s.word_chars);
                    fresh = word_features(norm, id, words, params, lookup, pos, ix);
                    match &fresh {
                        Some(terms) => (s.word_chars.as_slice(), terms),
                        None => continue,
                    }
                }
            };
        let ti = (s.entries.len() - 1) as u32;
        emit(
            Feature::Word {
                sum,
                unigram,
                chars: ix,
            },
            ti,
            ti,
        );
    }
    let n = s.ids.len();
    // Tokens whose unigram and character n-grams went out as a
    // `Feature::Word`: with weights, every word.
    let scored = |i: usize| scoring.is_some() && s.tokens.is_word(i);

    // Word n-grams over the (optionally stop-word-filtered) stem sequence.
    s.filtered.clear();
    for (i, &id) in s.ids.iter().enumerate() {
        if params.remove_stopwords && id != UNKNOWN && words.mask(id) & STOP_BIT != 0 {
            continue;
        }
        s.filtered.push((id, i as u32));
    }
    for (j, &(id, ti)) in s.filtered.iter().enumerate() {
        if id == UNKNOWN {
            continue;
        }
        if !scored(ti as usize) {
            emit(Feature::Key(key(NS_WORD1, id as u64)), ti, ti);
        }
        if params.word_ngrams >= 2 && j >= 1 {
            if let Some(&(prev, pi)) = s.filtered.get(j - 1) {
                if prev != UNKNOWN {
                    emit(
                        Feature::Key(key(NS_WORD2, ((prev as u64) << 30) | id as u64)),
                        pi,
                        ti,
                    );
                    if params.word_ngrams >= 3 && j >= 2 {
                        if let Some(&(pp, ppi)) = s.filtered.get(j - 2) {
                            if pp != UNKNOWN
                                && (pp as usize) < MAX_STEMS
                                && (prev as usize) < MAX_STEMS
                                && (id as usize) < MAX_STEMS
                            {
                                let payload =
                                    ((pp as u64) << 40) | ((prev as u64) << 20) | id as u64;
                                emit(Feature::Key(key(NS_WORD3, payload)), ppi, ti);
                            }
                        }
                    }
                }
            }
        }
    }

    // Character n-grams inside word boundaries.
    if let Some((lo, hi)) = params.char_ngrams {
        let bits = params.char_bucket_bits as u32;
        for (i, (tok, norm)) in s.tokens.iter().enumerate() {
            if tok.kind == TokenKind::Number {
                continue;
            }
            let ti = i as u32;
            let entry = s.entries.get(i).copied().unwrap_or(UNKNOWN);
            if scored(i) {
                continue;
            }
            // Only inference (`chars`) gives tokens cache entries.
            if entry != UNKNOWN {
                if let Some(ix) = s.caches.first().and_then(|c| c.chars(entry)) {
                    for &f in ix {
                        emit(Feature::Index(f), ti, ti);
                    }
                    continue;
                }
            }
            char_ngrams(
                norm,
                lo as usize,
                hi as usize,
                bits,
                &mut s.char_pos,
                |bucket| emit(Feature::Key(key(NS_CHAR, bucket)), ti, ti),
            );
        }
    }

    if n == 0 || !(params.cues || params.clauses) {
        return;
    }
    find_regions(words, s);

    if params.cues {
        let mut any_attr = false;
        let mut any_quote = false;
        let mut any_number = false;
        let mut last_negation: Option<usize> = None;
        for i in 0..n {
            let id = s.ids.get(i).copied().unwrap_or(UNKNOWN);
            let region = s.regions.get(i).copied().unwrap_or(REGION_MAIN);
            any_attr |= region == REGION_ATTRIBUTION;
            any_quote |= region == REGION_QUOTE;
            any_number |= id == 0;
            let mask = if id == UNKNOWN {
                0
            } else {
                words.mask(id) & !STOP_BIT
            };
            if mask == 0 {
                continue;
            }
            let ctx = match region {
                REGION_ATTRIBUTION => 1,
                REGION_QUOTE => 2,
                _ => 0,
            };
            let negated = last_negation.is_some_and(|j| i - j <= 3);
            for cat in 0..CATEGORIES.len() {
                if mask & (1 << cat) == 0 {
                    continue;
                }
                let t = i as u32;
                emit(
                    Feature::Key(key(NS_CUE, (cat * N_CUE_CONTEXTS + ctx) as u64)),
                    t,
                    t,
                );
                if negated && cat != NEGATION {
                    emit(
                        Feature::Key(key(NS_CUE, (cat * N_CUE_CONTEXTS + 3) as u64)),
                        t,
                        t,
                    );
                }
            }
            if mask & (1 << NEGATION) != 0 {
                last_negation = Some(i);
            }
        }
        let last = n.saturating_sub(1) as u32;
        let mut shape = |code: u64| emit(Feature::Key(key(NS_SHAPE, code)), 0, last);
        if any_attr {
            shape(0);
        }
        if any_quote {
            shape(1);
        }
        if any_number {
            shape(2);
        }
        if n < 6 {
            shape(3);
        } else if n > 35 {
            shape(4);
        }
        if text.trim_end().ends_with('?') {
            shape(5);
        }
    }

    if params.clauses {
        for i in 0..n {
            let id = s.ids.get(i).copied().unwrap_or(UNKNOWN);
            let region = s.regions.get(i).copied().unwrap_or(REGION_MAIN);
            if id == UNKNOWN || region == REGION_MAIN {
                continue;
            }
            emit(
                Feature::Key(key(NS_CLAUSE, ((region as u64) << 32) | id as u64)),
                i as u32,
                i as u32,
            );
        }
    }
}

/// Marks each token as main clause, attribution, quotation, or lead of the
/// content after an attribution.
fn find_regions(words: &WordTable, s: &mut TextScratch) {
    let n = s.ids.len();
    s.regions.clear();
    s.regions.extend(s.tokens.iter().map(|(tok, _)| {
        if tok.in_quote {
            REGION_QUOTE
        } else {
            REGION_MAIN
        }
    }));
    // Clause segments: runs of tokens with no clause punctuation between them.
    let mut seg_start = 0;
    for i in 1..=n {
        let boundary = i == n || {
            s.tokens.in_quote(i - 1) != s.tokens.in_quote(i) || s.tokens.clause_break_before(i)
        };
        if boundary {
            mark_segment(words, s, seg_start, i);
            seg_start = i;
        }
    }
}

fn mark_segment(words: &WordTable, s: &mut TextScratch, a: usize, b: usize) {
    let is_attr = |i: usize| {
        let id = s.ids.get(i).copied().unwrap_or(UNKNOWN);
        id != UNKNOWN && words.mask(id) & (1 << ATTRIBUTION) != 0
    };
    let Some(j) = (a..b).find(|&i| is_attr(i) && s.regions.get(i) == Some(&REGION_MAIN)) else {
        return;
    };
    let mark = |regions: &mut Vec<u8>, i: usize, r: u8| {
        if let Some(x) = regions.get_mut(i) {
            if *x == REGION_MAIN {
                *x = r;
            }
        }
    };
    if b - a <= 8 {
        for i in a..b {
            mark(&mut s.regions, i, REGION_ATTRIBUTION);
        }
        return;
    }
    if j - a >= 8 {
        return;
    }
    let mut end = j + 1;
    if s.tokens.get(end).is_some_and(|(_, w)| w == "that") {
        end += 1;
    }
    for i in a..end {
        mark(&mut s.regions, i, REGION_ATTRIBUTION);
    }
    for i in end..(end + 3).min(b) {
        mark(&mut s.regions, i, REGION_LEAD);
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Calls `emit(bucket)` for each character n-gram of `<word>` with
/// `lo <= n <= hi`, hashed with FNV-1a and reduced to `bits` bits.
pub(crate) fn char_ngrams(
    word: &str,
    lo: usize,
    hi: usize,
    bits: u32,
    pos: &mut Vec<usize>,
    mut emit: impl FnMut(u64),
) {
    let bytes = word.as_bytes();
    // ASCII fast path: the units are the bytes of "<word>" in a stack buffer.
    let mut buf = [0u8; 64];
    if word.is_ascii() && bytes.len() + 2 <= buf.len() {
        let units = bytes.len() + 2;
        buf[0] = b'<';
        buf[1..=bytes.len()].copy_from_slice(bytes);
        buf[units - 1] = b'>';
        let seq = &buf[..units];
        for start in 0..units {
            let mut h = FNV_OFFSET;
            for (k, &b) in seq
                .iter()
                .enumerate()
                .take(units.min(start + hi))
                .skip(start)
            {
                h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
                let n = k - start + 1;
                if n >= lo && !(n == 1 && (k == 0 || k == units - 1)) {
                    emit(h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits));
                }
            }
        }
        return;
    }
    // Unit k of "<word>": 0 is '<', 1..=m the characters, m + 1 is '>'.
    pos.clear();
    if word.is_ascii() {
        pos.extend(0..=bytes.len());
    } else {
        pos.extend(word.char_indices().map(|(i, _)| i));
        pos.push(bytes.len());
    }
    let m = pos.len().saturating_sub(1);
    let units = m + 2;
    let unit = |k: usize| -> &[u8] {
        if k == 0 {
            b"<"
        } else if k == m + 1 {
            b">"
        } else {
            let s = pos.get(k - 1).copied().unwrap_or(0);
            let e = pos.get(k).copied().unwrap_or(s);
            bytes.get(s..e).unwrap_or(b"")
        }
    };
    for start in 0..units {
        let mut h = FNV_OFFSET;
        for (len, k) in (start..units.min(start + hi)).enumerate() {
            for &b in unit(k) {
                h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
            }
            let n = len + 1;
            if n >= lo && !(n == 1 && (k == 0 || k == m + 1)) {
                emit(h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits));
            }
        }
    }
}

/// The n-gram strings of a word with their buckets (for naming features).
pub(crate) fn char_ngram_strings(
    word: &str,
    lo: usize,
    hi: usize,
    bits: u32,
) -> Vec<(u64, String)> {
    let chars: Vec<char> = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'))
        .collect();
    let mut pos = Vec::new();
    let mut buckets = Vec::new();
    char_ngrams(word, lo, hi, bits, &mut pos, |b| buckets.push(b));
    let mut out = Vec::with_capacity(buckets.len());
    let mut it = buckets.into_iter();
    for start in 0..chars.len() {
        for end in start..chars.len().min(start + hi) {
            let n = end - start + 1;
            let lone_marker = n == 1 && (start == 0 || start == chars.len() - 1);
            if n >= lo && !lone_marker {
                if let (Some(b), Some(slice)) = (it.next(), chars.get(start..=end)) {
                    out.push((b, slice.iter().collect()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_ngrams_count_and_names_agree() {
        let mut pos = Vec::new();
        let mut n = 0;
        char_ngrams("said", 3, 5, 16, &mut pos, |_| n += 1);
        // "<said>" has 6 units: 4 trigrams, 3 four-grams, 2 five-grams.
        assert_eq!(n, 9);
        let named = char_ngram_strings("said", 3, 5, 16);
        assert_eq!(named.len(), 9);
        assert_eq!(named.first().map(|(_, s)| s.as_str()), Some("<sa"));
    }

    #[test]
    fn ascii_fast_path_hashes_like_the_general_path() {
        // The fast path against the named n-grams and a direct FNV-1a over
        // the bytes of "<word>".
        for word in [
            "said",
            "a",
            "denied",
            "well-known",
            "x",
            "prosecutors",
            "ab",
        ] {
            let mut pos = Vec::new();
            let mut fast = Vec::new();
            char_ngrams(word, 2, 5, 16, &mut pos, |b| fast.push(b));
            let named = char_ngram_strings(word, 2, 5, 16);
            assert_eq!(fast, named.iter().map(|(b, _)| *b).collect::<Vec<_>>());
            // The general path on the same units, computed by hand.
            let units: Vec<u8> = std::iter::once(b'<')
                .chain(word.bytes())
                .chain(std::iter::once(b'>'))
                .collect();
            let mut slow = Vec::new();
            for start in 0..units.len() {
                let mut h = FNV_OFFSET;
                for (k, &b) in units.iter().enumerate().take(start + 5).skip(start) {
                    h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
                    let n = k - start + 1;
                    if n >= 2 {
                        slow.push(h.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48);
                    }
                }
            }
            assert_eq!(fast, slow, "{word}");
        }
    }

    #[test]
    fn char_ngrams_handle_non_ascii_by_character() {
        let named = char_ngram_strings("ça", 2, 2, 16);
        let names: Vec<&str> = named.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(names, ["<ç", "ça", "a>"]);
    }

    #[test]
    fn attribution_and_quotes_get_their_regions() {
        let mut table = WordTable::new(true);
        for w in [
            "the", "ministry", "said", "it", "had", "done", "nothing", "wrong", "we", "deny", "he",
        ] {
            table.learn(w);
        }
        let lexicon: Vec<Vec<String>> = super::super::lexicon::CUE_LISTS
            .iter()
            .map(|l| l.iter().map(|w| w.to_string()).collect())
            .collect();
        table.set_masks(&lexicon, &[]);
        let mut s = TextScratch::default();
        let params = FeatureParams::default();
        extract(
            &params,
            &table,
            "The ministry said it had done nothing wrong at all today.",
            &mut s,
            None,
            |_, _, _| {},
        );
        assert_eq!(&s.regions[..6], &[1, 1, 1, 3, 3, 3]);
        extract(
            &params,
            &table,
            "“We deny it,” he said.",
            &mut s,
            None,
            |_, _, _| {},
        );
        assert_eq!(s.regions, [2, 2, 2, 1, 1]);
    }
}
