//! Lists the files in the project's `protocols/` as `protocol::BUNDLED` (file name, text),
//! so that adding a partnership is adding a file: no Rust change. The
//! widget's own code never reads this list (its protocols are data files,
//! `core/src/protocol/data.rs`); the native tools and the tests do.

use std::fmt::Write as _;

fn main() {
    // The protocol files stay at the top of the project, beside this crate.
    println!("cargo:rerun-if-changed=../protocols");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../protocols");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("read protocols/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for name in &files {
        println!("cargo:rerun-if-changed=../protocols/{name}");
        let path = dir.join(name);
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("write to a string");
    }
    out.push(']');
    let target = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(target.join("bundled.rs"), out).expect("write the protocol list");
}
