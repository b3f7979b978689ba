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
