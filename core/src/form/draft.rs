//! The JSON draft: every answer under a versioned schema, so "Load draft"
//! restores exactly the state that "Save draft" wrote.
//!
//! ```json
//! { "schema": 1, "protocol": "devon-dcfp", "answers": { … } }
//! ```
//!
//! Loading reads the `schema` number first. A newer schema is refused (the
//! file was made by a newer widget); an older one goes through [`migrate`],
//! one version at a time, before it is read as the current one.

use std::fmt;

use super::json::{self, Node, Value};
use serde::{Deserialize, Serialize};

use crate::guidance::{Answers, Attempt, Basis, Details, Outcome};
use crate::protocol::compact::{compact_struct, enc_str, Compact, Reader};

/// The schema version this widget writes.
pub const CURRENT: u32 = 1;

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
    #[derive(Serialize)]
    struct Out<'a> {
        schema: u32,
        protocol: &'a str,
        answers: &'a Answers,
    }
    serde_json::to_string_pretty(&Out {
        schema: CURRENT,
        protocol: protocol_id,
        answers,
    })
    // Answers holds only strings, maps with string keys and enums: it
    // always serialises.
    .unwrap_or_default()
}

/// Marks the compact encoding of a draft ([`to_compact`]); the number
/// changes with the layout of [`Answers`].
const COMPACT_TAG: &str = "cr-draft-1;";

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
    let mut r = Reader::new(text.strip_prefix(COMPACT_TAG)?);
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
    Attempt { stage, date, with_name, with_role, with_agency, outcome, notes }
    Details {
        your_name, your_role, your_agency, your_contact, consulted_name,
        consulted_role, subject_initials, subject_reference, subject_age,
        decision_agency, decision_role, decision_date, concern, basis,
        outcome_sought,
    }
}

/// Reads a draft, migrating an older schema, refusing a newer one.
///
/// Read with the small reader in [`super::json`], not serde_json; the
/// messages follow serde's. It runs in the checker module, not the widget
/// ([`read_for_widget`]).
pub fn from_json(json: &str) -> Result<Draft, DraftError> {
    if json.len() > MAX_BYTES {
        return Err(DraftError::TooLarge { bytes: json.len() });
    }
    let node = json::parse(json).map_err(|e| DraftError::Malformed {
        line: e.at.0,
        column: e.at.1,
        detail: e.message.to_string(),
    })?;
    if !matches!(node.value, Value::Object(_)) {
        return Err(DraftError::NotADraft {
            detail: "it does not hold a draft object".into(),
        });
    }
    let schema = match node.value.get("schema") {
        None => {
            return Err(DraftError::NotADraft {
                detail: "it has no draft format number".into(),
            })
        }
        Some(v) => v.value.as_u64().ok_or_else(|| DraftError::NotADraft {
            detail: "its draft format is not a whole number".into(),
        })?,
    };
    let schema = u32::try_from(schema).unwrap_or(u32::MAX);
    if schema > CURRENT {
        return Err(DraftError::Newer { found: schema });
    }
    let node = migrate(schema, node)?;
    read::draft(&node).map_err(|(at, detail)| DraftError::Invalid {
        line: Some(at),
        detail,
    })
}

/// Brings a draft of schema `from` up to [`CURRENT`], one version at a time.
///
/// Version 1 is the first format the widget ever wrote, so today every older
/// number is refused. When version 2 comes, `step` gains an arm
/// `1 => Ok((2, v1_to_v2(value)))` and a v1 file keeps loading.
pub fn migrate(from: u32, value: Node) -> Result<Node, DraftError> {
    let (mut version, mut value) = (from, value);
    while version < CURRENT {
        (version, value) = step(version, value)?;
    }
    Ok(value)
}

/// Rewrites a draft of schema `version` into the shape of `version + 1`.
fn step(version: u32, value: Node) -> Result<(u32, Node), DraftError> {
    // No older format exists yet: nothing to convert.
    drop(value);
    Err(DraftError::Unsupported { found: version })
}

/// The draft's shape, read from the JSON tree with serde's rules for the
/// derived `Deserialize` (unknown and repeated fields refused, `default`
/// structs, `null` only for `Option`) and serde's messages.
mod read {
    use std::collections::{BTreeMap, BTreeSet};

    use super::json::{Node, Pos, Value};
    use super::Draft;
    use crate::guidance::{Answers, Attempt, Basis, Details, Outcome};
    use crate::protocol::Subject;

