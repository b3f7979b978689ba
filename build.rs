//! Compiles the bundled protocol files (`src/protocol/bundled.rs`) at build
//! time with the widget's own loader, into the compact encoding
//! (`src/protocol/compact.rs`) that `protocol::bundled()` decodes. The widget
//! then carries no TOML parser; a file with mistakes is compiled as its list
//! of errors, which `bundled()` returns, as it did when it parsed at run time.
#![allow(dead_code, unused_imports)]

#[path = "src/protocol/anchors.rs"]
mod anchors;
#[path = "src/protocol/bundled.rs"]
mod bundled;
#[path = "src/protocol/compact.rs"]
mod compact;
#[path = "src/protocol/load.rs"]
mod load;
#[path = "src/protocol/model.rs"]
mod model;

use load::ProtocolError;

fn main() {
    for path in [
        "protocols",
        "src/protocol/anchors.rs",
        "src/protocol/bundled.rs",
        "src/protocol/compact.rs",
        "src/protocol/load.rs",
        "src/protocol/model.rs",
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    for (file, _) in bundled::BUNDLED {
        println!("cargo:rerun-if-changed=protocols/{file}");
    }
    let results: Vec<_> = bundled::BUNDLED
        .iter()
        .map(|(file, text)| {
            // A bundled protocol without an anchor on every cite is a broken
            // file, compiled as its errors (tests/protocols.rs checks the
            // anchors against the sources themselves).
            let strict = load::Options {
                require_anchors: true,
                sources: &[],
            };
            load::load(&format!("protocols/{file}"), text, &strict).map(|l| l.protocol)
        })
        .collect();
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(
        out.join("bundled-protocols.txt"),
        compact::encode_all(&results),
    )
    .expect("write the compiled protocols");
}
