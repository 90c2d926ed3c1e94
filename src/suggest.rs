//! "Did you mean ...?": the closest of some known words to a misspelt one (config keys, tool ids).

/// `word`'s closest candidate by edit distance, if it is close enough to be a misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_close_words() {
        let keys = ["bind", "public_url", "database_url"];
        assert_eq!(closest("public_ulr", keys), Some("public_url"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("threma", ["threema", "signal"]), Some("threema"));
        assert_eq!(closest("Chat", ["chat", "video"]), Some("chat"));
    }
}
