//! The protocol files shipped with the widget: (file name, text). Kept in a
//! file of its own because `build.rs` includes it too, to compile them.

/// The protocol files shipped with the widget, compiled in: (file name, text).
/// The widget itself uses their compiled form ([`super::bundled`]).
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
