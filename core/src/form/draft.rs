//! The JSON draft: every answer under a versioned schema, so "Load draft"
//! restores exactly the state that "Save draft" wrote.
//!
//! ```json
//! { "schema": 2, "protocol": "devon-dcfp", "answers": { … } }
//! ```
//!
//! Loading reads the `schema` number first. A newer schema is refused (the
//! file was made by a newer widget); an older one goes through [`migrate`],
//! one version at a time, before it is read as the current one.
//!
//! Reading ([`from_json`]) is serde_json's deserialiser. It runs only in the
//! on-demand checker module ([`read_for_widget`]): the widget never calls it,
//! so none of it is linked into the widget's initial wasm.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::guidance::{Answers, Attempt, Basis, Details, Outcome};
use crate::protocol::compact::{compact_struct, enc_str, Compact, Reader};

/// The schema version this widget writes: 2 added an attempt's review
/// date, outstanding issues, who follows them up and who decided, and
/// three outcomes.
pub const CURRENT: u32 = 2;
/// The first schema: every one from it to [`CURRENT`] reads as is.
pub const FIRST: u32 = 1;

/// Drafts larger than this are refused before parsing (a real one is a few KB).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Draft {
    pub schema: u32,
    /// The protocol id the answers were given under.
    pub protocol: String,
    pub answers: Answers,
    /// The partnership's record of these answers, as the form showed it
    /// ([`super::record`]): carried for whoever reads the file, worked out
    /// again from the answers when a draft is loaded, so never read back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<std::collections::BTreeMap<String, String>>,
}

/// Why a draft could not be loaded. [`fmt::Display`] gives the message to
/// show the practitioner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    TooLarge {
        bytes: usize,
    },
    /// Not JSON at all, with the 1-based line and column of the mistake.
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    /// JSON, but not a draft (no `schema` number, or not an object).
    NotADraft {
        detail: String,
    },
    /// Made by a newer version of the widget.
    Newer {
        found: u32,
    },
    /// An old schema this widget cannot convert.
    Unsupported {
        found: u32,
    },
    /// The right schema, but a field is wrong.
    Invalid {
        line: Option<(usize, usize)>,
        detail: String,
    },
    /// The draft was saved for another protocol.
    OtherProtocol {
        found: String,
        expected: String,
    },
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::TooLarge { bytes } => write!(
                f,
                "This file is too large to be a saved draft ({} KB). Choose the .json file that \"Save draft\" downloaded.",
                bytes / 1024
            ),
            DraftError::Malformed { line, column, detail } => write!(
                f,
                "This file is not a readable draft: it is damaged or not JSON (line {line}, column {column}: {detail}). Choose the .json file that \"Save draft\" downloaded."
            ),
            DraftError::NotADraft { detail } => write!(
                f,
                "This file is not a draft saved by this widget ({detail}). Choose the .json file that \"Save draft\" downloaded."
            ),
            DraftError::Newer { found } => write!(
                f,
                "This draft was made by a newer version of the widget (draft format {found}; this version reads format {CURRENT} and older). Open it with the newer widget, or start again here."
            ),
            DraftError::Unsupported { found } => write!(
                f,
                "This draft uses format {found}, which this version of the widget cannot read (it reads format {CURRENT}). Start again, copying the details from the old form."
            ),
            DraftError::Invalid { line: Some((l, c)), detail } => write!(
                f,
                "This draft could not be loaded: {detail} (line {l}, column {c}). It may have been edited by hand."
            ),
            DraftError::Invalid { line: None, detail } => write!(
                f,
                "This draft could not be loaded: {detail}. It may have been edited by hand."
            ),
            DraftError::OtherProtocol { found, expected } => write!(
                f,
                "This draft was saved for the protocol \"{found}\", but this widget follows \"{expected}\". Open it in the widget for that protocol."
            ),
        }
    }
}

impl std::error::Error for DraftError {}

impl Draft {
    /// The answers, if the draft belongs to `protocol_id`.
    pub fn answers_for(self, protocol_id: &str) -> Result<Answers, DraftError> {
        if self.protocol == protocol_id {
            Ok(self.answers)
        } else {
            Err(DraftError::OtherProtocol {
                found: self.protocol,
                expected: protocol_id.to_string(),
            })
        }
    }
}

/// The draft for `answers` as pretty-printed JSON, schema [`CURRENT`].
pub fn to_json(protocol_id: &str, answers: &Answers) -> String {
    to_json_with_record(protocol_id, answers, None)
}

