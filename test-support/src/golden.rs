//! Golden files under `tests/golden/`. `UPDATE_GOLDEN=1` rewrites them;
//! otherwise a missing or different file fails with the first differing line.

use std::path::PathBuf;

/// The workspace's `tests/golden/`, whichever crate's test asks.
pub fn dir() -> PathBuf {
    crate::root().join("tests/golden")
}

/// Compares `actual` with the golden file `name`, or rewrites it.
pub fn check(name: &str, actual: &str) -> Result<(), String> {
    let path = dir().join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path).map_err(|e| {
        format!(
            "{}: {e}. A new protocol or renderer? Run `UPDATE_GOLDEN=1 cargo test --workspace` and review the new file.",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let (n, (e, a)) = expected
        .lines()
        .chain(std::iter::repeat("<end of file>"))
        .zip(actual.lines().chain(std::iter::repeat("<end of file>")))
        .enumerate()
        .find(|(_, (e, a))| e != a)
        .unwrap_or((0, ("", "")));
    Err(format!(
        "{} differs at line {}:\n  expected: {e}\n  actual:   {a}\nIf the change is intended, run `UPDATE_GOLDEN=1 cargo test --workspace` and review the diff.",
        path.display(),
        n + 1
    ))
}