    pub type Error = (Pos, String);

    fn invalid(node: &Node, expected: &str) -> Error {
        (
            node.at,
            format!(
                "invalid type: {}, expected {expected}",
                node.value.describe()
            ),
        )
    }

    /// Calls `field` for each member of the struct `name`, refusing unknown
    /// and repeated fields; returns the position of the object.
    fn fields(
        node: &Node,
        name: &str,
        known: &[&str],
        mut field: impl FnMut(usize, &Node) -> Result<(), Error>,
    ) -> Result<Vec<bool>, Error> {
        let Value::Object(members) = &node.value else {
            return Err(invalid(node, &format!("struct {name}")));
        };
        let mut seen = vec![false; known.len()];
        for (key, at, value) in members {
            let Some(i) = known.iter().position(|k| k == key) else {
                let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
                return Err((
                    *at,
                    format!("unknown field `{key}`, expected one of {}", list.join(", ")),
                ));
            };
            if seen[i] {
                return Err((*at, format!("duplicate field `{key}`")));
            }
            seen[i] = true;
            field(i, value)?;
        }
        Ok(seen)
    }

    fn string(node: &Node) -> Result<String, Error> {
        match &node.value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(invalid(node, "a string")),
        }
    }

    fn option<T>(
        node: &Node,
        f: impl FnOnce(&Node) -> Result<T, Error>,
    ) -> Result<Option<T>, Error> {
        match node.value {
            Value::Null => Ok(None),
            _ => f(node).map(Some),
        }
    }

    /// A unit variant of an enum, by its id.
    fn variant<T: Copy>(node: &Node, all: &[T], id: fn(T) -> &'static str) -> Result<T, Error> {
        let s = match &node.value {
            Value::String(s) => s,
            _ => return Err(invalid(node, "variant identifier")),
        };
        all.iter().copied().find(|v| id(*v) == s).ok_or_else(|| {
            let list: Vec<String> = all.iter().map(|v| format!("`{}`", id(*v))).collect();
            (
                node.at,
                format!("unknown variant `{s}`, expected one of {}", list.join(", ")),
            )
        })
    }

    fn array(node: &Node) -> Result<&[Node], Error> {
        match &node.value {
            Value::Array(items) => Ok(items),
            _ => Err(invalid(node, "a sequence")),
        }
    }

    pub fn draft(node: &Node) -> Result<Draft, Error> {
        let mut d = Draft {
            schema: super::CURRENT,
            protocol: String::new(),
            answers: Answers::default(),
        };
        let seen = fields(node, "Draft", &["schema", "protocol", "answers"], |i, v| {
            match i {
                0 => {
                    d.schema = v
                        .value
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| invalid(v, "u32"))?
                }
                1 => d.protocol = string(v)?,
                _ => d.answers = answers(v)?,
            }
            Ok(())
        })?;
        for (name, seen) in ["schema", "protocol", "answers"].iter().zip(seen) {
            if !seen {
                return Err((node.at, format!("missing field `{name}`")));
            }
        }
        Ok(d)
    }

    fn answers(node: &Node) -> Result<Answers, Error> {
        let mut a = Answers::default();
        const KNOWN: &[&str] = &[
            "subject",
            "immediate_harm",
            "immediate_action",
            "urgency",
            "disagreement",
            "context",
            "attempts",
            "special_cases",
            "details",
        ];
        fields(node, "Answers", KNOWN, |i, v| {
            match i {
                0 => {
                    a.subject = option(v, |v| {
                        variant(v, &[Subject::Children, Subject::Adults], Subject::id)
                    })?
                }
                1 => {
                    a.immediate_harm = option(v, |v| match v.value {
                        Value::Bool(b) => Ok(b),
                        _ => Err(invalid(v, "a boolean")),
                    })?
                }
                2 => a.immediate_action = string(v)?,
                3 => a.urgency = option(v, string)?,
                4 => a.disagreement = option(v, string)?,
                5 => {
                    let Value::Object(members) = &v.value else {
                        return Err(invalid(v, "a map"));
                    };
                    let mut map = BTreeMap::new();
                    for (key, _, value) in members {
                        map.insert(key.clone(), string(value)?);
                    }
                    a.context = map;
                }
                6 => a.attempts = array(v)?.iter().map(attempt).collect::<Result<_, _>>()?,
                7 => {
                    a.special_cases = array(v)?
                        .iter()
                        .map(string)
                        .collect::<Result<BTreeSet<_>, _>>()?
                }
                _ => a.details = details(v)?,
            }
            Ok(())
        })?;
        Ok(a)
    }

    fn attempt(node: &Node) -> Result<Attempt, Error> {
        let mut a = Attempt::default();
        const KNOWN: &[&str] = &[
            "stage",
            "date",
            "with_name",
            "with_role",
            "with_agency",
            "outcome",
            "notes",
        ];
        fields(node, "Attempt", KNOWN, |i, v| {
            if i == 5 {
                a.outcome = variant(v, &Outcome::ALL, Outcome::id)?;
                return Ok(());
            }
            let s = string(v)?;
            *[
                &mut a.stage,
                &mut a.date,
                &mut a.with_name,
                &mut a.with_role,
                &mut a.with_agency,
                &mut a.notes,
            ][if i > 5 { i - 1 } else { i }] = s;
            Ok(())
        })?;
        Ok(a)
    }

    fn details(node: &Node) -> Result<Details, Error> {
        let mut d = Details::default();
        const KNOWN: &[&str] = &[
            "your_name",
            "your_role",
            "your_agency",
            "your_contact",
            "consulted_name",
            "consulted_role",
            "subject_initials",
            "subject_reference",
            "subject_age",
            "decision_agency",
            "decision_role",
            "decision_date",
            "concern",
            "basis",
            "outcome_sought",
        ];
        fields(node, "Details", KNOWN, |i, v| {
            if i == 13 {
                d.basis = option(v, |v| variant(v, &Basis::ALL, Basis::id))?;
                return Ok(());
            }
            let s = string(v)?;
            *d.text_fields_mut()[if i > 13 { i - 1 } else { i }] = s;
            Ok(())
        })?;
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The small reader accepts and refuses what serde_json does, at the
    /// same line and column, for valid and damaged drafts.
    #[test]
    fn the_reader_agrees_with_serde_json() {
        let mut answers = Answers {
            immediate_action: "a \"quoted\" \\ line\nand \u{1} 中 👍".into(),
            ..Answers::default()
        };
        answers.context.insert("q".into(), "o".into());
        answers.special_cases.insert("s".into());
        answers.add_attempt("stage-1");
        answers.details.basis = Some(crate::guidance::Basis::Both);
        let good = to_json("devon-dcfp", &answers);
        let mut inputs: Vec<String> = vec![
            good.clone(),
            String::new(),
            " ".into(),
            "{".into(),
            "[1, 2]".into(),
            "{\"schema\": 1,}".into(),
            "{\"schema\": 01}".into(),
            "{\"schema\": -1.5e+3}".into(),
            "{\"schema\": 1.}".into(),
            "{\"schema\": 1} x".into(),
            "{\"a\" 1}".into(),
            "{1: 2}".into(),
            "[1 2]".into(),
            "\"\\ud800\"".into(),
            "\"\\ud83d\\udc4d \\u00e9 \\/ \\q\"".into(),
            "tru".into(),
            "nul".into(),
            "\"a\tb\"".into(),
            "[".repeat(200),
        ];
        // Every prefix of a real draft, and the draft with each byte changed.
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
        for input in &inputs {
            let ours = json::parse(input);
            let theirs = serde_json::from_str::<serde_json::Value>(input);
            match (&ours, &theirs) {
                (Ok(_), Ok(_)) => {}
                (Err(a), Err(b)) => {
                    assert_eq!(a.at, (b.line(), b.column()), "{input:?}: {a:?} / {b}")
                }
                _ => panic!("{input:?}: {ours:?} / {theirs:?}"),
            }
            if theirs.is_ok()
                && ours
                    .as_ref()
                    .is_ok_and(|n| n.value.get("schema").and_then(|s| s.value.as_u64()) == Some(1))
            {
                let ours = from_json(input);
                let theirs = serde_json::from_str::<Draft>(input);
                match (&ours, &theirs) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{input:?}"),
                    (
                        Err(DraftError::Invalid {
                            line: Some((l, _)), ..
                        }),
                        Err(b),
                    ) => {
                        assert_eq!(*l, b.line(), "{input:?}: {ours:?} / {b}")
                    }
                    _ => panic!("{input:?}: {ours:?} / {theirs:?}"),
                }
            }
        }
    }
}
