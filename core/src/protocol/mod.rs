//! The protocol model, loading with source positions, and validation.

pub mod anchors;
mod bundled;
mod check;
pub mod compact;
pub mod data;
mod load;
mod model;
pub mod readability;
pub mod when;

pub use bundled::BUNDLED;
pub use check::{check_json, compile};
pub use load::{
    load, load_str, render_errors, render_warnings, suggest, Loaded, Options, ProtocolError,
    SourceFile, MAX_FILE_BYTES,
};
pub use model::*;
pub use when::{Facts, When};

/// Loads every file in `protocols/` ([`BUNDLED`]) with [`load_str`]. For
/// the native tools and the tests: it needs the TOML parser, which the
/// widget's own wasm does not carry (a test checks that its wasm holds no
/// protocol text).
pub fn bundled() -> Result<Vec<Protocol>, Vec<ProtocolError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (file, text) in BUNDLED {
        match load_str(&format!("protocols/{file}"), text) {
            Ok(p) => out.push(p),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_data_file_reads_back_as_the_protocol_it_was_compiled_from() {
        for p in bundled().expect("bundled protocols load") {
            assert_eq!(data::read(&data::write(&p)), Ok(p));
        }
    }

    /// The synthetic fixture uses every kind of condition (`when`).
    #[test]
    fn conditions_round_trip_and_a_deep_nest_is_refused() {
        let text = include_str!("../../../tests/fixtures/engine-synthetic.toml");
        let p = load_str("engine-synthetic.toml", text).expect("the synthetic fixture loads");
        let conditioned = p
            .tips
            .iter()
            .chain(&p.after_resolution)
            .chain(&p.form.recipients);
        assert!(conditioned.filter(|t| t.when.is_some()).count() >= 6);
        assert_eq!(data::read(&data::write(&p)), Ok(p));
        // `not` nested far beyond MAX_DEPTH: refused, not recursed into.
        let mut deep = String::new();
        for _ in 0..10_000 {
            deep.push_str("2;");
        }
        deep.push_str("5;0;");
        let mut r = compact::Reader::new(&deep);
        let _ = <When as compact::Compact>::dec(&mut r);
        assert!(r.failed());
    }

    #[test]
    fn the_encoding_round_trips_errors_and_refuses_damage() {
        let errors = load_str("x.toml", "id = 3\n[source]\ntitle = \"é ✓\"\n").unwrap_err();
        let text = compact::encode(&Err(errors.clone()));
        assert_eq!(compact::decode(&text), Some(Err(errors)));
        let good = compact::encode(&Ok(bundled().unwrap().remove(0)));
        for cut in [0, 1, 2, good.len() / 2, good.len() - 1] {
            if let Some(part) = good.get(..cut) {
                assert_eq!(compact::decode(part), None, "cut at {cut}");
            }
        }
        assert_eq!(compact::decode(&format!("{good}1;")), None);
        assert_eq!(compact::decode("X"), None);
    }

    #[test]
    fn a_damaged_value_inside_is_refused_not_read_as_a_placeholder() {
        // `E`, one error: file, line, column, path, message, help (None).
        let one = "E1;1;f2;3;0;1;m0;";
        assert!(matches!(compact::decode(one), Some(Err(e)) if e.len() == 1));
        // A count far beyond the input: refused at once, nothing allocated.
        assert_eq!(
            compact::decode("E18446744073709551615;1;f2;3;0;1;m0;"),
            None
        );
        assert_eq!(compact::decode("E99999999999999999999999;"), None);
        // An Option flag that is neither 0 nor 1, a line number that is not one.
        assert_eq!(compact::decode("E1;1;f2;3;0;1;m2;"), None);
        assert_eq!(compact::decode("E1;1;f2;x;0;1;m0;"), None);
        // A string longer than what is left.
        assert_eq!(compact::decode("E1;9;f2;3;0;1;m0;"), None);
    }
}
