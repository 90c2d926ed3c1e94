//! Fuzzy search over name, provider, category and summaries in both languages.
//!
//! Each field is folded once (lower case, common diacritics removed: "Ä" -> "a"). A query word matches a
//! name or provider when its letters appear in order (a word-start or substring hit scores above a
//! scattered one), and a category or summary only when it appears as one piece: in longer texts nearly
//! every word would match letter by letter, and only from three characters on: one or two letters
//! say nothing about a description. Ranking: a hit in the name beats one in the provider, then the category, then the
//! summaries; several query words must all match. A keystroke that extends the previous query rescans
//! only the previous hits (a match of the longer query is always a match of the shorter one), and large
//! scans are split across the cores. Per tool, a mask of the bytes in the name and provider and a
//! Bloom filter of the byte pairs in the summaries rule most fields out without reading their text.

use std::thread;

use memchr::{memchr, memmem};

use super::model::{Catalog, Tool};

/// Folded haystacks, one set per tool, in catalogue order.
pub struct Index {
    names: Arena,
    providers: Arena,
    summaries: Arena,
    /// Per tool: `byte_mask` of the name, of the provider, and `pair_filter` of the summaries.
    name_bytes: Vec<u64>,
    provider_bytes: Vec<u64>,
    summary_pairs: Vec<PairFilter>,
    categories: Vec<u16>,
    category_names: Vec<Box<str>>,
}

/// Many strings in one allocation, so that a scan reads memory in order.
struct Arena {
    text: String,
    ends: Vec<u32>,
}

impl Arena {
    fn new(items: impl Iterator<Item = String>) -> Self {
        let mut arena = Arena {
            text: String::new(),
            ends: Vec::new(),
        };
        for item in items {
            arena.text.push_str(&fold(&item));
            arena.ends.push(arena.text.len() as u32);
        }
        arena
    }

    /// The folded text of item `i`, as bytes: slicing a `str` would check character boundaries on
    /// every call of the hottest loop.
    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text.as_bytes()[start..self.ends[i] as usize]
    }

    fn items(&self) -> impl Iterator<Item = &[u8]> {
        (0..self.ends.len()).map(|i| self.get(i))
    }
}

/// A set of byte classes as bits: a field can hold a word only if it has every byte of it.
fn byte_mask(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |mask, &b| {
        let bit = match b {
            b'a'..=b'z' => b - b'a',
            b'0'..=b'9' => 26 + b - b'0',
            0..=0x7f => 36 + b % 14,
            _ => 50 + b % 14,
        };
        mask | 1 << bit
    })
}

/// A Bloom filter of the adjacent byte pairs and triples of a text (two cache lines): a text can
/// hold a word as one piece only if it has every pair and triple of it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct PairFilter([u64; 16]);

impl PairFilter {
    fn of(bytes: &[u8]) -> Self {
        let mut filter = PairFilter([0; 16]);
        let mut set = |h: u32| filter.0[(h >> 6) as usize & 15] |= 1 << (h & 63);
        for pair in bytes.windows(2) {
            set(piece_hash(u32::from(pair[0]) << 8 | u32::from(pair[1])));
        }
        for triple in bytes.windows(3) {
            let t = u32::from(triple[0]) << 16 | u32::from(triple[1]) << 8 | u32::from(triple[2]);
            set(piece_hash(t | 1 << 24));
        }
        filter
    }

    fn contains(&self, other: &PairFilter) -> bool {
        self.0.iter().zip(&other.0).all(|(a, b)| a & b == *b)
    }
}

/// Ten bits of a multiplicative hash.
fn piece_hash(piece: u32) -> u32 {
    piece.wrapping_mul(0x9E37_79B1) >> 22
}

impl Index {
    pub fn new(catalog: &Catalog) -> Self {
        Self::from_tools(&catalog.tools, |id| {
            catalog
                .category(id)
                .map(|c| format!("{} {}", c.name.de, c.name.en))
                .unwrap_or_default()
        })
    }

