//! Loading a protocol file (TOML) with source positions, and validating it.
//!
//! The file is parsed into TOML's spanned tree and then walked by hand rather
//! than through `serde`, so that *every* mistake is reported at once, each with
//! its line, column and field path, instead of stopping at the first.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::model::*;

/// Largest protocol file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
const MAX_ID: usize = 40;
const MAX_LABEL: usize = 300;
const MAX_TEXT: usize = 3000;
const MAX_ITEMS: usize = 60;

/// One mistake in a protocol file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    pub file: String,
    /// 1-based line and column.
    pub line: usize,
    pub column: usize,
    /// Dotted field path, e.g. `routes[0].stages[2].cite`.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Formats a list of errors the way the checker prints them, with the
/// offending source line under each.
pub fn render_errors(source: &str, errors: &[ProtocolError]) -> String {
    render(source, errors, "error")
}

/// [`render_errors`] for warnings.
pub fn render_warnings(source: &str, warnings: &[ProtocolError]) -> String {
    render(source, warnings, "warning")
}

fn render(source: &str, errors: &[ProtocolError], label: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!("{label}: {e}\n"));
        if let Some(text) = lines.get(e.line.saturating_sub(1)) {
            out.push_str(&format!("  {:>4} | {}\n", e.line, text));
        }
    }
    out
}

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
    let root = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    let protocol = protocol(&mut cx, &root);
    cx.check_references();
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
            // `protocol()` returns None only after recording an error.
            sort(&mut cx.errors);
            Err(cx.errors)
        }
    }
}

/// Kinds of id a file defines and refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
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

struct Reference {
    kind: Kind,
    id: String,
    span: Range<usize>,
    path: String,
    /// For option references: the question it must be an option of.
    within: Option<String>,
}

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
    /// Every anchor read, to check against the source texts at the end.
    anchors: Vec<AnchorUse>,
}

/// An anchor as written in the file.
struct AnchorUse {
    from: Option<String>,
    text: String,
    span: Range<usize>,
    path: String,
}

type Val<'i> = Spanned<DeValue<'i>>;
/// id → (where it is defined, its field path).
type IdsInScope = BTreeMap<String, (Range<usize>, String)>;

impl<'a> Cx<'a> {
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

