//! The protocol files in `protocols/`, as `core/build.rs` listed them.

/// Every file in `protocols/`, sorted by name: (file name, text). For the
/// native tools (the data file compiler, the fallback writer) and the tests;
/// the widget loads compiled data files instead ([`super::data`]).
pub const BUNDLED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