    pub fn from_tools(tools: &[Tool], category_names: impl Fn(&str) -> String) -> Self {
        let mut ids: Vec<&str> = Vec::new();
        let categories = tools
            .iter()
            .map(|t| {
                let pos = ids
                    .iter()
                    .position(|c| *c == t.category)
                    .unwrap_or_else(|| {
                        ids.push(&t.category);
                        ids.len() - 1
                    });
                pos as u16
            })
            .collect();
        let names = Arena::new(tools.iter().map(|t| t.name.clone()));
        let providers = Arena::new(tools.iter().map(|t| t.provider.name.clone()));
        let summaries = Arena::new(
            tools
                .iter()
                .map(|t| format!("{} {}", t.summary.de, t.summary.en)),
        );
        Index {
            name_bytes: names.items().map(byte_mask).collect(),
            provider_bytes: providers.items().map(byte_mask).collect(),
            summary_pairs: summaries.items().map(PairFilter::of).collect(),
            names,
            providers,
            summaries,
            categories,
            category_names: ids.iter().map(|id| fold(&category_names(id))).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.names.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.ends.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position of the tool in the catalogue.
    pub tool: usize,
    pub score: u32,
}

#[derive(Default)]
pub struct Searcher {
    /// The last query and, as a bit set over tools, what it matched.
    previous: Option<(String, Vec<u64>)>,
}

/// Shortest query word that is looked for in summaries.
const SUMMARY_WORD_MIN: usize = 3;

const NAME_BONUS: u32 = 30_000;
const PROVIDER_BONUS: u32 = 20_000;
const CATEGORY_BONUS: u32 = 10_000;
/// Below this many candidates a second thread costs more than it saves.
const PARALLEL_FROM: usize = 20_000;

impl Searcher {
    /// Tools matching `query`, best first; all tools in catalogue order for an empty query.
    pub fn search(&mut self, index: &Index, query: &str) -> Vec<Hit> {
        let words: Vec<Word> = query.split_whitespace().map(Word::new).collect();
        if words.is_empty() {
            self.previous = None;
            return (0..index.len())
                .map(|tool| Hit { tool, score: 0 })
                .collect();
        }
        let query = query.trim_start();
        let narrowed = self
            .previous
            .take()
            .filter(|(prev, _)| narrows(prev, query))
            .map(|(_, bits)| ones(&bits));
        let candidates: Vec<u32> = narrowed.unwrap_or_else(|| (0..index.len() as u32).collect());

        let category_scores: Vec<Vec<Option<u32>>> = words
            .iter()
            .map(|w| {
                index
                    .category_names
                    .iter()
                    .map(|c| substring_score(c.as_bytes(), w))
                    .collect()
            })
            .collect();
        let scan = |chunk: &[u32]| -> Vec<u64> {
            chunk
                .iter()
                .filter_map(|&tool| {
                    score(index, &words, &category_scores, tool as usize).map(|s| key(s, tool))
                })
                .collect()
        };
        let keys = if candidates.len() >= PARALLEL_FROM {
            let threads = thread::available_parallelism()
                .map_or(1, |n| n.get())
                .min(4);
            let size = candidates.len().div_ceil(threads);
            thread::scope(|s| {
                let parts: Vec<_> = candidates
                    .chunks(size)
                    .map(|c| s.spawn(move || scan(c)))
                    .collect();
                parts
                    .into_iter()
                    .flat_map(|p| p.join().expect("search thread"))
                    .collect::<Vec<u64>>()
            })
        } else {
            scan(&candidates)
        };
        // best score first, then catalogue order
        let keys = sort_by_score(keys);
        let hits: Vec<Hit> = keys.into_iter().map(unkey).collect();
        let mut bits = vec![0u64; index.len().div_ceil(64)];
        for hit in &hits {
            bits[hit.tool / 64] |= 1 << (hit.tool % 64);
        }
        self.previous = Some((query.to_string(), bits));
        hits
    }
}

/// Whether every match of `query` is a match of `prev`, so that only the previous hits need a rescan:
/// `query` extends `prev`, and no word grew into the length from which summaries count.
fn narrows(prev: &str, query: &str) -> bool {
    if !query.starts_with(prev) {
        return false;
    }
    let old = prev.split_whitespace().map(|w| w.chars().count());
    let new = query.split_whitespace().map(|w| w.chars().count());
    old.zip(new)
        .all(|(a, b)| (a >= SUMMARY_WORD_MIN) == (b >= SUMMARY_WORD_MIN))
}

/// Sum over the query words of each word's best field; `None` when a word matches no field.
fn score(
    index: &Index,
    words: &[Word],
    categories: &[Vec<Option<u32>>],
    tool: usize,
) -> Option<u32> {
    let mut total = 0;
    for (word, category_scores) in words.iter().zip(categories) {
        let in_name = || {
            (index.name_bytes[tool] & word.bytes == word.bytes)
                .then(|| field_score(index.names.get(tool), word))
                .flatten()
        };
        let in_provider = || {
            (index.provider_bytes[tool] & word.bytes == word.bytes)
                .then(|| field_score(index.providers.get(tool), word))
                .flatten()
        };
        let in_summary = || {
            word.pairs
                .filter(|pairs| index.summary_pairs[tool].contains(pairs))
                .and_then(|_| substring_score(index.summaries.get(tool), word))
        };
        total += if let Some(s) = in_name() {
            s + NAME_BONUS
        } else if let Some(s) = in_provider() {
            s + PROVIDER_BONUS
        } else if let Some(s) = category_scores[usize::from(index.categories[tool])] {
            s + CATEGORY_BONUS
        } else {
            in_summary()?
        };
    }
    Some(total)
}

/// How well one folded word matches one folded field, or `None`.
/// A folded query word, with its substring searcher built once per query.
struct Word {
    text: Box<str>,
    finder: memmem::Finder<'static>,
    /// `byte_mask` of the word.
    bytes: u64,
    /// `PairFilter` of the word; `None` when the word is too short for summaries.
    pairs: Option<PairFilter>,
}

impl Word {
    fn new(raw: &str) -> Self {
        let text = fold(raw);
        let finder = memmem::Finder::new(text.as_bytes()).into_owned();
        let long = text.chars().count() >= SUMMARY_WORD_MIN;
        Word {
            bytes: byte_mask(text.as_bytes()),
            pairs: long.then(|| PairFilter::of(text.as_bytes())),
            text,
            finder,
        }
    }
}

impl Word {
    /// Where the word first occurs in `hay`. Names and providers are short: there a plain loop beats
    /// setting up a vectorised search.
    fn find(&self, hay: &[u8]) -> Option<usize> {
        let needle = self.text.as_bytes();
        if hay.len() >= 64 {
            return self.finder.find(hay);
        }
        let (&first, rest) = needle.split_first()?;
        (0..(hay.len() + 1).checked_sub(needle.len())?)
            .find(|&i| hay[i] == first && hay[i + 1..].starts_with(rest))
    }
}

fn field_score(field: &[u8], word: &Word) -> Option<u32> {
    substring_score(field, word).or_else(|| scattered_score(field, word))
}

/// The word as one piece: at the start of the field, at a word start, or inside a word.
fn substring_score(hay: &[u8], word: &Word) -> Option<u32> {
    let pos = word.find(hay)?;
    let start = if pos == 0 {
        1000
    } else if is_boundary(hay[pos - 1]) {
        600
    } else {
        0
    };
    Some(5000 + start - pos.min(500) as u32)
}

/// The word's letters in order, with gaps: fits short fields such as names; in long texts nearly every
/// word would match this way.
fn scattered_score(hay: &[u8], word: &Word) -> Option<u32> {
    // letters in order; ASCII bytes never occur inside a multi-byte UTF-8 sequence, and a multi-byte
    // needle character is searched as a whole, so byte positions stay on character boundaries
    let mut at = 0;
    let mut gaps = 0;
    let mut first = None;
    for c in word.text.chars() {
        let pos = if c.is_ascii() {
            memchr(c as u8, &hay[at..])?
        } else {
            let mut buf = [0u8; 4];
            memmem::find(&hay[at..], c.encode_utf8(&mut buf).as_bytes())?
        };
        first.get_or_insert(at + pos);
        gaps += pos;
        at += pos + c.len_utf8();
    }
    let first = first.unwrap_or(0);
    let start: u32 = if first == 0 || is_boundary(hay[first - 1]) {
        500
    } else {
        0
    };
    Some((4000u32 + start).saturating_sub(gaps.min(4000) as u32 + first.min(500) as u32))
}

fn is_boundary(byte: u8) -> bool {
    !byte.is_ascii_alphanumeric() && byte < 0x80
}

/// Lower case without common Latin diacritics, one character for one: positions stay comparable.
fn fold(text: &str) -> Box<str> {
    text.chars()
        .map(fold_char)
        .collect::<String>()
        .into_boxed_str()
}

fn fold_char(c: char) -> char {
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    };
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        c => c,
    }
}

