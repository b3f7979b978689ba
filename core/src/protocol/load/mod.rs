//! Loading a protocol file (TOML) with source positions, and validating it.
//!
//! The file is parsed into TOML's spanned tree and then walked by hand rather
//! than through `serde`, so that *every* mistake is reported at once, each with
//! its line, column and field path, instead of stopping at the first.
//!
//! The parts, by job:
//!
//! - `reader`: the positioned TOML reader, each field read with its type and
//!   limits checked and any mistake placed at its line and column;
//! - `schema`: the walk over the protocol file's tables into the model;
//! - `refs`: the ids defined and referred to, and the anchors quoted,
//!   checked once the whole file is read;
//! - `report`: the error type and the checker's text for a list of errors;
//! - `suggest`: "did you mean" for a misspelt key or id.
//!
//! This module holds the entry points and the state one load shares between
//! them (`Cx`).

mod reader;
mod refs;
mod report;
mod schema;
mod shared;
mod suggest;
mod when;

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::model::*;
use refs::{AnchorUse, IdsInScope, Kind, Reference};
pub use report::{render_errors, render_warnings, ProtocolError};
pub use suggest::suggest;

/// Largest protocol file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
const MAX_ID: usize = 40;
const MAX_LABEL: usize = 300;
const MAX_TEXT: usize = 3000;
const MAX_ITEMS: usize = 60;

/// A source text to check anchors against: the plain text of a page or
/// document the protocol rests on.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The `[[sources]]` id whose anchors must be in this text, `Some("main")`
    /// for the protocol's main source, or `None` for any of them (a web
    /// officer's saved copy of their one page).
    pub id: Option<&'a str>,
    /// Names the text in messages (a file name).
    pub name: &'a str,
    pub text: &'a str,
}

/// How strictly to load a file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// A cite without an anchor is an error (the bundled protocols) rather
    /// than a warning (a partnership's own file).
    pub require_anchors: bool,
    /// Texts to find every anchor in; none, no anchor check.
    pub sources: &'a [SourceFile<'a>],
}

/// A file that loaded, and what it should still mend.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub protocol: Protocol,
    pub warnings: Vec<ProtocolError>,
}

/// Parses and validates a protocol file. `file` names it in messages.
/// Anchors are not checked against any source, and a missing anchor is a
/// warning (dropped here; [`load`] returns it).
pub fn load_str(file: &str, source: &str) -> Result<Protocol, Vec<ProtocolError>> {
    load(file, source, &Options::default()).map(|l| l.protocol)
}

/// Parses and validates a protocol file, with its warnings.
pub fn load(file: &str, source: &str, options: &Options) -> Result<Loaded, Vec<ProtocolError>> {
    let mut cx = Cx {
        file,
        src: source,
        errors: Vec::new(),
        ids: BTreeMap::new(),
        refs: Vec::new(),
        warnings: Vec::new(),
        require_anchors: options.require_anchors,
        texts: BTreeMap::new(),
        anchors: Vec::new(),
        conditions: Vec::new(),
        needed: Vec::new(),
    };
    if source.len() > MAX_FILE_BYTES {
        cx.err(
            0..0,
            "",
            format!(
                "the file is {} KB; the largest accepted is {} KB",
                source.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
            Some("a protocol file holds text, not attachments: remove embedded data".into()),
        );
        return Err(cx.errors);
    }
    let (doc, parse_errors) = DeTable::parse_recoverable(source);
    for e in &parse_errors {
        let span = e.span().unwrap_or(0..0);
        cx.err(
            span,
            "",
            format!("this is not valid TOML: {}", e.message().trim()),
            None,
        );
    }
    if !parse_errors.is_empty() {
        return Err(cx.errors);
    }
    let mut root = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    shared::expand(&mut cx, &mut root);
    let protocol = schema::protocol(&mut cx, &root);
    cx.check_references();
    // Whether answers can meet each condition needs its ids to be right.
    if cx.errors.is_empty() {
        if let Some(p) = &protocol {
            cx.check_conditions(p);
        }
    }
    if !options.sources.is_empty() {
        cx.check_anchors(options.sources);
    }
    let sort = |list: &mut Vec<ProtocolError>| {
        list.sort_by_key(|e| (e.line, e.column));
        list.dedup();
    };
    match protocol {
        Some(protocol) if cx.errors.is_empty() => {
            sort(&mut cx.warnings);
            Ok(Loaded {
                protocol,
                warnings: cx.warnings,
            })
        }
        _ => {
            // `schema::protocol()` returns None only after recording an error.
            sort(&mut cx.errors);
            Err(cx.errors)
        }
    }
}

/// The state of one load, shared by its parts: where errors go, and what
/// the walk has recorded for the checks at the end.
struct Cx<'a> {
    file: &'a str,
    src: &'a str,
    errors: Vec<ProtocolError>,
    /// Every id defined, with where: (kind, scope) → id → span. Scope is the
    /// route id for stages, the question id for options, empty otherwise.
    ids: BTreeMap<(Kind, String), IdsInScope>,
    refs: Vec<Reference>,
    /// Mistakes that do not stop the file from being used.
    warnings: Vec<ProtocolError>,
    /// Whether a cite without an anchor is an error (bundled protocols) or a
    /// warning (a partnership's own file).
    require_anchors: bool,
    /// The source texts cites may name with `from`: id → (page address,
    /// whether the text is the page's own words). The main source is `None`.
    texts: BTreeMap<Option<String>, (Option<String>, bool)>,
    /// Every condition read, with where, checked on the loaded protocol.
    conditions: Vec<Condition>,
    /// Slots given only as conditioned values, checked for a gap.
    needed: Vec<Needed>,
    /// Every anchor read, to check against the source texts at the end.
    anchors: Vec<AnchorUse>,
}