    /// Every anchor read must be in the source text its cite names (or in
    /// any text given without an id), word for word.
    fn check_anchors(&mut self, sources: &[SourceFile]) {
        use super::anchors::{find, nearest, Found};
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

    fn define(&mut self, kind: Kind, scope: &str, id: &str, span: Range<usize>, path: &str) {
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

    fn refer(&mut self, kind: Kind, id: String, span: Range<usize>, path: String) {
        self.refs.push(Reference {
            kind,
            id,
            span,
            path,
            within: None,
        });
    }

    fn check_references(&mut self) {
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
                        Kind::Route => "name it as the `route` of a disagreement or question option, or remove it",
                        Kind::Question => "list it in a disagreement's `questions`, or remove it",
                        _ => "list it in a stage's or the emergency section's `contacts`, or remove it",
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

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest candidate within a small edit distance, for "did you mean".
pub fn suggest<'b>(word: &str, candidates: impl Iterator<Item = &'b str>) -> Option<&'b str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance in which swapping two neighbouring letters (`phnoe` for
/// `phone`) counts as one edit, like a single wrong letter.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: distance between a[..i] and b[..j].
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// Keys every table with a `cite` may also have.
const CITE_KEYS: &[&str] = &["anchor", "from"];

/// An anchor's length in words: long enough to be found once, short enough
/// to stay a locator rather than a quotation.
const ANCHOR_WORDS: std::ops::RangeInclusive<usize> = 3..=12;

/// A table being read: reports unknown keys on creation and missing ones on
/// request.
struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    path: String,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl<'t, 'i> Tbl<'t, 'i> {
    fn open(cx: &mut Cx, value: &'t Val<'i>, path: &str, known: &[&str]) -> Option<Self> {
        let DeValue::Table(table) = value.get_ref() else {
            cx.err(
                value.span(),
                path,
                format!("expected a table, found {}", type_name(value.get_ref())),
                None,
            );
            return None;
        };
        let cited = known.contains(&"cite");
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            let allowed = known.contains(&name) || (cited && CITE_KEYS.contains(&name));
            if !allowed {
                let help = match suggest(name, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("allowed keys here: {}", known.join(", ")),
                };
                cx.err(
                    key.span(),
                    &join(path, name),
                    format!("unknown key `{name}`"),
                    Some(help),
                );
            }
        }
        Some(Tbl {
            table,
            span: value.span(),
            path: path.to_string(),
        })
    }

    fn get(&self, key: &str) -> Option<&'t Val<'i>> {
        self.table.get(key)
    }

    fn missing(&self, cx: &mut Cx, key: &str, what: &str) {
        let span = self.span.start..self.span.start;
        cx.err(
            span,
            &join(&self.path, key),
            format!("missing field `{key}`"),
            Some(format!("add `{key} = {what}`")),
        );
    }

    fn opt_str(&self, cx: &mut Cx, key: &str, max: usize) -> Option<(String, Range<usize>)> {
        let v = self.get(key)?;
        let path = join(&self.path, key);
        match v.get_ref() {
            DeValue::String(s) => {
                let s = s.trim();
                if s.is_empty() {
                    cx.err(
                        v.span(),
                        &path,
                        format!("`{key}` is empty"),
                        Some("write the text, or remove the line if the field is optional".into()),
                    );
                    None
                } else if s.chars().count() > max {
                    cx.err(
                        v.span(),
                        &path,
                        format!(
                            "`{key}` is {} characters long; the most allowed is {max}",
                            s.chars().count()
                        ),
                        Some("shorten it: the widget shows this on a small screen".into()),
                    );
                    None
                } else if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                    cx.err(
                        v.span(),
                        &path,
                        format!("`{key}` contains a control character"),
                        Some("remove it".into()),
                    );
                    None
                } else {
                    Some((s.to_string(), v.span()))
                }
            }
            other => {
                cx.err(
                    v.span(),
                    &path,
                    format!("`{key}` must be text in quotes, found {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    fn req_str(&self, cx: &mut Cx, key: &str, max: usize) -> String {
        if self.get(key).is_none() {
            self.missing(cx, key, "\"…\"");
            return String::new();
        }
        self.opt_str(cx, key, max)
            .map(|(s, _)| s)
            .unwrap_or_default()
    }

    fn req_id(&self, cx: &mut Cx, key: &str) -> (String, Range<usize>) {
        if self.get(key).is_none() {
            self.missing(cx, key, "\"an-id\"");
            return (String::new(), self.span.clone());
        }
        let Some((id, span)) = self.opt_str(cx, key, MAX_ID) else {
            return (String::new(), self.span.clone());
        };
        if !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || id.starts_with('-')
        {
            let fixed: String = id
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            cx.err(
                span.clone(),
                &join(&self.path, key),
                format!("`{id}` is not a valid id: use lower-case letters, digits and hyphens"),
                Some(format!("for example `{}`", fixed.trim_matches('-'))),
            );
        }
        (id, span)
    }

    fn cite(&self, cx: &mut Cx) -> Cite {
        if self.get("cite").is_none() {
            let span = self.span.start..self.span.start;
            cx.err(
                span,
                &join(&self.path, "cite"),
                "missing field `cite`: every piece of guidance must say which section of the source it rests on".into(),
                Some("add `cite = \"<section of the source>\"`, e.g. `cite = \"Stage 3\"`".into()),
            );
            return Cite::default();
        }
        let section = self
            .opt_str(cx, "cite", MAX_LABEL)
            .map(|(s, _)| s)
            .unwrap_or_default();
        let from = self.opt_str(cx, "from", MAX_ID).and_then(|(id, span)| {
            if cx.texts.contains_key(&Some(id.clone())) {
                return Some(id);
            }
            let ids: Vec<String> = cx.texts.keys().flatten().cloned().collect();
            let help = match suggest(&id, ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name the text in a `[[sources]]` table with this id, or remove `from` to cite the main source".into(),
            };
            cx.err(
                span,
                &join(&self.path, "from"),
                format!("no `[[sources]]` entry has the id `{id}`"),
                Some(help),
            );
            None
        });
        let anchors = self.anchors(cx, &from);
        let (url, exact) = cx.texts.get(&from).cloned().unwrap_or((None, true));
        Cite {
            section,
            anchors,
            from,
            url,
            exact,
        }
    }

    /// `anchor = "…"` or `anchor = ["…", "…"]`, each of [`ANCHOR_WORDS`]
    /// words; recorded for the check against the source texts.
    fn anchors(&self, cx: &mut Cx, from: &Option<String>) -> Vec<String> {
        let path = join(&self.path, "anchor");
        let found: Vec<(String, Range<usize>)> = match self.get("anchor").map(|v| v.get_ref()) {
            None => {
                let (message, help) = (
                    "no `anchor`: add a short phrase copied exactly from the passage this rests on, so that anyone can check it".to_string(),
                    Some("add `anchor = \"<3 to 12 words copied from the source>\"` beside the `cite`".to_string()),
                );
                let span = self.get("cite").map_or(self.span.clone(), |v| v.span());
                if cx.require_anchors {
                    cx.err(span, &path, message, help);
                } else {
                    cx.warn(span, &path, message, help);
                }
                return Vec::new();
            }
            Some(DeValue::String(_)) => self.opt_str(cx, "anchor", MAX_LABEL).into_iter().collect(),
            Some(DeValue::Array(_)) => self.str_list(cx, "anchor", MAX_LABEL),
            Some(other) => {
                let span = self.get("anchor").map_or(self.span.clone(), |v| v.span());
                cx.err(
                    span,
                    &path,
                    format!(
                        "`anchor` must be text in quotes or a list of them, found {}",
                        type_name(other)
                    ),
                    None,
                );
                return Vec::new();
            }
        };
        for (text, span) in &found {
            let words = text.split_whitespace().count();
            if !ANCHOR_WORDS.contains(&words) {
                cx.err(
                    span.clone(),
                    &path,
                    format!(
                        "this anchor has {words} word(s); an anchor has {} to {}",
                        ANCHOR_WORDS.start(),
                        ANCHOR_WORDS.end()
                    ),
                    Some("copy a short phrase that occurs once in the passage; use a list for several passages".into()),
                );
            }
            cx.anchors.push(AnchorUse {
                from: from.clone(),
                text: text.clone(),
                span: span.clone(),
                path: path.clone(),
            });
        }
        found.into_iter().map(|(t, _)| t).collect()
    }

    fn opt_bool(&self, cx: &mut Cx, key: &str) -> bool {
        match self.get(key).map(|v| (v.get_ref(), v.span())) {
            None => false,
            Some((DeValue::Boolean(b), _)) => *b,
            Some((other, span)) => {
                cx.err(
                    span,
                    &join(&self.path, key),
                    format!("`{key}` must be true or false, found {}", type_name(other)),
                    None,
                );
                false
            }
        }
    }

    /// The entries of the list `key`; `of_tables` says whether its entries
    /// are tables (`[[key]]`) or texts, for the help.
    fn list(&self, cx: &mut Cx, key: &str, of_tables: bool) -> Vec<&'t Val<'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => {
                if items.len() > MAX_ITEMS {
                    cx.err(
                        v.span(),
                        &join(&self.path, key),
                        format!(
                            "`{key}` has {} entries; the most allowed is {MAX_ITEMS}",
                            items.len()
                        ),
                        None,
                    );
                }
                items.iter().collect()
            }
            other => {
                cx.err(
                    v.span(),
                    &join(&self.path, key),
                    format!("`{key}` must be a list, found {}", type_name(other)),
                    Some(if of_tables {
                        format!(
                            "write each entry as a `[[{}]]` table",
                            join(&self.path, key)
                        )
                    } else {
                        format!("write `{key} = [\"…\", \"…\"]`")
                    }),
                );
                Vec::new()
            }
        }
    }

    fn str_list(&self, cx: &mut Cx, key: &str, max: usize) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        for (i, v) in self.list(cx, key, false).into_iter().enumerate() {
            let path = format!("{}[{i}]", join(&self.path, key));
            match v.get_ref() {
                DeValue::String(s) if s.trim().is_empty() => {
                    cx.err(v.span(), &path, "empty text in the list".into(), None)
                }
                DeValue::String(s) if s.chars().count() > max => cx.err(
                    v.span(),
                    &path,
                    format!(
                        "this entry is {} characters long; the most allowed is {max}",
                        s.chars().count()
                    ),
                    None,
                ),
                DeValue::String(s)
                    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') =>
                {
                    cx.err(
                        v.span(),
                        &path,
                        "this entry contains a control character".into(),
                        Some("remove it".into()),
                    )
                }
                DeValue::String(s) => out.push((s.trim().to_string(), v.span())),
                other => cx.err(
                    v.span(),
                    &path,
                    format!("expected text in quotes, found {}", type_name(other)),
                    None,
                ),
            }
        }
        out
    }

    fn tables(&self, cx: &mut Cx, key: &str) -> Vec<(String, &'t Val<'i>)> {
        let base = join(&self.path, key);
        self.list(cx, key, true)
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("{base}[{i}]"), v))
            .collect()
    }