/// [`to_json`], with the partnership's record beside the answers (the
/// "Download JSON draft" file: the same record the form prints).
pub fn to_json_with_record(
    protocol_id: &str,
    answers: &Answers,
    record: Option<&super::record::Record>,
) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        schema: u32,
        protocol: &'a str,
        answers: &'a Answers,
        #[serde(skip_serializing_if = "Option::is_none")]
        record: Option<std::collections::BTreeMap<&'static str, &'a str>>,
    }
    serde_json::to_string_pretty(&Out {
        schema: CURRENT,
        protocol: protocol_id,
        answers,
        record: record.map(|r| r.pairs().collect()),
    })
    // Answers holds only strings, maps with string keys and enums: it
    // always serialises.
    .unwrap_or_default()
}

/// Marks the compact encoding of a draft ([`to_compact`]); the number
/// changes with the layout of [`Answers`].
const COMPACT_TAG: &str = "cr-draft-2;";
/// The layout before an attempt had a review date, outstanding issues and
/// who decided: a tab's session draft kept over an upgrade still loads.
const COMPACT_TAG_1: &str = "cr-draft-1;";

/// The draft in the compact encoding of [`crate::protocol::compact`]: what
/// the widget keeps in session storage on every change (far cheaper to
/// write than JSON), and how the checker module hands a JSON draft it has
/// read to the widget. Not a file format: only this build reads it.
pub fn to_compact(protocol_id: &str, answers: &Answers) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(COMPACT_TAG);
    enc_str(protocol_id, &mut out);
    answers.enc(&mut out);
    out
}

/// Reads [`to_compact`]'s output: (protocol id, answers). `None` for
/// anything else, including a value written by another build.
pub fn from_compact(text: &str) -> Option<(String, Answers)> {
    let (rest, older) = match text.strip_prefix(COMPACT_TAG) {
        Some(rest) => (rest, false),
        None => (text.strip_prefix(COMPACT_TAG_1)?, true),
    };
    let mut r = Reader::new(rest);
    r.older = older;
    let out = (String::dec(&mut r), Answers::dec(&mut r));
    r.done().then_some(out)
}

/// The checker module's answer to "read this JSON draft": the draft as
/// [`to_compact`], or `E` and the message to show (see [`read_reply`]).
pub fn read_for_widget(json: &str) -> String {
    match from_json(json) {
        Ok(d) => to_compact(&d.protocol, &d.answers),
        Err(e) => format!("E{e}"),
    }
}

/// Reads [`read_for_widget`]'s answer. `None`: not such an answer.
pub fn read_reply(reply: &str) -> Option<Result<(String, Answers), String>> {
    match reply.strip_prefix('E') {
        Some(message) => Some(Err(message.to_string())),
        None => from_compact(reply).map(Ok),
    }
}

/// Enums as their index in `ALL`.
macro_rules! compact_enum {
    ($($t:ident)*) => {$(
        impl Compact for $t {
            fn enc(&self, out: &mut String) {
                let i = $t::ALL.iter().position(|v| v == self).unwrap_or(0);
                i.enc(out);
            }
            fn dec(r: &mut Reader<'_>) -> Self {
                let i = usize::dec(r);
                $t::ALL.get(i).copied().unwrap_or_else(|| {
                    r.fail();
                    $t::ALL[0]
                })
            }
        }
    )*};
}
compact_enum!(Outcome Basis);

compact_struct! {
    Answers {
        subject, immediate_harm, immediate_action, urgency, disagreement,
        context, attempts, special_cases, details,
    }
    Details {
        your_name, your_role, your_agency, your_contact, consulted_name,
        consulted_role, subject_initials, subject_reference, subject_age,
        decision_agency, decision_role, decision_date, concern, basis,
        outcome_sought,
    }
}

