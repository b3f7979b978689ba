//! The repository's own promises: the LICENSE file is the licence every
//! crate's Cargo.toml names.

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