    fn req_tables(&self, cx: &mut Cx, key: &str) -> Vec<(String, &'t Val<'i>)> {
        if self.get(key).is_none() {
            let span = self.span.start..self.span.start;
            cx.err(
                span,
                &join(&self.path, key),
                format!(
                    "missing `[[{}]]`: at least one is needed",
                    join(&self.path, key)
                ),
                None,
            );
        }
        let t = self.tables(cx, key);
        if t.is_empty() && self.get(key).is_some() {
            cx.err(
                self.get(key).map(|v| v.span()).unwrap_or(0..0),
                &join(&self.path, key),
                format!("`{key}` is empty: at least one is needed"),
                None,
            );
        }
        t
    }

    fn sub(&self, cx: &mut Cx, key: &str, known: &[&str]) -> Option<Tbl<'t, 'i>> {
        match self.get(key) {
            Some(v) => Tbl::open(cx, v, &join(&self.path, key), known),
            None => {
                let span = self.span.start..self.span.start;
                cx.err(
                    span,
                    &join(&self.path, key),
                    format!("missing table `[{}]`", join(&self.path, key)),
                    None,
                );
                None
            }
        }
    }
}

fn cited_text(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<CitedText> {
    let t = Tbl::open(cx, v, path, &["text", "cite"])?;
    Some(CitedText {
        text: t.req_str(cx, "text", MAX_TEXT),
        cite: t.cite(cx),
    })
}

fn protocol(cx: &mut Cx, root: &Val<'_>) -> Option<Protocol> {
    const KEYS: &[&str] = &[
        "id",
        "name",
        "short_name",
        "area",
        "covers",
        "source",
        "sources",
        "form",
        "emergency",
        "contacts",
        "urgencies",
        "questions",
        "disagreements",
        "routes",
        "special_cases",
        "tips",
        "after_resolution",
        "exhausted",
    ];
    let t = Tbl::open(cx, root, "", KEYS)?;
    let (id, _) = t.req_id(cx, "id");
    let name = t.req_str(cx, "name", MAX_LABEL);
    let short_name = t.req_str(cx, "short_name", MAX_ID);
    let area = t.req_str(cx, "area", MAX_LABEL);

    let mut covers = Vec::new();
    if t.get("covers").is_none() {
        t.missing(cx, "covers", "[\"children\"]");
    }
    for (i, (c, span)) in t.str_list(cx, "covers", MAX_ID).into_iter().enumerate() {
        match c.as_str() {
            "children" => covers.push(Subject::Children),
            "adults" => covers.push(Subject::Adults),
            other => {
                let help = suggest(other, ["children", "adults"].into_iter())
                    .map_or("use \"children\", \"adults\" or both".to_string(), |s| {
                        format!("did you mean `{s}`?")
                    });
                cx.err(
                    span,
                    &format!("covers[{i}]"),
                    format!("unknown subject `{other}`"),
                    Some(help),
                );
            }
        }
    }
    covers.dedup();
    if covers.is_empty() {
        if let Some(v) = t.get("covers") {
            if matches!(v.get_ref(), DeValue::Array(a) if a.is_empty()) {
                cx.err(
                    v.span(),
                    "covers",
                    "`covers` is empty: say who the protocol is for".into(),
                    Some("write `covers = [\"children\"]`, `[\"adults\"]` or both".into()),
                );
            }
        }
    }

    let source = t.sub(cx, "source", &["title", "url", "reviewed"]).map(|s| {
        let url = s.opt_str(cx, "url", MAX_LABEL).map(|(u, _)| u);
        if let Some(u) = &url {
            check_url(cx, &s, "url", u);
        }
        Source {
            title: s.req_str(cx, "title", MAX_LABEL),
            url,
            reviewed: s.opt_str(cx, "reviewed", MAX_LABEL).map(|x| x.0),
        }
    });
    cx.texts
        .insert(None, (source.as_ref().and_then(|s| s.url.clone()), true));
    let sources: Vec<SourceText> = t
        .tables(cx, "sources")
        .into_iter()
        .filter_map(|(p, v)| source_text(cx, v, &p))
        .collect();
    let form = t
        .sub(cx, "form", &["title", "recipient", "cite"])
        .map(|f| FormInfo {
            title: f.req_str(cx, "title", MAX_LABEL),
            recipient: f.req_str(cx, "recipient", MAX_LABEL),
            cite: f.cite(cx),
        });
    let emergency = t
        .sub(cx, "emergency", &["summary", "actions", "contacts", "cite"])
        .map(|e| {
            let actions = e
                .tables(cx, "actions")
                .into_iter()
                .filter_map(|(p, v)| cited_text(cx, v, &p))
                .collect();
            // May be empty: 999 is the widget's own baseline, and several
            // sources name no front door.
            let contacts = ref_list(cx, &e, "contacts", Kind::Contact);
            Emergency {
                summary: e.req_str(cx, "summary", MAX_TEXT),
                actions,
                contacts,
                cite: e.cite(cx),
            }
        });

    // May be empty: a source may give no contact at all (999 is the
    // widget's own).
    let contacts = t
        .tables(cx, "contacts")
        .into_iter()
        .filter_map(|(p, v)| contact(cx, v, &p))
        .collect();
    let urgencies = t
        .req_tables(cx, "urgencies")
        .into_iter()
        .filter_map(|(p, v)| urgency(cx, v, &p))
        .collect();
    let questions = t
        .tables(cx, "questions")
        .into_iter()
        .filter_map(|(p, v)| question(cx, v, &p))
        .collect();
    let disagreements = t
        .req_tables(cx, "disagreements")
        .into_iter()
        .filter_map(|(p, v)| disagreement(cx, v, &p, &covers))
        .collect();
    let routes = t
        .req_tables(cx, "routes")
        .into_iter()
        .filter_map(|(p, v)| route(cx, v, &p))
        .collect();
    let special_cases = t
        .tables(cx, "special_cases")
        .into_iter()
        .filter_map(|(p, v)| special_case(cx, v, &p))
        .collect();
    let tips = t
        .tables(cx, "tips")
        .into_iter()
        .filter_map(|(p, v)| cited_text(cx, v, &p))
        .collect();
    let after_resolution: Vec<CitedText> = t
        .req_tables(cx, "after_resolution")
        .into_iter()
        .filter_map(|(p, v)| cited_text(cx, v, &p))
        .collect();
    let exhausted = match t.get("exhausted") {
        Some(v) => cited_text(cx, v, "exhausted"),
        None => {
            t.missing(cx, "exhausted", "{ text = \"…\", cite = \"…\" }");
            None
        }
    };

    Some(Protocol {
        id,
        name,
        short_name,
        area,
        covers,
        source: source?,
        sources,
        form: form?,
        emergency: emergency?,
        contacts,
        urgencies,
        questions,
        disagreements,
        routes,
        special_cases,
        tips,
        after_resolution,
        exhausted: exhausted?,
    })
}

fn source_text(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<SourceText> {
    let t = Tbl::open(cx, v, path, &["id", "title", "url", "summary"])?;
    let (id, span) = t.req_id(cx, "id");
    let url = t.opt_str(cx, "url", MAX_LABEL).map(|(u, _)| u);
    if let Some(u) = &url {
        check_url(cx, &t, "url", u);
    }
    let summary = t.opt_bool(cx, "summary");
    if id == "main" || cx.texts.contains_key(&Some(id.clone())) {
        cx.err(
            span,
            &join(path, "id"),
            format!("the source id `{id}` is taken"),
            Some("give each `[[sources]]` entry its own id (`main` names `[source]`)".into()),
        );
    } else if !id.is_empty() {
        cx.texts.insert(Some(id.clone()), (url.clone(), !summary));
    }
    Some(SourceText {
        id,
        title: t.req_str(cx, "title", MAX_LABEL),
        url,
        summary,
    })
}

fn ref_list(cx: &mut Cx, t: &Tbl, key: &str, kind: Kind) -> Vec<String> {
    let items = t.str_list(cx, key, MAX_ID);
    let mut out = Vec::new();
    for (i, (id, span)) in items.into_iter().enumerate() {
        cx.refer(
            kind,
            id.clone(),
            span,
            format!("{}[{i}]", join(&t.path, key)),
        );
        out.push(id);
    }
    out
}

fn check_url(cx: &mut Cx, t: &Tbl, key: &str, url: &str) {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > 10
        && !url.contains(char::is_whitespace)
        && !url.contains(['"', '<', '>']);
    if !ok {
        let span = t.get(key).map(|v| v.span()).unwrap_or(0..0);
        cx.err(
            span,
            &join(&t.path, key),
            format!("`{url}` is not a web address"),
            Some("write the full address, starting with https://".into()),
        );
    }
}

/// UK numbers as sources print them: 999, or 11 digits starting 0 (or +44).
fn valid_phone(p: &str) -> bool {
    if !p
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '+')
    {
        return false;
    }
    let digits: String = p.chars().filter(char::is_ascii_digit).collect();
    digits == "999"
        || digits == "112"
        || (digits.len() == 11 && digits.starts_with('0') && !p.contains('+'))
        || (p.starts_with("+44") && digits.len() == 12)
}

fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn contact(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<Contact> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &["id", "name", "phone", "email", "url", "note", "cite"],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Contact, "", &id, span, path);
    let phone = t.opt_str(cx, "phone", MAX_ID).map(|(p, _)| p);
    if let Some(p) = &phone {
        if p.trim() == "999" {
            let span = t.get("phone").map(|v| v.span()).unwrap_or(0..0);
            cx.err(
                span,
                &join(path, "phone"),
                "999 is not a protocol contact: the widget always shows \"call 999\" first itself when someone may be at risk of immediate harm".into(),
                Some("remove this contact (and its id from `emergency.contacts`); list only the contacts your source gives, such as the MASH".into()),
            );
        } else if !valid_phone(p) {
            let span = t.get("phone").map(|v| v.span()).unwrap_or(0..0);
            cx.err(
                span,
                &join(path, "phone"),
                format!("`{p}` is not a UK phone number"),
                Some("write it as the source prints it, e.g. \"0345 155 1071\"".into()),
            );
        }
    }
    let email = t.opt_str(cx, "email", MAX_LABEL).map(|(e, _)| e);
    if let Some(e) = &email {
        if !valid_email(e) {
            let span = t.get("email").map(|v| v.span()).unwrap_or(0..0);
            cx.err(
                span,
                &join(path, "email"),
                format!("`{e}` is not an email address"),
                Some("write it as name@example.org.uk".into()),
            );
        }
    }
    let url = t.opt_str(cx, "url", MAX_LABEL).map(|(u, _)| u);
    if let Some(u) = &url {
        check_url(cx, &t, "url", u);
    }
    if phone.is_none()
        && email.is_none()
        && url.is_none()
        && t.get("phone").is_none()
        && t.get("email").is_none()
        && t.get("url").is_none()
    {
        cx.err(t.span.clone(), path, format!("contact `{id}` has no phone, email or url"), Some("give at least one, exactly as the source prints it; a role without a contact belongs in a stage's `contact_role`".into()));
    }
    Some(Contact {
        id,
        name: t.req_str(cx, "name", MAX_LABEL),
        phone,
        email,
        url,
        note: t.opt_str(cx, "note", MAX_TEXT).map(|x| x.0),
        cite: t.cite(cx),
    })
}

