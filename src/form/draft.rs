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

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::guidance::Answers;

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

/// Reads a draft, migrating an older schema, refusing a newer one.
pub fn from_json(json: &str) -> Result<Draft, DraftError> {
    if json.len() > MAX_BYTES {
        return Err(DraftError::TooLarge { bytes: json.len() });
    }
    let value: Value = serde_json::from_str(json).map_err(|e| DraftError::Malformed {
        line: e.line(),
        column: e.column(),
        detail: e
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
    })?;
    let Value::Object(obj) = &value else {
        return Err(DraftError::NotADraft {
            detail: "it does not hold a draft object".into(),
        });
    };
    let schema = match obj.get("schema") {
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
    if schema == CURRENT {
        // Read from the text, not the value, so errors carry line and column.
        return serde_json::from_str::<Draft>(json).map_err(|e| DraftError::Invalid {
            line: Some((e.line(), e.column())),
            detail: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        });
    }
    let migrated = migrate(schema, value)?;
    serde_json::from_value::<Draft>(migrated).map_err(|e| DraftError::Invalid {
        line: None,
        detail: e.to_string(),
    })
}

/// Brings a draft of schema `from` up to [`CURRENT`], one version at a time.
///
/// Version 1 is the first format the widget ever wrote, so today every older
/// number is refused. When version 2 comes, `step` gains an arm
/// `1 => Ok((2, v1_to_v2(value)))` and a v1 file keeps loading.
pub fn migrate(from: u32, value: Value) -> Result<Value, DraftError> {
    let (mut version, mut value) = (from, value);
    while version < CURRENT {
        (version, value) = step(version, value)?;
    }
    Ok(value)
}

/// Rewrites a draft of schema `version` into the shape of `version + 1`.
fn step(version: u32, value: Value) -> Result<(u32, Value), DraftError> {
    // No older format exists yet: nothing to convert.
    drop(value);
    Err(DraftError::Unsupported { found: version })
}
