//! The repository's own promises: the LICENSE file is the licence every
//! crate's Cargo.toml names, and the README (short, opening with the two
//! commands, its options table matching the embed layer, its links inside
//! the repository) stays what its readers need, and no file points at an
//! issue tracker its readers do not have.

use case_resolution_test_support::root;

#[test]
fn the_license_file_is_the_licence_every_crate_names() {
    let license = std::fs::read_to_string(root().join("LICENSE")).expect("a LICENSE file");
    assert!(
        license.starts_with("MIT License\n"),
        "LICENSE is the MIT licence"
    );
    let manifests = [
        "Cargo.toml",
        "core/Cargo.toml",
        "tools/Cargo.toml",
        "test-support/Cargo.toml",
        "docx-export/Cargo.toml",
        "check-export/Cargo.toml",
    ];
    for m in manifests {
        let text = std::fs::read_to_string(root().join(m)).unwrap_or_else(|e| panic!("{m}: {e}"));
        assert!(
            text.lines().any(|l| l.trim() == "license = \"MIT\""),
            "{m} names the MIT licence"
        );
    }
}

/// The README's options table lists exactly the keys the embed layer reads
/// from a page (`src/embed.rs`: `pick("key", "data-attr")` reads both,
/// `string_option(options, "key")` the object only), and with the same
/// attribute; `base` is the loader's own and not a page option.
#[test]
fn the_options_table_lists_exactly_what_the_embed_layer_reads() {
    let embed = std::fs::read_to_string(root().join("src/embed.rs")).unwrap();
    let quoted = |s: &str| -> Vec<String> {
        s.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let mut read: Vec<(String, String)> = Vec::new();
    for line in embed.lines() {
        if let Some(rest) = line.split("pick(\"").nth(1) {
            let q = quoted(&format!("\"{rest}"));
            if q.len() >= 2 {
                read.push((q[0].clone(), q[1].clone()));
            }
        } else if let Some(rest) = line.split("string_option(options, \"").nth(1) {
            let key = rest.split('"').next().unwrap().to_string();
            if key != "base" {
                read.push((key, "—".to_string()));
            }
        }
    }
    read.sort();
    read.dedup();
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("| attribute | option | meaning |")
        .nth(1)
        .expect("the README's options table");
    let mut listed: Vec<(String, String)> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(|c| c.trim().trim_matches('`')).collect();
            (cells[2].to_string(), cells[1].to_string())
        })
        .collect();
    listed.sort();
    assert!(read.len() >= 5, "read from src/embed.rs: {read:?}");
    assert_eq!(
        listed, read,
        "README options (option, attribute) vs src/embed.rs"
    );
}

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).expect("a README.md")
}

/// The README is short enough to read (at most 150 lines), opens with its
/// title and then, before anything else, the two commands CI depends on.
#[test]
fn the_readme_is_short_and_opens_with_the_two_commands() {
    let readme = readme();
    let lines: Vec<&str> = readme.lines().collect();
    assert!(
        lines.len() <= 150,
        "README.md has {} lines, at most 150",
        lines.len()
    );
    assert_eq!(lines.first().copied(), Some("# Case resolution widget"));
    let mut rest = lines[1..].iter().filter(|l| !l.trim().is_empty());
    assert_eq!(
        rest.next().map(|l| l.trim()),
        Some("```sh"),
        "the title is followed by a ```sh block"
    );
    let commands: Vec<&str> = rest
        .take_while(|l| l.trim() != "```")
        .map(|l| l.split('#').next().unwrap().trim())
        .collect();
    assert_eq!(
        commands,
        ["scripts/run.sh", "scripts/test.sh"],
        "the block's commands"
    );
}