fn urgency(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<Urgency> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &["id", "label", "hint", "may_skip_stages", "guidance", "cite"],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Urgency, "", &id, span, path);
    Some(Urgency {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        may_skip_stages: t.opt_bool(cx, "may_skip_stages"),
        guidance: t.opt_str(cx, "guidance", MAX_TEXT).map(|x| x.0),
        cite: t.cite(cx),
    })
}

fn question(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<Question> {
    let t = Tbl::open(cx, v, path, &["id", "label", "hint", "options", "cite"])?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Question, "", &id, span, path);
    let mut options = Vec::new();
    for (p, ov) in t.req_tables(cx, "options") {
        let Some(o) = Tbl::open(cx, ov, &p, &["id", "label", "route"]) else {
            continue;
        };
        let (oid, ospan) = o.req_id(cx, "id");
        // Options live in their question's scope.
        let map = cx.ids.entry((Kind::Option, id.clone())).or_default();
        if map
            .insert(oid.clone(), (ospan.clone(), p.clone()))
            .is_some()
        {
            cx.err(
                ospan,
                &join(&p, "id"),
                format!("duplicate option id `{oid}` in question `{id}`"),
                Some("give each option a different id".into()),
            );
        }
        let route = o.opt_str(cx, "route", MAX_ID).map(|(r, span)| {
            cx.refer(Kind::Route, r.clone(), span, join(&p, "route"));
            r
        });
        options.push(QuestionOption {
            id: oid,
            label: o.req_str(cx, "label", MAX_LABEL),
            route,
        });
    }
    Some(Question {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        options,
        cite: t.cite(cx),
    })
}

