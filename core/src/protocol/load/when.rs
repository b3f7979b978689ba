//! `when = { … }`: a condition, read with every mistake placed. Its ids are
//! references like any other (checked once the whole file is read, with
//! "did you mean"); whether any answers can satisfy it is checked on the
//! loaded protocol (`super::super::check`).

use toml::de::DeValue;

use super::reader::{join, type_name, Tbl, Val};
use super::refs::{Kind, Reference};
use super::{Cx, MAX_ID};
use crate::protocol::model::Subject;
use crate::protocol::when::{When, MAX_DEPTH};

const KEYS: &[&str] = &[
    "subject",
    "urgency",
    "harm",
    "disagreement",
    "route",
    "answer",
    "special",
    "all",
    "any",
    "not",
];

/// Reads a condition table; `None` after reporting what is wrong.
pub(super) fn when(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<When> {
    read(cx, v, path, 0)
}

fn read(cx: &mut Cx, v: &Val<'_>, path: &str, depth: usize) -> Option<When> {
    if depth > MAX_DEPTH {
        cx.err(
            v.span(),
            path,
            format!("this condition nests `all`, `any` and `not` more than {MAX_DEPTH} deep"),
            Some("write it more simply: several keys in one table must all hold".into()),
        );
        return None;
    }
    let t = Tbl::open(cx, v, path, KEYS)?;
    let mut tests = Vec::new();
    if let Some((s, span)) = t.opt_str(cx, "subject", MAX_ID) {
        match s.as_str() {
            "children" => tests.push(When::Subject(Subject::Children)),
            "adults" => tests.push(When::Subject(Subject::Adults)),
            other => cx.err(
                span,
                &join(path, "subject"),
                format!("unknown subject `{other}`"),
                Some("use \"children\" or \"adults\"".into()),
            ),
        }
    }
    if t.get("harm").is_some() {
        tests.push(When::Harm(t.opt_bool(cx, "harm")));
    }
    for (key, kind) in [
        ("urgency", Kind::Urgency),
        ("disagreement", Kind::Disagreement),
        ("route", Kind::Route),
    ] {
        if let Some(ids) = ids(cx, &t, key, kind, None) {
            tests.push(match kind {
                Kind::Urgency => When::Urgency(ids),
                Kind::Disagreement => When::Disagreement(ids),
                _ => When::Route(ids),
            });
        }
    }
    if let Some((id, span)) = t.opt_str(cx, "special", MAX_ID) {
        cx.refer(Kind::SpecialCase, id.clone(), span, join(path, "special"));
        tests.push(When::Special(id));
    }
    if let Some(av) = t.get("answer") {
        let ap = join(path, "answer");
        if let DeValue::Table(table) = av.get_ref() {
            let questions: Vec<String> =
                table.iter().map(|(k, _)| k.get_ref().to_string()).collect();
            let at = Tbl::open(
                cx,
                av,
                &ap,
                &questions.iter().map(String::as_str).collect::<Vec<_>>(),
            )?;
            for (q, (key, _)) in questions.iter().zip(table.iter()) {
                cx.refer(Kind::Question, q.clone(), key.span(), join(&ap, q));
                if let Some(options) = ids(cx, &at, q, Kind::Option, Some(q)) {
                    tests.push(When::Answer {
                        question: q.clone(),
                        options,
                    });
                }
            }
        } else {
            cx.err(
                av.span(),
                &ap,
                format!(
                    "`answer` must be a table, found {}",
                    type_name(av.get_ref())
                ),
                Some("write `answer = { question-id = \"option-id\" }`".into()),
            );
        }
    }
    for key in ["all", "any"] {
        let Some(lv) = t.get(key) else {
            continue;
        };
        let lp = join(path, key);
        let DeValue::Array(items) = lv.get_ref() else {
            cx.err(
                lv.span(),
                &lp,
                format!(
                    "`{key}` must be a list of conditions, found {}",
                    type_name(lv.get_ref())
                ),
                Some(format!(
                    "write `{key} = [{{ route = \"…\" }}, {{ harm = true }}]`"
                )),
            );
            continue;
        };
        let parts: Vec<When> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| read(cx, item, &format!("{lp}[{i}]"), depth + 1))
            .collect();
        if parts.is_empty() {
            cx.err(
                lv.span(),
                &lp,
                format!("`{key}` is empty"),
                Some("list at least one condition".into()),
            );
            continue;
        }
        tests.push(if key == "all" {
            When::All(parts)
        } else {
            When::Any(parts)
        });
    }
    if let Some(nv) = t.get("not") {
        if let Some(inner) = read(cx, nv, &join(path, "not"), depth + 1) {
            tests.push(When::Not(Box::new(inner)));
        }
    }
    match tests.len() {
        0 => {
            cx.err(
                v.span(),
                path,
                "this condition tests nothing".into(),
                Some(format!("use one of: {}", KEYS.join(", "))),
            );
            None
        }
        1 => tests.pop(),
        _ => Some(When::All(tests)),
    }
}

/// One id or a list of ids under `key`, each recorded as a reference.
fn ids(cx: &mut Cx, t: &Tbl, key: &str, kind: Kind, within: Option<&str>) -> Option<Vec<String>> {
    let v = t.get(key)?;
    let path = join(&t.path, key);
    let found: Vec<(String, std::ops::Range<usize>)> = match v.get_ref() {
        DeValue::String(_) => t.opt_str(cx, key, MAX_ID).into_iter().collect(),
        DeValue::Array(_) => t.str_list(cx, key, MAX_ID),
        other => {
            cx.err(
                v.span(),
                &path,
                format!(
                    "`{key}` must be an id in quotes or a list of ids, found {}",
                    type_name(other)
                ),
                None,
            );
            return None;
        }
    };
    if found.is_empty() {
        cx.err(v.span(), &path, format!("`{key}` names no id"), None);
        return None;
    }
    for (id, span) in &found {
        cx.refs.push(Reference {
            kind,
            id: id.clone(),
            span: span.clone(),
            path: path.clone(),
            within: within.map(str::to_string),
        });
    }
    Some(found.into_iter().map(|(id, _)| id).collect())
}
