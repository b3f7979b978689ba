//! The protocol model, loading with source positions, and validation.

mod load;
mod model;

pub use load::{load_str, render_errors, suggest, ProtocolError, MAX_FILE_BYTES};
pub use model::*;

/// The protocol files shipped with the widget, compiled in: (file name, text).
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "devon-dcfp.toml",
        include_str!("../../protocols/devon-dcfp.toml"),
    ),
    (
        "devon-schools.toml",
        include_str!("../../protocols/devon-schools.toml"),
    ),
    (
        "sheffield.toml",
        include_str!("../../protocols/sheffield.toml"),
    ),
    ("leeds.toml", include_str!("../../protocols/leeds.toml")),
    (
        "darlington.toml",
        include_str!("../../protocols/darlington.toml"),
    ),
];

/// Loads every bundled protocol. The test suite proves they all validate, so
/// an error here means a broken build, reported rather than panicking.
pub fn bundled() -> Result<Vec<Protocol>, Vec<ProtocolError>> {
    let mut out = Vec::new();
    for (file, text) in BUNDLED {
        out.push(load_str(&format!("protocols/{file}"), text)?);
    }
    Ok(out)
}