fn subject(cx: &mut Cx, t: &Tbl, key: &str) -> Option<Subject> {
    let (s, span) = t.opt_str(cx, key, MAX_ID)?;
    match s.as_str() {
        "children" => Some(Subject::Children),
        "adults" => Some(Subject::Adults),
        other => {
            cx.err(
                span,
                &join(&t.path, key),
                format!("unknown subject `{other}`"),
                Some("use \"children\" or \"adults\", or leave it out for both".into()),
            );
            None
        }
    }
}

fn disagreement(cx: &mut Cx, v: &Val<'_>, path: &str, covers: &[Subject]) -> Option<Disagreement> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &[
            "id",
            "label",
            "hint",
            "subject",
            "questions",
            "route",
            "cite",
        ],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Disagreement, "", &id, span, path);
    let questions = ref_list(cx, &t, "questions", Kind::Question);
    let route = if t.get("route").is_none() {
        t.missing(cx, "route", "\"a-route-id\"");
        String::new()
    } else {
        t.opt_str(cx, "route", MAX_ID)
            .map(|(r, span)| {
                cx.refer(Kind::Route, r.clone(), span, join(path, "route"));
                r
            })
            .unwrap_or_default()
    };
    let subject = subject(cx, &t, "subject");
    if let (Some(s), Some(v)) = (subject, t.get("subject")) {
        if !covers.is_empty() && !covers.contains(&s) {
            cx.err(
                v.span(),
                &join(path, "subject"),
                format!(
                    "this disagreement is for {} but the protocol's `covers` does not include them",
                    s.id()
                ),
                Some(format!(
                    "add \"{}\" to `covers`, or remove `subject`",
                    s.id()
                )),
            );
        }
    }
    Some(Disagreement {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        subject,
        questions,
        route,
        cite: t.cite(cx),
    })
}

