//! The positioned TOML reader: a table of the spanned tree read field by
//! field, each read checking the value's type and limits and reporting a
//! mistake at the value's own line and column, so that a walk over the
//! schema can go on past it.

use std::ops::Range;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::refs::AnchorUse;
use super::suggest::suggest;
use super::{Cx, MAX_ID, MAX_ITEMS, MAX_LABEL};
use crate::protocol::model::Cite;

/// A value of the spanned tree, with its byte range in the file.
pub(super) type Val<'i> = Spanned<DeValue<'i>>;

/// Keys every table with a `cite` may also have.
const CITE_KEYS: &[&str] = &["anchor", "from", "also"];

/// An anchor's length in words: long enough to be found once, short enough
/// to stay a locator rather than a quotation.
const ANCHOR_WORDS: std::ops::RangeInclusive<usize> = 3..=12;

/// A table being read: reports unknown keys on creation and missing ones on
/// request.
pub(super) struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    pub(super) span: Range<usize>,
    pub(super) path: String,
}

/// The field path of `key` in the table at `path`.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A value's type, in the words a message uses.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
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
    pub(super) fn open(
        cx: &mut Cx,
        value: &'t Val<'i>,
        path: &str,
        known: &[&str],
    ) -> Option<Self> {
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

    pub(super) fn get(&self, key: &str) -> Option<&'t Val<'i>> {
        self.table.get(key)
    }

    pub(super) fn missing(&self, cx: &mut Cx, key: &str, what: &str) {
        let span = self.span.start..self.span.start;
        cx.err(
            span,
            &join(&self.path, key),
            format!("missing field `{key}`"),
            Some(format!("add `{key} = {what}`")),
        );
    }

    pub(super) fn opt_str(
        &self,
        cx: &mut Cx,
        key: &str,
        max: usize,
    ) -> Option<(String, Range<usize>)> {
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

    pub(super) fn req_str(&self, cx: &mut Cx, key: &str, max: usize) -> String {
        if self.get(key).is_none() {
            self.missing(cx, key, "\"…\"");
            return String::new();
        }
        self.opt_str(cx, key, max)
            .map(|(s, _)| s)
            .unwrap_or_default()
    }

    pub(super) fn req_id(&self, cx: &mut Cx, key: &str) -> (String, Range<usize>) {
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

    pub(super) fn cite(&self, cx: &mut Cx) -> Cite {
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
            also: self.also(cx),
        }
    }

    /// `also = { cite = "…", anchor = "…", from = "…" }`, or a list of
    /// such tables: the other passages a piece of guidance rests on, each
    /// read as a cite of its own (its anchors checked against its source).
    fn also(&self, cx: &mut Cx) -> Vec<Cite> {
        let Some(v) = self.get("also") else {
            return Vec::new();
        };
        let path = join(&self.path, "also");
        let tables: Vec<(String, &'t Val<'i>)> = match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("{path}[{i}]"), t))
                .collect(),
            _ => vec![(path, v)],
        };
        tables
            .into_iter()
            .filter_map(|(p, t)| Tbl::open(cx, t, &p, &["cite"]).map(|t| t.cite(cx)))
            .collect()
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

    pub(super) fn opt_bool(&self, cx: &mut Cx, key: &str) -> bool {
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

    pub(super) fn str_list(
        &self,
        cx: &mut Cx,
        key: &str,
        max: usize,
    ) -> Vec<(String, Range<usize>)> {
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

    pub(super) fn tables(&self, cx: &mut Cx, key: &str) -> Vec<(String, &'t Val<'i>)> {
        let base = join(&self.path, key);
        self.list(cx, key, true)
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("{base}[{i}]"), v))
            .collect()
    }

    pub(super) fn req_tables(&self, cx: &mut Cx, key: &str) -> Vec<(String, &'t Val<'i>)> {
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

    pub(super) fn sub(&self, cx: &mut Cx, key: &str, known: &[&str]) -> Option<Tbl<'t, 'i>> {
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

#[cfg(test)]
mod tests {
    use crate::protocol::load_str;

    #[test]
    fn a_list_of_the_wrong_type_gets_help_for_its_kind() {
        let example = include_str!("../../../../tests/fixtures/protocols/example.toml");
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
}