/// `text` without its https:// addresses (each as far as the next space,
/// quote, bracket, angle bracket or backtick).
fn without_web_addresses(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("https://") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail
            .find(|c: char| c.is_whitespace() || "\"'()<>`".contains(c))
            .unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Nothing in the README points outside the repository: no `../` path, in
/// a link or in code formatting (web addresses aside).
#[test]
fn the_readme_names_no_path_outside_the_repository() {
    let readme = readme();
    let text = without_web_addresses(&readme);
    let outside: Vec<&str> = text.lines().filter(|l| l.contains("../")).collect();
    assert!(
        outside.is_empty(),
        "README.md names paths outside the repository: {outside:?}"
    );
}

/// The target of every markdown link `[text](target)` in `text`.
fn link_targets(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|s| s.split(')').next())
        .map(|t| t.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

/// Every relative link in the README (`docs/x.md`, `docs/x.md#anchor`)
/// names a file or folder of the repository.
#[test]
fn every_relative_link_in_the_readme_names_a_file_that_exists() {
    let readme = readme();
    let targets = link_targets(&readme);
    let relative: Vec<&String> = targets
        .iter()
        .filter(|t| !t.contains("://") && !t.starts_with("mailto:") && !t.starts_with("tel:"))
        .filter(|t| !t.starts_with('#'))
        .collect();
    assert!(
        relative.len() >= 5,
        "relative links found in README.md: {relative:?}"
    );
    let missing: Vec<&&String> = relative
        .iter()
        .filter(|t| {
            let path = t.split('#').next().unwrap();
            path.is_empty() || path.starts_with('/') || !root().join(path).exists()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "README.md links to files that do not exist: {missing:?}"
    );
}

/// The files a reader of the repository has: those git tracks and those it
/// would add (untracked and not ignored), as paths from the root. Files
/// deleted from the working tree are left out.
fn repository_files() -> Vec<String> {
    let out = std::process::Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(root())
        .output()
        .expect("git runs (this test lists the repository's files with git ls-files)");
    assert!(
        out.status.success(),
        "git ls-files failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .split('\0')
        .filter(|p| !p.is_empty() && root().join(p).is_file())
        .map(str::to_string)
        .collect();
    files.sort();
    files.dedup();
    files
}

/// Whether `line` names a tracker entry by number: the word for one, alone
/// or plural, any case, after no letter, digit or underscore, then one
/// space and a digit. The same test as the regular expression `\b` +
/// word + `s? [0-9]+`, case-insensitive; spelt out so that this file does
/// not hold such a reference itself.
fn names_a_tracker_entry(line: &str) -> bool {
    const WORD: &[u8] = b"issue";
    let bytes = line.as_bytes();
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.char_indices().any(|(start, _)| {
        let Some(candidate) = bytes.get(start..start + WORD.len()) else {
            return false;
        };
        if !candidate.eq_ignore_ascii_case(WORD)
            || line[..start].chars().next_back().is_some_and(is_word)
        {
            return false;
        }
        let mut rest = &bytes[start + WORD.len()..];
        if rest.first().is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
            rest = &rest[1..];
        }
        rest.first() == Some(&b' ') && rest.get(1).is_some_and(u8::is_ascii_digit)
    })
}

#[test]
fn the_tracker_reference_check_matches_as_the_pattern_does() {
    let word = "issue";
    let upper = word.to_uppercase();
    for yes in [
        format!("({word} 16)"),
        format!("{word} 27: immediate harm"),
        format!("{upper} 20's record"),
        format!("{word}s 29 and 30"),
        format!("{word} 1"),
        format!("—{word} 5, after a dash"),
    ] {
        assert!(names_a_tracker_entry(&yes), "{yes:?}");
    }
    for no in [
        format!("{word}s directly"),
        format!("{word}  16 (two spaces)"),
        format!("non{word} 16"),
        format!("{word}#16"),
        format!("{word}d 16"),
        format!("{word}:16"),
        format!("é{word} 16"),
    ] {
        assert!(!names_a_tracker_entry(&no), "{no:?}");
    }
}

/// Comments and documents say what they mean, not which entry of an issue
/// tracker it came from: a reader of the repository has no such tracker.
/// Every text file git tracks or would add is read; binary files (a NUL
/// byte in the first 8000, as git decides) are skipped.
#[test]
fn no_references_to_issue_numbers() {
    let mut found = Vec::new();
    for path in repository_files() {
        let bytes = std::fs::read(root().join(&path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        if bytes.iter().take(8000).any(|&b| b == 0) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            if names_a_tracker_entry(line) {
                found.push(format!("{path}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} line(s) refer to an issue tracker by number; say the reason or \
         the subject instead:\n{}",
        found.len(),
        found.join("\n")
    );
}