/// The set positions of a bit set, ascending.
fn ones(bits: &[u64]) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, &word) in bits.iter().enumerate() {
        let mut w = word;
        while w != 0 {
            out.push(i as u32 * 64 + w.trailing_zeros());
            w &= w - 1;
        }
    }
    out
}

/// Orders keys by score, best first, keeping catalogue order among equal scores: the keys arrive in
/// catalogue order, and a stable radix sort on the score half is linear.
fn sort_by_score(mut keys: Vec<u64>) -> Vec<u64> {
    if keys.len() < 4096 {
        keys.sort_unstable();
        return keys;
    }
    let mut other = vec![0u64; keys.len()];
    for shift in [32, 48] {
        let mut starts = vec![0usize; 1 << 16];
        for k in &keys {
            starts[((k >> shift) & 0xffff) as usize] += 1;
        }
        let mut sum = 0;
        for slot in starts.iter_mut() {
            let n = *slot;
            *slot = sum;
            sum += n;
        }
        for &k in &keys {
            let bucket = ((k >> shift) & 0xffff) as usize;
            other[starts[bucket]] = k;
            starts[bucket] += 1;
        }
        std::mem::swap(&mut keys, &mut other);
    }
    keys
}

fn key(score: u32, tool: u32) -> u64 {
    (u64::from(u32::MAX - score) << 32) | u64::from(tool)
}

