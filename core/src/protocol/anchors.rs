//! Finding an anchor (a short phrase copied from the source) in a source
//! text, and the nearest passage when it is not there.
//!
//! Matching is word for word after normalising what copying from a web page
//! or a PDF changes without changing the words: runs of whitespace, curly
//! and straight quote marks, and the several dashes. Case and punctuation
//! otherwise count.

/// How an anchor was found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Character for character (whitespace aside): a link's text fragment
    /// will highlight it.
    Exactly,
    /// Only once quote marks or dashes are normalised: the words are right,
    /// but a browser may not highlight it.
    Normalised,
    No,
}

/// One character as matching sees it.
fn fold(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        c => c,
    }
}

/// The words of a text, whitespace of any kind and length between them.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

fn joined(words: &[&str], folded: bool) -> String {
    let s = words.join(" ");
    if folded {
        s.chars().map(fold).collect()
    } else {
        s
    }
}

/// Whether `anchor` occurs in `text`.
pub fn find(anchor: &str, text: &str) -> Found {
    let a = words(anchor);
    let t = words(text);
    if a.is_empty() {
        return Found::No;
    }
    // Padding with spaces keeps a match inside one word run from matching a
    // part of a longer run only at the ends; inner word parts are allowed
    // (an anchor may start or end mid-sentence, not mid-word).
    let hay = format!(" {} ", joined(&t, false));
    if contains_words(&hay, &joined(&a, false)) {
        return Found::Exactly;
    }
    let hay = format!(" {} ", joined(&t, true));
    if contains_words(&hay, &joined(&a, true)) {
        return Found::Normalised;
    }
    Found::No
}

/// `needle` occurs in `hay` starting and ending at word boundaries, where a
/// boundary may also be punctuation next to the needle's own (an anchor
/// "the LSCB Chair" matches "the LSCB Chair." and "(the LSCB Chair").
fn contains_words(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = hay[..start].chars().next_back();
        let after = hay[end..].chars().next();
        let edge = |c: Option<char>, inner: Option<char>| {
            c.is_none_or(|c| !c.is_alphanumeric()) || inner.is_some_and(|i| !i.is_alphanumeric())
        };
        if edge(before, needle.chars().next()) && edge(after, needle.chars().next_back()) {
            return true;
        }
        from = start + needle.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The passage of `text` most like `anchor`: the run of as many words
/// (give or take two) with the fewest word edits, as the source writes it.
/// `None` when nothing shares even one word with the anchor.
pub fn nearest(anchor: &str, text: &str) -> Option<String> {
    let a: Vec<String> = words(anchor).iter().map(|w| key(w)).collect();
    let t_raw = words(text);
    let t: Vec<String> = t_raw.iter().map(|w| key(w)).collect();
    if a.is_empty() || t.is_empty() {
        return None;
    }
    let mut best: Option<(usize, usize, usize)> = None; // (distance, start, len)
    for len in a.len().saturating_sub(2).max(1)..=a.len() + 2 {
        for start in 0..t.len().saturating_sub(len - 1) {
            let window = &t[start..start + len];
            if !window.iter().any(|w| a.contains(w)) {
                continue;
            }
            let d = word_distance(&a, window);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, start, len));
            }
        }
    }
    let (d, start, len) = best?;
    // More edits than words kept: nothing like it.
    (d < a.len()).then(|| t_raw[start..start + len].join(" "))
}

/// A word as the nearest-passage search compares it: folded, lower case,
/// without surrounding punctuation.
fn key(word: &str) -> String {
    word.chars()
        .map(fold)
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Word-level edit distance.
fn word_distance(a: &[String], b: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The Board Manager will determine a course of action\n  including reporting to the LSCB Chair.\nIf it\u{2019}s an emergency call 999 \u{2013} now.";

    #[test]
    fn exact_across_line_breaks_and_spacing() {
        assert_eq!(
            find("course of action including reporting", TEXT),
            Found::Exactly
        );
        assert_eq!(find("reporting to the LSCB Chair", TEXT), Found::Exactly);
        assert_eq!(find("If it\u{2019}s an emergency", TEXT), Found::Exactly);
    }

    #[test]
    fn quotes_and_dashes_match_only_normalised() {
        assert_eq!(find("If it's an emergency", TEXT), Found::Normalised);
        assert_eq!(find("call 999 - now", TEXT), Found::Normalised);
    }

    #[test]
    fn a_changed_word_or_a_part_word_is_not_found() {
        assert_eq!(find("course of action which may include", TEXT), Found::No);
        assert_eq!(find("Board Manager will decide", TEXT), Found::No);
        assert_eq!(find("oard Manager will", TEXT), Found::No);
        assert_eq!(find("Board Manager wil", TEXT), Found::No);
        assert_eq!(find("", TEXT), Found::No);
    }

    #[test]
    fn case_counts() {
        assert_eq!(find("the board manager will", TEXT), Found::No);
    }

    #[test]
    fn nearest_passage_for_a_near_miss() {
        assert_eq!(
            nearest("will determine a course of action which may include", TEXT).as_deref(),
            Some("will determine a course of action including")
        );
        assert_eq!(nearest("zebra crossing lights", TEXT), None);
    }
}
