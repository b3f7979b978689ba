//! The protocol model, loading with source positions, and validation.

pub mod anchors;
mod bundled;
mod check;
pub mod compact;
mod load;
mod model;
pub mod readability;

pub use bundled::BUNDLED;
pub use check::{check_json, compile};
pub use load::{
    load, load_str, render_errors, render_warnings, suggest, Loaded, Options, ProtocolError,
    SourceFile, MAX_FILE_BYTES,
};
pub use model::*;

/// [`BUNDLED`] as `build.rs` loaded it (with [`load_str`]), in the
/// [`compact`] encoding: the widget needs no TOML parser for them.
const COMPILED: &str = include_str!(concat!(env!("OUT_DIR"), "/bundled-protocols.txt"));

/// Loads every bundled protocol. The test suite proves they all validate, so
/// an error here means a broken build, reported rather than panicking.
pub fn bundled() -> Result<Vec<Protocol>, Vec<ProtocolError>> {
    let broken = || ProtocolError {
        file: "protocols".into(),
        line: 0,
        column: 0,
        path: String::new(),
        message: "the compiled protocols could not be read (rebuild the widget)".into(),
        help: None,
    };
    compact::decode_all(COMPILED)
        .ok_or_else(|| vec![broken()])?
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_protocols_are_the_bundled_files_loaded() {
        let compiled = bundled().expect("bundled protocols compile");
        assert_eq!(compiled.len(), BUNDLED.len());
        for ((file, text), p) in BUNDLED.iter().zip(&compiled) {
            let loaded = load_str(&format!("protocols/{file}"), text).expect("loads");
            assert_eq!(&loaded, p, "{file}");
        }
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
        // One damaged protocol spoils the whole bundle.
        let all = compact::encode_all(&[Err(vec![]), Err(vec![])]);
        assert!(compact::decode_all(&all).is_some());
        assert_eq!(compact::decode_all(&all.replacen("E0;", "E7;", 1)), None);
    }
}