/// An attempt: the fields of the first layout, then those added with the
/// outcomes some stages have (absent from an older session draft).
impl Compact for Attempt {
    fn enc(&self, out: &mut String) {
        for s in [
            &self.stage,
            &self.date,
            &self.with_name,
            &self.with_role,
            &self.with_agency,
        ] {
            s.enc(out);
        }
        self.outcome.enc(out);
        for s in [
            &self.notes,
            &self.review_date,
            &self.outstanding,
            &self.follow_up,
            &self.decided_by,
        ] {
            s.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let mut a = Attempt::default();
        for s in [
            &mut a.stage,
            &mut a.date,
            &mut a.with_name,
            &mut a.with_role,
            &mut a.with_agency,
        ] {
            *s = String::dec(r);
        }
        a.outcome = Outcome::dec(r);
        a.notes = String::dec(r);
        if !r.older {
            for s in [
                &mut a.review_date,
                &mut a.outstanding,
                &mut a.follow_up,
                &mut a.decided_by,
            ] {
                *s = String::dec(r);
            }
        }
        a
    }
}

/// Reads a draft, migrating an older schema, refusing a newer one.
///
/// With serde_json, twice at most: into a [`Value`] first, for the format
/// number (a damaged file stops here, with serde_json's line and column),
/// then, for the current format, into [`Draft`] from the text again rather
/// than from the value, so that a wrong field's message carries its line and
/// column too. Runs in the checker module, not the widget
/// ([`read_for_widget`]).
pub fn from_json(json: &str) -> Result<Draft, DraftError> {
    if json.len() > MAX_BYTES {
        return Err(DraftError::TooLarge { bytes: json.len() });
    }
    let value: Value = serde_json::from_str(json).map_err(|e| DraftError::Malformed {
        line: e.line(),
        column: e.column(),
        detail: message(&e),
    })?;
    let Value::Object(members) = &value else {
        return Err(DraftError::NotADraft {
            detail: "it does not hold a draft object".into(),
        });
    };
    let schema = match members.get("schema") {
        None => {
            return Err(DraftError::NotADraft {
                detail: "it has no draft format number".into(),
            })
        }
        Some(v) => v.as_u64().ok_or_else(|| DraftError::NotADraft {
            detail: "its draft format is not a whole number".into(),
        })?,
    };
    let schema = u32::try_from(schema).unwrap_or(u32::MAX);
    if schema > CURRENT {
        return Err(DraftError::Newer { found: schema });
    }
    // Each format since the first only added fields (empty when absent),
    // so an older one reads as the current one, from the text.
    if (FIRST..=CURRENT).contains(&schema) {
        let mut draft = serde_json::from_str::<Draft>(json).map_err(|e| DraftError::Invalid {
            line: Some((e.line(), e.column())),
            detail: found_instead(json, &e).unwrap_or_else(|| message(&e)),
        })?;
        draft.schema = CURRENT;
        return Ok(draft);
    }
    // A migrated draft is a tree, not the text: its mistakes have no place.
    let migrated = migrate(schema, value)?;
    serde_json::from_value::<Draft>(migrated).map_err(|e| DraftError::Invalid {
        line: None,
        detail: message(&e),
    })
}

/// serde_json's message without the " at line L column C" it appends (the
/// draft's messages say where in their own words).
fn message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let at = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&at) {
        Some(text) => text.to_string(),
        None => full,
    }
}

/// The text is valid JSON (the first reading took it), so a syntax error in
/// the second is serde_json's reader refusing something other than a string
/// where a choice (`outcome`, `basis`, `subject`) goes: it says only
/// "expected value" there, at a value. Says what was found instead, as
/// serde's messages for other fields do ("invalid type: number, expected a
/// string"), from the first byte of the value (no second parser needed).
fn found_instead(json: &str, e: &serde_json::Error) -> Option<String> {
    if !e.is_syntax() {
        return None;
    }
    // serde_json counts columns in bytes from 1.
    let line_start: usize = json
        .split_inclusive('\n')
        .take(e.line().checked_sub(1)?)
        .map(str::len)
        .sum();
    let found = match json
        .as_bytes()
        .get(line_start + e.column().checked_sub(1)?)?
    {
        b'-' | b'0'..=b'9' => "number",
        b't' | b'f' => "boolean",
        b'n' => "null",
        b'[' => "sequence",
        _ => return None,
    };
    Some(format!("invalid type: {found}, expected a string"))
}

/// Brings a draft of schema `from` up to [`CURRENT`], one version at a time.
///
/// Formats [`FIRST`] to [`CURRENT`] differ only by added fields and are
/// read as they are; a format that reshapes a field adds an arm to `step`
/// here, so that the older files keep loading.
pub fn migrate(from: u32, value: Value) -> Result<Value, DraftError> {
    let (mut version, mut value) = (from, value);
    while version < CURRENT {
        (version, value) = step(version, value)?;
    }
    Ok(value)
}

