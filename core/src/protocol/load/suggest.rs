//! "Did you mean": the nearest known name to a misspelt key or id.

/// The closest candidate within a small edit distance, for "did you mean".
pub fn suggest<'b>(word: &str, candidates: impl Iterator<Item = &'b str>) -> Option<&'b str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance in which swapping two neighbouring letters (`phnoe` for
/// `phone`) counts as one edit, like a single wrong letter.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        assert_eq!(
            suggest("stage-3", ["stage-2", "route"].into_iter()),
            Some("stage-2")
        );
        assert_eq!(
            suggest("contact_rol", ["contact_role", "cite"].into_iter()),
            Some("contact_role")
        );
        assert_eq!(suggest("zzz", ["children", "adults"].into_iter()), None);
        // A swap of two neighbouring letters is one edit.
        assert_eq!(
            suggest("phnoe", ["name", "phone", "note"].into_iter()),
            Some("phone")
        );
        assert_eq!(edit_distance("phnoe", "phone"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