impl Cx<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let before = &self.src[..floor_char(self.src, offset)];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn error_at(
        &self,
        span: Range<usize>,
        path: &str,
        message: String,
        help: Option<String>,
    ) -> ProtocolError {
        let (line, column) = self.position(span.start);
        ProtocolError {
            file: self.file.to_string(),
            line,
            column,
            path: path.to_string(),
            message,
            help,
        }
    }

    fn err(&mut self, span: Range<usize>, path: &str, message: String, help: Option<String>) {
        let e = self.error_at(span, path, message, help);
        self.errors.push(e);
    }

    fn warn(&mut self, span: Range<usize>, path: &str, message: String, help: Option<String>) {
        let e = self.error_at(span, path, message, help);
        self.warnings.push(e);
    }
}

/// A condition as read, kept to check once the protocol is loaded.
struct Condition {
    when: crate::protocol::when::When,
    span: Range<usize>,
    path: String,
    /// The single-valued slot this condition scopes one value of, if any.
    group: Option<Group>,
}

/// A slot that shows one value for any answers: an urgency's notes, the
/// form's recipients, and the slots that may hold several conditioned
/// values (named for messages: "form title", "summary of route `x`").
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Urgency(String),
    Recipient,
    Slot(String),
}

/// A single-valued slot given only as conditioned values (no value for
/// every case): some answers must not be left without one.
struct Needed {
    slot: String,
    whens: Vec<crate::protocol::when::When>,
    span: Range<usize>,
    path: String,
    /// Needed only once a route is chosen (a route's last word).
    with_route: bool,
}

impl Cx<'_> {
    /// A condition no answers can meet is a mistake (the guidance would
    /// never show); two values of one slot whose conditions can hold
    /// together, or an urgency note beside the urgency's unconditioned
    /// `guidance`, leave it unclear which to show. Runs only on a file with
    /// no other error.
    fn check_conditions(&mut self, p: &Protocol) {
        use crate::protocol::when::{space, When};
        // A slot given only as conditioned values needs one for every
        // answer: the first answers found with none are named.
        for n in std::mem::take(&mut self.needed) {
            let any = When::Any(n.whens.clone());
            let gap = space(p, &any)
                .into_iter()
                .find(|f| (f.route.is_some() || !n.with_route) && !f.meets(&any));
            if let Some(f) = gap {
                let mut case = Vec::new();
                case.extend(f.route.as_ref().map(|r| format!("route `{r}`")));
                case.extend(f.urgency.as_ref().map(|u| format!("urgency `{u}`")));
                if f.route.is_none() {
                    case.push("no route chosen yet".into());
                }
                self.err(
                    n.span,
                    &n.path,
                    format!(
                        "the {} has no value for some answers (for example: {})",
                        n.slot,
                        case.join(", ")
                    ),
                    Some("add a value without `when` for every other case".into()),
                );
            }
        }
        let mut seen: BTreeMap<Group, Vec<When>> = BTreeMap::new();
        for c in std::mem::take(&mut self.conditions) {
            let Some(group) = c.group.clone() else {
                if !space(p, &c.when).iter().any(|f| f.meets(&c.when)) {
                    self.err(
                        c.span,
                        &c.path,
                        "no answers meet this condition, so this guidance would never show".into(),
                        Some("check the ids and the combination: an urgency, a route and a disagreement type must fit together".into()),
                    );
                }
                continue;
            };
            let urgency = match &group {
                Group::Urgency(u) => Some(u.clone()),
                _ => None,
            };
            let possible = |w: &When| {
                space(p, w).iter().any(|f| {
                    urgency
                        .as_deref()
                        .is_none_or(|u| f.urgency.as_deref() == Some(u))
                        && f.meets(w)
                })
            };
            let earlier = seen.entry(group.clone()).or_default();
            let clash = earlier
                .iter()
                .position(|e| possible(&When::All(vec![e.clone(), c.when.clone()])));
            earlier.push(c.when.clone());
            let what = match &group {
                Group::Urgency(u) => format!("urgency `{u}`'s note"),
                Group::Recipient => "recipient".to_string(),
                Group::Slot(slot) => format!("value of the {slot}"),
            };
            if !possible(&c.when) {
                let with = urgency
                    .as_deref()
                    .map_or(String::new(), |u| format!(" with the urgency `{u}`"));
                self.err(
                    c.span,
                    &c.path,
                    format!(
                        "no answers{with} meet this condition, so this {what} would never show"
                    ),
                    Some("check the ids and the combination".into()),
                );
            } else if urgency
                .as_deref()
                .and_then(|u| p.urgency(u))
                .is_some_and(|u| u.guidance.is_some())
            {
                let u = urgency.unwrap_or_default();
                self.err(
                    c.span,
                    &c.path,
                    format!("urgency `{u}` has `guidance` for every case, and this note too"),
                    Some("move the `guidance` into a note with its own `when`, so that one note applies at a time".into()),
                );
            } else if let Some(k) = clash {
                let (this, which) = match &group {
                    Group::Urgency(u) => ("note", format!("note {} of urgency `{u}`", k + 1)),
                    Group::Recipient => ("recipient", format!("recipient {}", k + 1)),
                    Group::Slot(slot) => ("value", format!("value {} of the {slot}", k + 1)),
                };
                self.err(
                    c.span,
                    &c.path,
                    format!("this {this} and {which} can both apply to the same answers"),
                    Some("make the conditions exclusive, so that one applies at a time".into()),
                );
            }
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
