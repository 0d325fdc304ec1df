//! Cue words written for this project, by the kind of claim they signal.
//!
//! Each list holds surface forms; they are stemmed with the model's own
//! stemmer when a vectorizer is built, so every inflection of a listed word
//! that stems alike is a cue too. The lists are stored inside model files,
//! so a model keeps the lexicon it was trained with.

/// Cue categories. The position in [`CUE_LISTS`] is the category id.
pub(crate) const CATEGORIES: [&str; 9] = [
    "accuse",
    "deny",
    "evidence",
    "attribution",
    "hedge",
    "institution",
    "procedure",
    "negation",
    "testimony",
];

/// Category id of negation words (used to mark negated cues).
pub(crate) const NEGATION: usize = 7;

/// Category id of attribution verbs (used to find the attribution clause).
pub(crate) const ATTRIBUTION: usize = 3;

pub(crate) const CUE_LISTS: [&[&str]; 9] = [
    // accuse
    &[
        "accuse", "accused", "accusation", "allege", "alleged", "allegation", "charge", "charged", "indict",
        "indicted", "indictment", "suspect", "suspected", "suspicion", "blame", "blamed", "sue", "sued", "lawsuit",
        "complaint", "warrant", "fraud", "bribe", "bribery", "corrupt", "corruption", "abuse", "abused", "crime",
        "crimes", "illegal", "illegally", "unlawful", "embezzle", "embezzlement", "launder", "laundering",
        "smuggle", "smuggling", "torture", "tortured", "rape", "murder", "kill", "killed", "attack", "cover-up",
        "misconduct", "wrongdoing", "violate", "violated", "violation", "breach", "breached", "implicated",
        "culprit", "perpetrator", "guilty", "criminal", "scheme", "fraudulent", "fabricated", "falsified",
        "manipulated", "rigged", "stole", "stolen", "theft", "exploit", "exploited", "negligence", "negligent",
        "harass", "harassment", "assault", "arrest", "arrested", "detained", "wanted", "prosecute", "prosecuted",
        "accuser", "whistleblower", "critics", "condemn", "condemned",
    ],
    // deny
    &[
        "deny", "denied", "denies", "denial", "reject", "rejected", "dismiss", "dismissed", "dispute", "disputed",
        "refute", "refuted", "rebut", "baseless", "unfounded", "false", "falsely", "untrue", "fake", "lie",
        "lies", "nonsense", "groundless", "fabrication", "categorically", "innocent", "innocence", "insist",
        "insisted", "contest", "contested", "misleading", "inaccurate", "incorrect", "wrong", "smear", "slander",
        "defamatory", "doctored", "debunk", "debunked", "hoax", "myth", "rumour", "rumor", "speculation",
        "politically", "motivated", "absurd", "ridiculous", "distort", "distorted", "pleaded", "plead",
    ],
    // evidence
    &[
        "found", "find", "finding", "findings", "show", "showed", "shows", "shown", "reveal", "revealed",
        "record", "records", "recorded", "document", "documents", "documented", "footage", "video", "photo",
        "photos", "photograph", "image", "images", "satellite", "data", "audit", "autopsy", "analysis", "test",
        "tests", "sample", "samples", "lab", "laboratory", "forensic", "recovered", "seized", "counted",
        "measured", "detected", "traces", "email", "emails", "messages", "transcript", "report", "inquiry",
        "investigation", "concluded", "conclusion", "examined", "review", "evidence", "according", "obtained",
        "seen", "leaked", "figures", "statistics", "percent", "per", "cent",
    ],
    // attribution
    &[
        "said", "say", "says", "told", "tell", "according", "added", "stated", "wrote", "statement", "spokesman",
        "spokeswoman", "spokesperson", "quoted", "explained", "noted", "remarked", "tweeted", "posted",
        "interview", "reporters", "briefing",
    ],
    // hedge
    &[
        "reportedly", "allegedly", "apparently", "appear", "appeared", "appears", "seem", "seemed", "may",
        "might", "could", "possibly", "likely", "unverified", "unconfirmed", "purportedly", "purported",
        "suggest", "suggests", "suggested", "believed", "thought",
    ],
    // institution
    &[
        "ministry", "minister", "government", "police", "court", "judge", "prosecutor", "prosecutors", "agency",
        "department", "office", "official", "officials", "authorities", "army", "military", "company", "firm",
        "council", "commission", "committee", "regulator", "union", "federation", "embassy", "spokesman",
        "president", "secretary", "board", "parliament", "tribunal", "ombudsman", "un", "nato", "eu", "ngo",
        "party", "group", "club", "hospital", "university", "bank",
    ],
    // procedure
    &[
        "announce", "announced", "confirm", "confirmed", "call", "called", "urge", "urged", "launch", "launched",
        "open", "opened", "order", "ordered", "suspend", "suspended", "ban", "banned", "sanction", "sanctions",
        "sentence", "sentenced", "hearing", "appeal", "ruled", "ruling", "decision", "decided", "plan", "plans",
        "will", "would", "comment", "declined", "vowed", "pledged", "promised", "welcomed", "cooperate",
        "cooperating", "recall", "recalled", "fine", "fined", "postponed", "adjourned", "summoned", "approved",
        "resign", "resigned", "fired", "dismissal", "demand", "demanded", "request", "requested",
    ],
    // negation
    &[
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "n't", "don't", "didn't",
        "doesn't", "wasn't", "weren't", "isn't", "aren't", "hasn't", "haven't", "hadn't", "won't", "cannot",
        "can't", "couldn't", "wouldn't",
    ],
    // testimony
    &[
        "saw", "heard", "witness", "witnesses", "testified", "testimony", "recalled", "described", "watched",
        "survivor", "survivors", "victim", "victims", "neighbour", "neighbor", "resident", "residents",
        "eyewitness", "remembered", "recounted",
    ],
];

/// Common English function words, removed from word n-grams only when
/// `remove_stopwords` is set. Negations and attribution verbs are not here.
pub(crate) const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "with", "from", "and", "or", "but", "as",
    "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he",
    "she", "they", "his", "her", "their", "them", "him", "we", "our", "you", "your", "i", "me", "my", "which",
    "who", "whom", "what", "there", "here", "than", "then", "also", "has", "have", "had", "do", "does", "did",
    "into", "about", "over", "after", "before", "up", "out", "so", "such",
];