fn unkey(key: u64) -> Hit {
    Hit {
        tool: (key & u64::from(u32::MAX)) as usize,
        score: u32::MAX - (key >> 32) as u32,
    }
}

/// Character positions in `text` that match `query`, for highlighting; empty when a word does not match.
pub fn highlight(text: &str, query: &str) -> Vec<usize> {
    let hay: Vec<char> = text.chars().map(fold_char).collect();
    let mut marks = Vec::new();
    for word in query.split_whitespace() {
        let needle: Vec<char> = word.chars().map(fold_char).collect();
        let contiguous = hay
            .windows(needle.len())
            .position(|w| w == needle.as_slice());
        match contiguous {
            Some(start) => marks.extend(start..start + needle.len()),
            None => {
                let mut at = 0;
                for c in &needle {
                    match hay[at..].iter().position(|h| h == c) {
                        Some(pos) => {
                            marks.push(at + pos);
                            at += pos + 1;
                        }
                        None => return Vec::new(),
                    }
                }
            }
        }
    }
    marks.sort_unstable();
    marks.dedup();
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(tools: &[Tool], hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| tools[h.tool].id.clone()).collect()
    }

    #[test]
    fn name_matches_rank_first_and_narrowing_agrees_with_a_fresh_search() {
        let cat = crate::catalog::embedded().unwrap();
        let index = Index::new(&cat);
        let mut s = Searcher::default();
        assert_eq!(ids(&cat.tools, &s.search(&index, "sig"))[0], "signal");
        assert_eq!(
            ids(&cat.tools, &Searcher::default().search(&index, "thrma"))[0],
            "threema"
        );
        for query in ["s", "se", "sel", "self", "self h", "self ho"] {
            let narrowed = s.search(&index, query);
            let fresh = Searcher::default().search(&index, query);
            assert_eq!(narrowed, fresh, "query {query:?}");
        }
    }

    #[test]
    fn summaries_match_words_not_scattered_letters() {
        let cat = crate::catalog::embedded().unwrap();
        let index = Index::new(&cat);
        let hits = Searcher::default().search(&index, "sig");
        assert!(
            hits.len() < cat.tools.len() / 2,
            "{} of {} tools match `sig`",
            hits.len(),
            cat.tools.len()
        );
    }

    #[test]
    fn umlauts_and_case_are_folded_and_summaries_in_both_languages_count() {
        let cat = crate::catalog::embedded().unwrap();
        let index = Index::new(&cat);
        assert!(!Searcher::default().search(&index, "THREEMA").is_empty());
        let de = ids(
            &cat.tools,
            &Searcher::default().search(&index, "Passwörter"),
        );
        let folded = ids(
            &cat.tools,
            &Searcher::default().search(&index, "passworter"),
        );
        let en = ids(&cat.tools, &Searcher::default().search(&index, "passwords"));
        assert!(de.contains(&"keepassxc".to_string()) && en.contains(&"keepassxc".to_string()));
        assert_eq!(de, folded);
        assert!(Searcher::default().search(&index, "qqqzzzxxx").is_empty());
        assert_eq!(
            Searcher::default().search(&index, "  ").len(),
            cat.tools.len()
        );
    }

    #[test]
    fn field_scores_prefer_word_starts_and_substrings() {
        let start = field_score(b"signal messenger", &Word::new("sig")).unwrap();
        let inner = field_score(b"designal", &Word::new("sig")).unwrap();
        let scattered = field_score(b"s i g", &Word::new("sig")).unwrap();
        assert!(
            start > inner && inner > scattered,
            "{start} {inner} {scattered}"
        );
        assert_eq!(field_score(b"signal", &Word::new("x")), None);
        assert_eq!(
            field_score(fold("Über").as_bytes(), &Word::new("ü")),
            Some(6000)
        );
    }

    #[test]
    fn summaries_count_from_three_letters_and_narrowing_crosses_that_length() {
        let cat = crate::catalog::embedded().unwrap();
        let index = Index::new(&cat);
        let fresh = |q: &str| Searcher::default().search(&index, q);
        // a one-word hit scoring below the category bonus was found in a summary
        let from_summary = |hits: Vec<Hit>| hits.iter().any(|h| h.score < CATEGORY_BONUS);
        assert!(!from_summary(fresh("ve")));
        assert!(from_summary(fresh("ver")));
        let mut s = Searcher::default();
        for query in ["v", "ve", "ver", "vere", "vere m", "vere mi", "vere mit"] {
            assert_eq!(s.search(&index, query), fresh(query), "query {query:?}");
        }
    }

    #[test]
    fn filters_never_rule_out_a_real_match() {
        let texts = [
            "signal messenger",
            "über uns",
            "c++ & co",
            "kalo ruta 42",
            "ŁÓDŹ straße",
        ];
        for text in texts {
            let folded = fold(text);
            let hay = folded.as_bytes();
            let (mask, pairs) = (byte_mask(hay), PairFilter::of(hay));
            let chars: Vec<(usize, char)> = folded.char_indices().collect();
            for (i, &(from, _)) in chars.iter().enumerate() {
                for &(to, c) in &chars[i..] {
                    let piece = &folded[from..to + c.len_utf8()];
                    let word = Word::new(piece);
                    assert_eq!(mask & word.bytes, word.bytes, "{piece:?} in {text:?}");
                    if let Some(p) = word.pairs {
                        assert!(pairs.contains(&p), "{piece:?} in {text:?}");
                    }
                }
            }
        }
        assert_ne!(byte_mask(b"signal") & byte_mask(b"x"), byte_mask(b"x"));
    }

    #[test]
    fn radix_sort_orders_like_a_comparison_sort() {
        let mut seed = 42u64;
        let keys: Vec<u64> = (0..10_000u32)
            .map(|tool| {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                key((seed >> 40) as u32 % 50_000, tool)
            })
            .collect();
        let mut expected = keys.clone();
        expected.sort_unstable();
        assert_eq!(sort_by_score(keys), expected);
    }

    #[test]
    fn highlight_marks_matched_characters() {
        assert_eq!(highlight("Signal", "sgl"), vec![0, 2, 5]);
        assert_eq!(highlight("Öffentlich", "off"), vec![0, 1, 2]);
        assert!(highlight("Signal", "xyz").is_empty());
    }
}
