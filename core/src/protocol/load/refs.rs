//! Cross-references: the ids a file defines and refers to, and the anchors
//! its cites quote. The walk records them as it goes; they are checked once
//! the whole file is read, since a reference may come before its definition.

use std::collections::BTreeMap;
use std::ops::Range;

use super::reader::join;
use super::suggest::suggest;
use super::{Cx, SourceFile};

/// Kinds of id a file defines and refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Contact,
    Urgency,
    Question,
    Disagreement,
    Route,
    SpecialCase,
    Stage,
    /// An option of a question; scoped by the question id.
    Option,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Contact => "contact",
            Kind::Urgency => "urgency",
            Kind::Question => "question",
            Kind::Disagreement => "disagreement",
            Kind::Route => "route",
            Kind::SpecialCase => "special case",
            Kind::Stage => "stage",
            Kind::Option => "option",
        }
    }
    fn list(self) -> &'static str {
        match self {
            Kind::Contact => "[[contacts]]",
            Kind::Urgency => "[[urgencies]]",
            Kind::Question => "[[questions]]",
            Kind::Disagreement => "[[disagreements]]",
            Kind::Route => "[[routes]]",
            Kind::SpecialCase => "[[special_cases]]",
            Kind::Stage => "[[routes.stages]]",
            Kind::Option => "[[questions.options]]",
        }
    }
}

/// A reference to an id, checked once every id is defined.
pub(super) struct Reference {
    pub(super) kind: Kind,
    pub(super) id: String,
    pub(super) span: Range<usize>,
    pub(super) path: String,
    /// For option references: the question it must be an option of.
    pub(super) within: Option<String>,
}

/// An anchor as written in the file.
pub(super) struct AnchorUse {
    pub(super) from: Option<String>,
    pub(super) text: String,
    pub(super) span: Range<usize>,
    pub(super) path: String,
}

/// id → (where it is defined, its field path).
pub(super) type IdsInScope = BTreeMap<String, (Range<usize>, String)>;

impl Cx<'_> {
    /// Every anchor read must be in the source text its cite names (or in
    /// any text given without an id), word for word.
    pub(super) fn check_anchors(&mut self, sources: &[SourceFile]) {
        use crate::protocol::anchors::{find, nearest, Found};
        for a in std::mem::take(&mut self.anchors) {
            let id = a.from.as_deref().unwrap_or("main");
            let texts: Vec<&SourceFile> = sources
                .iter()
                .filter(|s| s.id.is_none_or(|i| i == id))
                .collect();
            if texts.is_empty() {
                self.err(
                    a.span,
                    &a.path,
                    format!(
                        "no source text was given for `{id}`, so this anchor cannot be checked"
                    ),
                    Some(format!("pass the text as `--sources {id}=FILE`")),
                );
                continue;
            }
            let found = texts.iter().map(|s| find(&a.text, s.text));
            if found.clone().any(|f| f == Found::Exactly) {
                continue;
            }
            if found.clone().any(|f| f == Found::Normalised) {
                self.warn(
                    a.span,
                    &a.path,
                    "this anchor matches the source only once quote marks or dashes are made alike".into(),
                    Some("copy the source's own characters (’ “ ” –), so that the link highlights the passage".into()),
                );
                continue;
            }
            let names: Vec<&str> = texts.iter().map(|s| s.name).collect();
            let help = texts
                .iter()
                .find_map(|s| nearest(&a.text, s.text))
                .map(|n| {
                    format!("did you mean “{n}”? An anchor is copied word for word from the source")
                })
                .or_else(|| {
                    Some("copy a phrase word for word from the passage this rests on".into())
                });
            self.err(
                a.span,
                &a.path,
                format!("anchor “{}” is not in {}", a.text, names.join(" or ")),
                help,
            );
        }
    }

    pub(super) fn define(
        &mut self,
        kind: Kind,
        scope: &str,
        id: &str,
        span: Range<usize>,
        path: &str,
    ) {
        let map = self.ids.entry((kind, scope.to_string())).or_default();
        if let Some((first, _)) = map.get(id).cloned() {
            let (line, _) = self.position(first.start);
            self.err(
                span,
                &join(path, "id"),
                format!(
                    "duplicate {} id `{id}` (first defined on line {line})",
                    kind.noun()
                ),
                Some(format!("give each {} a different id", kind.noun())),
            );
        } else {
            map.insert(id.to_string(), (span, path.to_string()));
        }
    }

    pub(super) fn refer(&mut self, kind: Kind, id: String, span: Range<usize>, path: String) {
        self.refs.push(Reference {
            kind,
            id,
            span,
            path,
            within: None,
        });
    }

    pub(super) fn check_references(&mut self) {
        let refs = std::mem::take(&mut self.refs);
        for r in &refs {
            let scope = r.within.clone().unwrap_or_default();
            if r.within.is_some()
                && !self
                    .ids
                    .get(&(Kind::Question, String::new()))
                    .is_some_and(|q| q.contains_key(&scope))
            {
                // The question itself is unknown: that error is reported
                // already, and its options cannot be checked.
                continue;
            }
            let known = self
                .ids
                .get(&(r.kind, scope.clone()))
                .cloned()
                .unwrap_or_default();
            if !known.contains_key(&r.id) {
                let help = match suggest(&r.id, known.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if known.is_empty() => format!("define it in {}", r.kind.list()),
                    None => format!(
                        "known {} ids: {}",
                        r.kind.noun(),
                        known
                            .keys()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.err(
                    r.span.clone(),
                    &r.path,
                    match &r.within {
                        Some(q) => format!("question `{q}` has no option with the id `{}`", r.id),
                        None => format!("no {} has the id `{}`", r.kind.noun(), r.id),
                    },
                    Some(help),
                );
            }
        }
        // Things defined but never reached by any path through the questions.
        for kind in [Kind::Route, Kind::Question, Kind::Contact] {
            let defined = self
                .ids
                .get(&(kind, String::new()))
                .cloned()
                .unwrap_or_default();
            for (id, (span, path)) in defined {
                if !refs.iter().any(|r| r.kind == kind && r.id == id) {
                    let help = match kind {
                        Kind::Route => "name it as the `route` of a disagreement (or its `route_when`) or of a question option, or remove it",
                        Kind::Question => "list it in a disagreement's `questions`, or remove it",
                        _ => "list it in the `contacts` of a stage, an alternative, a special case or the emergency section, or in `other_contacts` if the source ties it to no step; or remove it",
                    };
                    self.err(
                        span,
                        &join(&path, "id"),
                        format!(
                            "{} `{id}` is never reached: nothing refers to it",
                            kind.noun()
                        ),
                        Some(help.to_string()),
                    );
                }
            }
        }
    }
}
