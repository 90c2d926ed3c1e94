//! Fuzzy search over name, provider, category and summaries in both languages.
//!
//! A keystroke that extends the previous query only rescans the previous hits: a fuzzy match of the
//! longer query is always a match of the shorter one.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use super::model::{Catalog, Tool};

/// Precomputed haystacks, one per tool, in catalogue order.
pub struct Index {
    haystacks: Vec<Utf32String>,
    names: Vec<Utf32String>,
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
        let haystacks = tools
            .iter()
            .map(|t| {
                Utf32String::from(
                    format!(
                        "{} | {} | {} | {} | {}",
                        t.name,
                        t.provider.name,
                        category_names(&t.category),
                        t.summary.de,
                        t.summary.en
                    )
                    .as_str(),
                )
            })
            .collect();
        let names = tools
            .iter()
            .map(|t| Utf32String::from(t.name.as_str()))
            .collect();
        Index { haystacks, names }
    }

    pub fn len(&self) -> usize {
        self.haystacks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.haystacks.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Position of the tool in the catalogue.
    pub tool: usize,
    pub score: u32,
}

pub struct Searcher {
    matcher: Matcher,
    previous: Option<(String, Vec<Hit>)>,
}

impl Default for Searcher {
    fn default() -> Self {
        Searcher {
            matcher: Matcher::new(Config::DEFAULT),
            previous: None,
        }
    }
}

/// A hit in the name ranks above a hit only in the summaries.
const NAME_BONUS: u32 = 1000;

impl Searcher {
    /// Tools matching `query`, best first; all tools in catalogue order for an empty query.
    pub fn search(&mut self, index: &Index, query: &str) -> Vec<Hit> {
        let query = query.trim_start();
        if query.trim().is_empty() {
            self.previous = None;
            return (0..index.len())
                .map(|tool| Hit { tool, score: 0 })
                .collect();
        }
        let pattern = pattern(query);
        let narrowed = self
            .previous
            .as_ref()
            .filter(|(prev, _)| query.starts_with(prev.as_str()) && !prev.ends_with('\\'))
            .map(|(_, hits)| hits.iter().map(|h| h.tool).collect::<Vec<_>>());
        let candidates: Box<dyn Iterator<Item = usize>> = match narrowed {
            Some(tools) => Box::new(tools.into_iter()),
            None => Box::new(0..index.len()),
        };
        let mut hits: Vec<Hit> = candidates
            .filter_map(|tool| {
                let score = pattern.score(index.haystacks[tool].slice(..), &mut self.matcher)?;
                let name = pattern
                    .score(index.names[tool].slice(..), &mut self.matcher)
                    .map_or(0, |_| NAME_BONUS);
                Some(Hit {
                    tool,
                    score: score + name,
                })
            })
            .collect();
        // stable: equal scores keep catalogue order
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.tool.cmp(&b.tool)));
        self.previous = Some((query.to_string(), hits.clone()));
        hits
    }
}

fn pattern(query: &str) -> Pattern {
    Pattern::new(
        query,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
    )
}

/// Character positions in `text` that match `query`, for highlighting; empty when nothing matches.
pub fn highlight(text: &str, query: &str) -> Vec<usize> {
    if query.trim().is_empty() {
        return Vec::new();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut indices = Vec::new();
    let haystack = Utf32Str::new(text, &mut buf);
    if pattern(query)
        .indices(haystack, &mut matcher, &mut indices)
        .is_none()
    {
        return Vec::new();
    }
    indices.sort_unstable();
    indices.dedup();
    indices.into_iter().map(|i| i as usize).collect()
}