fn route(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<Route> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &["id", "name", "summary", "stages", "exhausted", "cite"],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Route, "", &id, span, path);
    let stages = t
        .req_tables(cx, "stages")
        .into_iter()
        .filter_map(|(p, sv)| stage(cx, sv, &p, &id))
        .collect();
    Some(Route {
        id,
        name: t.req_str(cx, "name", MAX_LABEL),
        summary: t.opt_str(cx, "summary", MAX_TEXT).map(|x| x.0),
        stages,
        exhausted: t
            .get("exhausted")
            .and_then(|e| cited_text(cx, e, &join(path, "exhausted"))),
        cite: t.cite(cx),
    })
}

fn stage(cx: &mut Cx, v: &Val<'_>, path: &str, route_id: &str) -> Option<Stage> {
    const KEYS: &[&str] = &[
        "id",
        "name",
        "who",
        "contact_role",
        "contacts",
        "action",
        "prepare",
        "record",
        "timescale",
        "submits_form",
        "alternatives",
        "cite",
    ];
    let t = Tbl::open(cx, v, path, KEYS)?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Stage, route_id, &id, span, path);
    let contacts = ref_list(cx, &t, "contacts", Kind::Contact);
    let timescale = t.get("timescale").and_then(|tv| {
        let p = join(path, "timescale");
        let ts = Tbl::open(cx, tv, &p, &["text", "working_days", "cite"])?;
        let working_days = match ts.get("working_days").map(|v| (v.get_ref(), v.span())) {
            None => None,
            Some((DeValue::Integer(n), span)) => match n.as_str().parse::<u32>() {
                Ok(d) if (1..=60).contains(&d) => Some(d),
                _ => {
                    cx.err(
                        span,
                        &join(&p, "working_days"),
                        format!(
                            "`working_days` must be between 1 and 60, found {}",
                            n.as_str()
                        ),
                        None,
                    );
                    None
                }
            },
            Some((other, span)) => {
                cx.err(
                    span,
                    &join(&p, "working_days"),
                    format!(
                        "`working_days` must be a whole number, found {}",
                        type_name(other)
                    ),
                    None,
                );
                None
            }
        };
        Some(Timescale {
            text: ts.req_str(cx, "text", MAX_LABEL),
            working_days,
            cite: ts.cite(cx),
        })
    });
    let mut alternatives = Vec::new();
    for (p, av) in t.tables(cx, "alternatives") {
        let Some(a) = Tbl::open(cx, av, &p, &["text", "when", "cite"]) else {
            continue;
        };
        let when = a.get("when").and_then(|wv| {
            let wp = join(&p, "when");
            let w = Tbl::open(cx, wv, &wp, &["question", "option"])?;
            let q = w.req_str(cx, "question", MAX_ID);
            let o = w.req_str(cx, "option", MAX_ID);
            if let Some(qv) = w.get("question") {
                cx.refer(Kind::Question, q.clone(), qv.span(), join(&wp, "question"));
            }
            if let Some(ov) = w.get("option") {
                cx.refs.push(Reference {
                    kind: Kind::Option,
                    id: o.clone(),
                    span: ov.span(),
                    path: join(&wp, "option"),
                    within: Some(q.clone()),
                });
            }
            Some((q, o))
        });
        alternatives.push(Alternative {
            text: a.req_str(cx, "text", MAX_TEXT),
            when,
            cite: a.cite(cx),
        });
    }
    Some(Stage {
        id,
        name: t.req_str(cx, "name", MAX_LABEL),
        who: t.req_str(cx, "who", MAX_LABEL),
        contact_role: t.req_str(cx, "contact_role", MAX_LABEL),
        contacts,
        action: t.req_str(cx, "action", MAX_TEXT),
        prepare: t
            .str_list(cx, "prepare", MAX_TEXT)
            .into_iter()
            .map(|x| x.0)
            .collect(),
        record: t
            .str_list(cx, "record", MAX_TEXT)
            .into_iter()
            .map(|x| x.0)
            .collect(),
        timescale,
        submits_form: t.opt_bool(cx, "submits_form"),
        alternatives,
        cite: t.cite(cx),
    })
}

