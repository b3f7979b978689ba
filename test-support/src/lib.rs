//! What the workspace's tests share, in one dev-dependency instead of files
//! included by path: the fixture case for the form ([`form_fixture`]), the
//! golden files ([`golden`]), the one markup check ([`markup`]), the case
//! with five attempts ([`five_attempts`]), the scenario tests' helpers
//! ([`scenario`]) and the one random-number generator ([`rng`]) and the workspace root ([`root`]),
//! from which `protocols/`, `tests/fixtures/`, `tests/golden/` and
//! `../shared/seeds` are found whichever crate's test runs.

use std::path::PathBuf;

pub mod five_attempts;
pub mod form_fixture;
pub mod golden;
pub mod markup;
pub mod rng;
pub mod scenario;

/// The workspace root: the folder holding `protocols/` and `tests/`.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("test-support sits in the workspace root")
        .to_path_buf()
}