/// Rewrites a draft of schema `version` into the shape of `version + 1`.
fn step(version: u32, value: Value) -> Result<(u32, Value), DraftError> {
    // No format before the first exists: nothing to convert.
    drop(value);
    Err(DraftError::Unsupported { found: version })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a position lies in `text`: the 1-based line exists
    /// and the column is at most one past its end (serde_json reports the
    /// end of input as column 0 or the last line's length).
    fn within(text: &str, line: usize, column: usize) -> bool {
        let lines: Vec<&str> = text.split('\n').collect();
        line >= 1 && line <= lines.len() && column <= lines[line - 1].len() + 1
    }

    /// Every prefix of a real draft and the draft with bytes changed: each
    /// is read or refused, never a panic; a refusal for damaged JSON or a
    /// wrong field gives serde's message and says where (a place inside the
    /// file) once, in the draft's own words.
    #[test]
    fn damaged_drafts_are_refused_with_their_place() {
        let mut answers = Answers {
            immediate_action: "a \"quoted\" \\ line\nand \u{1} 中 👍".into(),
            ..Answers::default()
        };
        answers.context.insert("q".into(), "o".into());
        answers.special_cases.insert("s".into());
        answers.add_attempt("stage-1");
        answers.details.basis = Some(crate::guidance::Basis::Both);
        let good = to_json("devon-dcfp", &answers);
        assert_eq!(from_json(&good).unwrap().answers, answers);

        let mut inputs: Vec<String> = Vec::new();
        for cut in (0..good.len())
            .filter(|i| good.is_char_boundary(*i))
            .step_by(7)
        {
            inputs.push(good[..cut].to_string());
        }
        for (i, b) in good.bytes().enumerate().step_by(5) {
            if b.is_ascii() && good.is_char_boundary(i) && good.is_char_boundary(i + 1) {
                for r in ["", "x", "1", "\"", "{", "]", "null", ","] {
                    inputs.push(format!("{}{r}{}", &good[..i], &good[i + 1..]));
                }
            }
        }
        let (mut malformed, mut invalid) = (0, 0);
        for input in &inputs {
            let Err(e) = from_json(input) else {
                continue;
            };
            let (line, column, detail) = match &e {
                DraftError::Malformed {
                    line,
                    column,
                    detail,
                } => {
                    malformed += 1;
                    (*line, *column, detail)
                }
                DraftError::Invalid {
                    line: Some((line, column)),
                    detail,
                } => {
                    invalid += 1;
                    // At a value of valid JSON, not serde_json's bare
                    // "expected value" (`found_instead`).
                    assert_ne!(detail, "expected value", "{input:?}");
                    (*line, *column, detail)
                }
                // A changed format number.
                DraftError::NotADraft { .. } | DraftError::Newer { .. } => continue,
                other => panic!("{input:?}: {other:?}"),
            };
            let shown = e.to_string();
            assert!(within(input, line, column), "{input:?}: {shown}");
            assert!(!detail.is_empty(), "{input:?}: {shown}");
            assert!(!shown.contains(" at line "), "{input:?}: {shown}");
            assert!(
                shown.contains(&format!("line {line}, column {column}")),
                "{input:?}: {shown}"
            );
        }
        // Both kinds of mistake were met, so the checks above ran.
        assert!(malformed > 100 && invalid > 10, "{malformed} / {invalid}");
    }

    /// Malformed JSON: serde_json's message, line and column.
    #[test]
    fn malformed_json_says_what_and_where() {
        let deep = "[".repeat(200);
        let nested =
            format!("{{\"schema\": 1, \"protocol\": \"x\", \"answers\": {{\"context\": {deep}");
        for (input, detail, at) in [
            ("", "EOF while parsing a value", (1, 0)),
            ("{\n  \"schema\": 1,\n}", "trailing comma", (3, 1)),
            ("{\"schema\": 1} x", "trailing characters", (1, 15)),
            ("{\"schema\": 01}", "invalid number", (1, 13)),
            ("{\"a\" 1}", "expected `:`", (1, 6)),
            ("\"\\ud800\"", "unexpected end of hex escape", (1, 8)),
            (
                "\"\\udc00\"",
                "lone leading surrogate in hex escape",
                (1, 7),
            ),
            (
                "\"a\tb\"",
                "control character (\\u0000-\\u001F) found while parsing a string",
                (1, 3),
            ),
            (&deep, "recursion limit exceeded", (1, 128)),
            (&nested, "recursion limit exceeded", (1, 180)),
        ] {
            let e = from_json(input).unwrap_err();
            assert_eq!(
                e,
                DraftError::Malformed {
                    line: at.0,
                    column: at.1,
                    detail: detail.into()
                },
                "{input:?}"
            );
            let shown = e.to_string();
            assert!(
                shown.contains(&format!("(line {}, column {}: {detail})", at.0, at.1)),
                "{shown}"
            );
        }
    }

    /// A draft whose field is wrong: serde's message names the field or the
    /// value expected, with the line it is on.
    #[test]
    fn a_wrong_field_is_named_with_its_line() {
        let draft = |answers: &str| {
            format!("{{\n\"schema\": 1,\n\"protocol\": \"x\",\n\"answers\": {{\n{answers}\n}}\n}}")
        };
        for (input, detail, line) in [
            (
                draft("\"immediate_harm\": \"yes\""),
                "invalid type: string \"yes\", expected a boolean",
                5,
            ),
            (
                draft("\"immediate_action\": null"),
                "invalid type: null, expected a string",
                5,
            ),
            (
                draft("\"context\": {\"q\": 1}"),
                "invalid type: integer `1`, expected a string",
                5,
            ),
            (
                draft("\"subject\": \"pets\""),
                "unknown variant `pets`, expected `children` or `adults`",
                5,
            ),
            (
                draft("\"attempts\": [{\"outcome\": \"maybe\"}]"),
                "unknown variant `maybe`, expected one of `resolved`, `not_resolved`, `no_response_yet`, `plan_agreed`, `resolved_outstanding`, `not_taken_forward`",
                5,
            ),
            (
                draft("\"details\": {\"basis\": 2}"),
                "invalid type: number, expected a string",
                5,
            ),
            (
                draft("\"attempts\": [{\"outcome\": [true]}]"),
                "invalid type: sequence, expected a string",
                5,
            ),
            (
                draft("\"attempts\": [{\"outcome\": null}]"),
                "invalid type: null, expected a string",
                5,
            ),
            (
                draft("\"subject\": false"),
                "invalid type: boolean, expected a string",
                5,
            ),
            (
                draft("\"concern\": \"moved\""),
                "unknown field `concern`, expected one of `subject`, `immediate_harm`, `immediate_action`, `urgency`, `disagreement`, `context`, `attempts`, `special_cases`, `details`",
                5,
            ),
            (
                draft("\"urgency\": \"a\",\n\"urgency\": \"b\""),
                "duplicate field `urgency`",
                6,
            ),
            (
                "{\n\"schema\": 1,\n\"answers\": {}\n}".to_string(),
                "missing field `protocol`",
                4,
            ),
            (
                "{\"schema\": 1, \"protocol\": 7, \"answers\": {}}".to_string(),
                "invalid type: integer `7`, expected a string",
                1,
            ),
        ] {
            match from_json(&input) {
                Err(DraftError::Invalid {
                    line: Some((l, _)),
                    detail: d,
                }) => {
                    assert_eq!((d.as_str(), l), (detail, line), "{input}");
                }
                other => panic!("{input}: {other:?}"),
            }
        }
    }

    /// The format number is read before anything else: a file with none, or
    /// one that is not a whole number, is not a draft; a newer one is refused
    /// however the rest looks.
    #[test]
    fn the_format_number_decides_first() {
        for (input, detail) in [
            ("[1, 2]", "it does not hold a draft object"),
            ("null", "it does not hold a draft object"),
            ("{\"protocol\": \"x\"}", "it has no draft format number"),
            (
                "{\"schema\": \"1\"}",
                "its draft format is not a whole number",
            ),
            (
                "{\"schema\": 1.5}",
                "its draft format is not a whole number",
            ),
            ("{\"schema\": -1}", "its draft format is not a whole number"),
            (
                "{\"schema\": 1e0}",
                "its draft format is not a whole number",
            ),
        ] {
            assert_eq!(
                from_json(input),
                Err(DraftError::NotADraft {
                    detail: detail.into()
                }),
                "{input}"
            );
        }
        assert_eq!(
            from_json("{\"schema\": 3, \"answers\": 5}"),
            Err(DraftError::Newer { found: 3 })
        );
        // The last of a repeated number counts, in the tree as in the struct.
        assert_eq!(
            from_json("{\"schema\": 1, \"schema\": 3}"),
            Err(DraftError::Newer { found: 3 })
        );
        assert_eq!(
            from_json("{\"schema\": 0}"),
            Err(DraftError::Unsupported { found: 0 })
        );
    }
}