fn special_case(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<SpecialCase> {
    let t = Tbl::open(cx, v, path, &["id", "label", "hint", "guidance", "cite"])?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::SpecialCase, "", &id, span, path);
    Some(SpecialCase {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        guidance: t.req_str(cx, "guidance", MAX_TEXT),
        cite: t.cite(cx),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_near_misses_only() {
        assert_eq!(
            suggest("stage-3", ["stage-2", "route"].into_iter()),
            Some("stage-2")
        );
        assert_eq!(
            suggest("contact_rol", ["contact_role", "cite"].into_iter()),
            Some("contact_role")
        );
        assert_eq!(suggest("zzz", ["children", "adults"].into_iter()), None);
        // A swap of two neighbouring letters is one edit.
        assert_eq!(
            suggest("phnoe", ["name", "phone", "note"].into_iter()),
            Some("phone")
        );
        assert_eq!(edit_distance("phnoe", "phone"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn phone_numbers_as_sources_print_them() {
        assert!(valid_phone("999"));
        assert!(valid_phone("0345 155 1071"));
        assert!(valid_phone("01392 383000"));
        assert!(!valid_phone("0345 155 107"));
        assert!(!valid_phone("call 999"));
    }

    #[test]
    fn a_list_of_the_wrong_type_gets_help_for_its_kind() {
        let example = include_str!("../../../tests/fixtures/protocols/example.toml");
        let help = |from: &str, to: &str| {
            assert!(example.contains(from), "{from}");
            let errors = load_str("x.toml", &example.replacen(from, to, 1)).unwrap_err();
            errors[0].help.clone().unwrap_or_default()
        };
        // A list of texts: no `[[covers]]` tables suggested.
        let h = help("covers = [\"children\"]", "covers = \"children\"");
        assert!(h.contains("covers = [") && !h.contains("[["), "{h}");
        // A list of tables: the `[[…]]` heading, with its full path.
        let block = "[[special_cases]]\nid = \"stuck\"\nlabel = \"The professionals involved are stuck\"\nguidance = \"Tell the Business Unit, which can offer a mediator.\"\ncite = \"Section 6\"\nanchor = \"which can arrange a mediator\"\n";
        assert!(example.contains(block));
        let text = example.replacen(block, "", 1).replacen(
            "covers = [\"children\"]",
            "covers = [\"children\"]\nspecial_cases = \"stuck\"",
            1,
        );
        let errors = load_str("x.toml", &text).unwrap_err();
        let [e] = errors.as_slice() else {
            panic!("{errors:?}")
        };
        assert_eq!((e.line, e.path.as_str()), (12, "special_cases"));
        let h = e.help.clone().unwrap_or_default();
        assert!(h.contains("`[[special_cases]]`"), "{h}");
    }

    #[test]
    fn emails() {
        assert!(valid_email("DSP@darlington.gov.uk"));
        assert!(!valid_email("dsp@darlington"));
        assert!(!valid_email("dsp darlington.gov.uk"));
    }
}
