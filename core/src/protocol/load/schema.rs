//! The schema walk: the protocol file's tables, field by field, into the
//! model. Every mistake is recorded and the walk goes on, so that one run
//! reports them all; ids and anchors are recorded for the checks that need
//! the whole file (`refs`).

use toml::de::DeValue;

use super::reader::{join, type_name, Tbl, Val};
use super::refs::{Kind, Reference};
use super::suggest::suggest;
use super::{Cx, MAX_ID, MAX_LABEL, MAX_TEXT};
use crate::protocol::model::*;
use crate::protocol::when::When;

fn cited_text(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<CitedText> {
    let t = Tbl::open(cx, v, path, &["text", "cite"])?;
    Some(CitedText::new(t.req_str(cx, "text", MAX_TEXT), t.cite(cx)))
}

/// A sentence the source may scope: `text`, `cite` and an optional `when`.
/// `group` names the single-valued slot it is one value of (an urgency's
/// notes, the form's recipients), for the overlap check.
fn scoped_text(
    cx: &mut Cx,
    v: &Val<'_>,
    path: &str,
    group: Option<super::Group>,
) -> Option<CitedText> {
    let t = Tbl::open(cx, v, path, &["text", "when", "cite"])?;
    let when = condition(cx, &t, group);
    Some(CitedText {
        text: t.req_str(cx, "text", MAX_TEXT),
        when,
        cite: t.cite(cx),
    })
}

/// The table's `when`, if any, kept for the checks on the loaded protocol.
fn condition(cx: &mut Cx, t: &Tbl, group: Option<super::Group>) -> Option<When> {
    let wv = t.get("when")?;
    let wp = join(&t.path, "when");
    let w = super::when::when(cx, wv, &wp)?;
    cx.conditions.push(super::Condition {
        when: w.clone(),
        span: wv.span(),
        path: wp,
        group,
    });
    Some(w)
}

/// A scoped sentence whose `when` is required (an urgency's notes, the
/// form's recipients, discretion, a stage's notes and `may_skip`):
/// `message` and `help` say why, for the error.
fn conditioned_text(
    cx: &mut Cx,
    v: &Val<'_>,
    path: &str,
    group: Option<super::Group>,
    message: String,
    help: &str,
) -> Option<CitedText> {
    let c = scoped_text(cx, v, path, group)?;
    if c.when.is_none() {
        cx.err(v.span(), &join(path, "when"), message, Some(help.into()));
    }
    Some(c)
}

/// "`key` needs `when`: why", for [`conditioned_text`].
fn needs_when(path: &str, why: &str) -> String {
    format!(
        "`{}` needs `when`: {why}",
        path.rsplit('.').next().unwrap_or(path)
    )
}

/// The help for a `when` that is missing where one is required.
const ADD_WHEN: &str = "add `when = { harm = true }` (or another condition)";

/// A single-valued slot (a title, a summary, a last word): one value, or a
/// list of values each with its `when` and at most one without (the value
/// for every other case). A plain string or table is that one value.
/// Returns the value for every case and the conditioned ones; `required`
/// slots given only as conditioned values are checked for a gap once the
/// protocol is loaded.
fn slot(
    cx: &mut Cx,
    t: &Tbl,
    key: &str,
    name: String,
    required: bool,
    text: bool,
) -> (Option<CitedText>, Vec<CitedText>) {
    let Some(v) = t.get(key) else {
        if required {
            t.missing(
                cx,
                key,
                if text {
                    "\"…\""
                } else {
                    "{ text = \"…\", cite = \"…\" }"
                },
            );
        }
        return (None, Vec::new());
    };
    let path = join(&t.path, key);
    match v.get_ref() {
        DeValue::Array(_) => {}
        DeValue::String(_) if text => {
            let s = t.opt_str(cx, key, MAX_TEXT).map(|x| x.0);
            return (s.map(|s| CitedText::new(s, Cite::default())), Vec::new());
        }
        _ => return (cited_text(cx, v, &path), Vec::new()),
    }
    let mut default: Option<CitedText> = None;
    let mut variants = Vec::new();
    for (p, item) in t.tables(cx, key) {
        let Some(c) = scoped_text(cx, item, &p, Some(super::Group::Slot(name.clone()))) else {
            continue;
        };
        if c.when.is_some() {
            variants.push(c);
        } else if default.is_some() {
            cx.err(
                item.span(),
                &p,
                format!("the {name} has two values without `when`"),
                Some("keep one value for every other case; give the rest a `when`".into()),
            );
        } else {
            default = Some(c);
        }
    }
    if required && default.is_none() && !variants.is_empty() {
        cx.needed.push(super::Needed {
            slot: name,
            whens: variants.iter().filter_map(|c| c.when.clone()).collect(),
            span: v.span(),
            path,
            with_route: !text,
        });
    }
    (default, variants)
}

pub(super) fn protocol(cx: &mut Cx, root: &Val<'_>) -> Option<Protocol> {
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
        "other_contacts",
        "discretion",
        "urgencies",
        "no_immediate_harm_urgency",
        "questions",
        "disagreements",
        "routes",
        "special_cases",
        "tips",
        "after_resolution",
        "exhausted",
        "outcomes",
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
        .sub(cx, "form", &["title", "recipient", "recipients", "cite"])
        .map(|f| {
            let mut recipients = Vec::new();
            for (p, v) in f.tables(cx, "recipients") {
                recipients.extend(conditioned_text(
                    cx,
                    v,
                    &p,
                    Some(super::Group::Recipient),
                    "a recipient here needs `when`: it is who the form goes to for some answers only".into(),
                    "add `when = { route = \"…\" }`; the recipient for every other case is `recipient`",
                ));
            }
            let (title, titles) = slot(cx, &f, "title", "form title".into(), true, true);
            FormInfo {
                title: title.map(|t| t.text).unwrap_or_default(),
                titles,
                recipient: f.req_str(cx, "recipient", MAX_LABEL),
                recipients,
                cite: f.cite(cx),
            }
        });
    let emergency = t
        .sub(cx, "emergency", &["summary", "actions", "contacts", "cite"])
        .map(|e| {
            let actions = e
                .tables(cx, "actions")
                .into_iter()
                .filter_map(|(p, v)| scoped_text(cx, v, &p, None))
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
    let other_contacts = ref_list(cx, &t, "other_contacts", Kind::Contact);
    let mut discretion: Vec<CitedText> = t
        .tables(cx, "discretion")
        .into_iter()
        .filter_map(|(p, v)| {
            let why = needs_when(
                &p,
                "it says when the practitioner may choose which stage to start at",
            );
            conditioned_text(cx, v, &p, None, why, ADD_WHEN)
        })
        .collect();
    let urgency_tables = t.req_tables(cx, "urgencies");
    let mut harm_spans = Vec::new();
    let urgencies: Vec<Urgency> = urgency_tables
        .iter()
        .filter_map(|(p, v)| {
            let (u, may_skip) = urgency(cx, v, p)?;
            // The older form, `may_skip_stages = true` on an urgency:
            // discretion at that urgency (at the immediate-harm one, whenever
            // harm is reported), said by the urgency's own guidance.
            if may_skip {
                discretion.push(CitedText {
                    text: String::new(),
                    when: Some(if u.immediate_harm {
                        When::Harm(true)
                    } else {
                        When::Urgency(vec![u.id.clone()])
                    }),
                    cite: u.cite.clone(),
                });
            }
            if u.immediate_harm {
                let span = match v.get_ref() {
                    DeValue::Table(table) => table.get("immediate_harm").map(|x| x.span()),
                    _ => None,
                }
                .unwrap_or_else(|| v.span());
                harm_spans.push((span, join(p, "immediate_harm"), u.id.clone()));
            }
            Some(u)
        })
        .collect();
    let no_immediate_harm_urgency = t
        .get("no_immediate_harm_urgency")
        .and_then(|v| cited_text(cx, v, "no_immediate_harm_urgency").map(|c| (c, v.span())));
    immediate_harm_rule(
        cx,
        urgency_tables.first().map(|(_, v)| v.span()),
        &harm_spans,
        no_immediate_harm_urgency.as_ref().map(|(_, s)| s.clone()),
    );
    let no_immediate_harm_urgency = no_immediate_harm_urgency.map(|(c, _)| c);
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
        .filter_map(|(p, v)| scoped_text(cx, v, &p, None))
        .collect();
    let after_resolution: Vec<CitedText> = t
        .req_tables(cx, "after_resolution")
        .into_iter()
        .filter_map(|(p, v)| scoped_text(cx, v, &p, None))
        .collect();
    let (exhausted, endings) = slot(
        cx,
        &t,
        "exhausted",
        "last word (`exhausted`)".into(),
        true,
        false,
    );
    // Given only as conditioned values: the gap check names any answers
    // left without one; the unconditioned value is then never shown.
    let exhausted = exhausted.or_else(|| {
        endings
            .first()
            .map(|e| CitedText::new(String::new(), e.cite.clone()))
    });
    let outcomes = outcomes(cx, &t);

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
        other_contacts,
        discretion,
        urgencies,
        no_immediate_harm_urgency,
        questions,
        disagreements,
        routes,
        special_cases,
        tips,
        after_resolution,
        exhausted: exhausted?,
        endings,
        outcomes,
    })
}

/// A table's `outcomes`: what its source says of outcomes beyond resolved,
/// not resolved and awaiting, one per kind.
fn outcomes(cx: &mut Cx, t: &Tbl) -> Vec<StageOutcome> {
    let mut out: Vec<StageOutcome> = Vec::new();
    for (p, v) in t.tables(cx, "outcomes") {
        let Some(o) = Tbl::open(cx, v, &p, &["kind", "decided_by", "text", "when", "cite"]) else {
            continue;
        };
        let (key, span) = match o.opt_str(cx, "kind", MAX_ID) {
            Some(k) => k,
            None => {
                o.missing(cx, "kind", "\"plan-agreed\"");
                continue;
            }
        };
        let Some(kind) = OutcomeKind::ALL.into_iter().find(|k| k.key() == key) else {
            let help = suggest(&key, OutcomeKind::ALL.iter().map(|k| k.key())).map_or_else(
                || {
                    "use \"plan-agreed\", \"resolved-with-outstanding-issues\" or \"not-taken-forward\""
                        .to_string()
                },
                |s| format!("did you mean `{s}`?"),
            );
            cx.err(
                span,
                &join(&p, "kind"),
                format!("unknown outcome `{key}`"),
                Some(help),
            );
            continue;
        };
        if out.iter().any(|x| x.kind == kind) {
            cx.err(
                span,
                &join(&p, "kind"),
                format!("outcome `{key}` is given twice here"),
                Some(
                    "give each outcome once, with `when` inside it if it is for some answers only"
                        .into(),
                ),
            );
        }
        let decided_by = o.opt_str(cx, "decided_by", MAX_LABEL).map(|(d, dspan)| {
            if kind != OutcomeKind::NotTakenForward {
                cx.err(
                    dspan,
                    &join(&p, "decided_by"),
                    format!("`decided_by` is only for `not-taken-forward`, not `{key}`"),
                    Some("say who decides in `text` instead".into()),
                );
            }
            d
        });
        let when = condition(cx, &o, None);
        out.push(StageOutcome {
            kind,
            decided_by,
            text: CitedText {
                text: o.req_str(cx, "text", MAX_TEXT),
                when,
                cite: o.cite(cx),
            },
        });
    }
    out
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

/// Which answer brings the emergency guidance is stated, never inferred:
/// exactly one urgency says `immediate_harm = true`, or the file says, with
/// a citation, that the protocol has no such urgency.
fn immediate_harm_rule(
    cx: &mut Cx,
    first_urgency: Option<std::ops::Range<usize>>,
    marked: &[(std::ops::Range<usize>, String, String)],
    none_stated: Option<std::ops::Range<usize>>,
) {
    for (span, path, id) in marked.iter().skip(1) {
        cx.err(
            span.clone(),
            path,
            format!(
                "urgency `{id}` is marked `immediate_harm = true`, but so is `{}`",
                marked[0].2
            ),
            Some(
                "mark only the one urgency that means someone may be at risk of immediate harm"
                    .into(),
            ),
        );
    }
    match (marked.first(), none_stated) {
        (Some((_, _, id)), Some(span)) => cx.err(
            span,
            "no_immediate_harm_urgency",
            format!("`no_immediate_harm_urgency` says the protocol has no immediate-harm urgency, but urgency `{id}` is marked `immediate_harm = true`"),
            Some("keep one of the two: remove this table, or remove `immediate_harm = true`".into()),
        ),
        // Only when the urgencies themselves are there: a missing list is
        // reported on its own.
        (None, None) => {
            if let Some(span) = first_urgency {
                cx.err(
                    span,
                    "urgencies",
                    "no urgency is marked `immediate_harm = true`, and the file does not say the protocol has none".into(),
                    Some("add `immediate_harm = true` to the urgency that means someone may be at risk of immediate harm; if the protocol has no such urgency, add `[no_immediate_harm_urgency]` with `text` and `cite` saying so".into()),
                );
            }
        }
        _ => {}
    }
}

/// An urgency, and whether it says `may_skip_stages` (the older form of
/// `[[discretion]]`).
fn urgency(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<(Urgency, bool)> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &[
            "id",
            "label",
            "hint",
            "immediate_harm",
            "may_skip_stages",
            "guidance",
            "notes",
            "cite",
        ],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Urgency, "", &id, span, path);
    let mut notes = Vec::new();
    for (p, v) in t.tables(cx, "notes") {
        notes.extend(conditioned_text(
            cx,
            v,
            &p,
            Some(super::Group::Urgency(id.clone())),
            "a note needs `when`: it is the guidance for some answers only".into(),
            "add `when = { route = \"…\" }` (or another condition); guidance for every case goes in the urgency's `guidance`",
        ));
    }
    let may_skip = t.opt_bool(cx, "may_skip_stages");
    Some((
        Urgency {
            id,
            label: t.req_str(cx, "label", MAX_LABEL),
            hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
            immediate_harm: t.opt_bool(cx, "immediate_harm"),
            guidance: t.opt_str(cx, "guidance", MAX_TEXT).map(|x| x.0),
            notes,
            cite: t.cite(cx),
        },
        may_skip,
    ))
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
            "elsewhere",
            "route_when",
            "cite",
        ],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Disagreement, "", &id, span, path);
    let questions = ref_list(cx, &t, "questions", Kind::Question);
    // Not for this protocol: where to go instead, and no route.
    let elsewhere = t
        .get("elsewhere")
        .and_then(|e| cited_text(cx, e, &join(path, "elsewhere")));
    if let (Some(_), Some(r)) = (&elsewhere, t.get("route")) {
        cx.err(
            r.span(),
            &join(path, "route"),
            "a disagreement with `elsewhere` has no route: it is not for this protocol".into(),
            Some("remove `route`, or remove `elsewhere`".into()),
        );
    }
    let route = if elsewhere.is_some() || t.get("elsewhere").is_some() {
        String::new()
    } else if t.get("route").is_none() {
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
    let mut route_when = Vec::new();
    for (p, rv) in t.tables(cx, "route_when") {
        let Some(r) = Tbl::open(cx, rv, &p, &["route", "when"]) else {
            continue;
        };
        let id = r.req_str(cx, "route", MAX_ID);
        if let Some(v) = r.get("route") {
            cx.refer(Kind::Route, id.clone(), v.span(), join(&p, "route"));
        }
        match condition(cx, &r, None) {
            // The route cannot turn on itself.
            Some(w) if w.tests_route() => {
                let span = r.get("when").map(|v| v.span()).unwrap_or(0..0);
                cx.err(
                    span,
                    &join(&p, "when"),
                    "a condition that chooses the route cannot test the route".into(),
                    Some("test the urgency, the subject, harm, the disagreement type, an answer or a special case".into()),
                );
            }
            Some(when) => route_when.push(RouteChoice { route: id, when }),
            None if r.get("when").is_none() => r.missing(cx, "when", "{ urgency = \"…\" }"),
            None => {}
        }
    }
    Some(Disagreement {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        subject,
        questions,
        route,
        elsewhere,
        route_when,
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
    let mut stages: Vec<Stage> = Vec::new();
    let mut read: Vec<(String, &Val<'_>)> = Vec::new();
    for (p, sv) in t.req_tables(cx, "stages") {
        if let Some(s) = stage(cx, sv, &p, &id, &stages) {
            stages.push(s);
            read.push((p, sv));
        }
    }
    // A stage counted from may come later on the route: checked once all
    // are read, at the key that names it.
    for (s, (p, sv)) in stages.iter().zip(&read) {
        let several = s.timescales.len() > 1;
        for (k, x) in s.timescales.iter().enumerate() {
            let CountFrom::Stage(from) = &x.counted_from else {
                continue;
            };
            if !stages.iter().any(|x| &x.id == from) {
                let at = if several {
                    format!("[{k}]")
                } else {
                    String::new()
                };
                let key = |v: &Val<'_>| match v.get_ref() {
                    DeValue::Table(x) => x.get("counted_from_stage").map(|v| v.span()),
                    _ => None,
                };
                let span = match sv.get_ref() {
                    DeValue::Table(st) => match st.get("timescale").map(|v| v.get_ref()) {
                        Some(DeValue::Array(a)) => a.get(k).and_then(key),
                        Some(_) => st.get("timescale").and_then(key),
                        None => None,
                    },
                    _ => None,
                }
                .unwrap_or_else(|| sv.span());
                cx.err(
                    span,
                    &format!("{p}.timescale{at}.counted_from_stage"),
                    format!("`{from}` is not a stage of this route"),
                    Some("name the stage whose first attempt the time is counted from".into()),
                );
            }
        }
    }
    let (summary, summaries) = slot(
        cx,
        &t,
        "summary",
        format!("summary of route `{id}`"),
        false,
        true,
    );
    let (exhausted, endings) = slot(
        cx,
        &t,
        "exhausted",
        format!("last word (`exhausted`) of route `{id}`"),
        false,
        false,
    );
    Some(Route {
        id,
        name: t.req_str(cx, "name", MAX_LABEL),
        summary: summary.map(|s| s.text),
        summaries,
        stages,
        exhausted,
        endings,
        cite: t.cite(cx),
    })
}

/// One stage; `before` are the route's stages read so far (an `early`
/// names one of them).
fn stage(cx: &mut Cx, v: &Val<'_>, path: &str, route_id: &str, before: &[Stage]) -> Option<Stage> {
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
        "contacts_for",
        "when",
        "notes",
        "may_skip",
        "optional",
        "early",
        "outcomes",
        "cite",
    ];
    let t = Tbl::open(cx, v, path, KEYS)?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::Stage, route_id, &id, span, path);
    let when = condition(cx, &t, None);
    let notes: Vec<CitedText> = t
        .tables(cx, "notes")
        .into_iter()
        .filter_map(|(p, v)| {
            let why = needs_when(
                &p,
                "a stage's note is for some answers only; say the rest in `action`",
            );
            conditioned_text(cx, v, &p, None, why, ADD_WHEN)
        })
        .collect();
    let may_skip = t.get("may_skip").and_then(|v| {
        let p = join(path, "may_skip");
        let why = needs_when(&p, "it says when the stage may be skipped");
        conditioned_text(cx, v, &p, None, why, ADD_WHEN)
    });
    let optional = t
        .get("optional")
        .and_then(|v| cited_text(cx, v, &join(path, "optional")));
    let early = t.get("early").and_then(|v| {
        let p = join(path, "early");
        let e = Tbl::open(cx, v, &p, &["from_stage", "text", "when", "cite"])?;
        let from = e.opt_str(cx, "from_stage", MAX_ID).map(|(from, span)| {
            if !before.iter().any(|s| s.id == from) {
                cx.err(
                    span,
                    &join(&p, "from_stage"),
                    format!("`{from}` is not a stage before this one on the route"),
                    Some(
                        "name the first stage whose next step may offer going to this stage early"
                            .into(),
                    ),
                );
            }
            from
        });
        let when = condition(cx, &e, None);
        Some(Early {
            from,
            text: CitedText {
                text: e.req_str(cx, "text", MAX_TEXT),
                when,
                cite: e.cite(cx),
            },
        })
    });
    let contacts = ref_list(cx, &t, "contacts", Kind::Contact);
    let mut contacts_for = Vec::new();
    for (p, cv) in t.tables(cx, "contacts_for") {
        let Some(c) = Tbl::open(cx, cv, &p, &["contact", "when"]) else {
            continue;
        };
        let id = c.req_str(cx, "contact", MAX_ID);
        if let Some(v) = c.get("contact") {
            cx.refer(Kind::Contact, id.clone(), v.span(), join(&p, "contact"));
        }
        match condition(cx, &c, None) {
            Some(when) => contacts_for.push(ScopedContact { contact: id, when }),
            None if c.get("when").is_none() => c.missing(cx, "when", "{ urgency = \"…\" }"),
            None => {}
        }
    }
    // One timescale as a table, several as `[[routes.stages.timescale]]`.
    let timescales: Vec<Timescale> = match t.get("timescale") {
        Some(tv) if matches!(tv.get_ref(), DeValue::Table(_)) => {
            timescale(cx, tv, &join(path, "timescale"))
                .into_iter()
                .collect()
        }
        _ => t
            .tables(cx, "timescale")
            .into_iter()
            .filter_map(|(p, tv)| timescale(cx, tv, &p))
            .collect(),
    };
    let mut alternatives = Vec::new();
    for (p, av) in t.tables(cx, "alternatives") {
        let Some(a) = Tbl::open(cx, av, &p, &["text", "when", "contacts", "cite"]) else {
            continue;
        };
        // The older form `when = { question = "…", option = "…" }` is one
        // answer test in the condition language.
        let legacy = a
            .get("when")
            .filter(|wv| matches!(wv.get_ref(), DeValue::Table(x) if x.get("question").is_some()));
        let when = match legacy {
            Some(wv) => {
                let wp = join(&p, "when");
                Tbl::open(cx, wv, &wp, &["question", "option"]).map(|w| {
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
                    When::Answer {
                        question: q,
                        options: vec![o],
                    }
                })
            }
            None => condition(cx, &a, None),
        };
        alternatives.push(Alternative {
            text: a.req_str(cx, "text", MAX_TEXT),
            when,
            contacts: ref_list(cx, &a, "contacts", Kind::Contact),
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
        timescales,
        submits_form: t.opt_bool(cx, "submits_form"),
        alternatives,
        contacts_for,
        when,
        notes,
        may_skip,
        optional,
        early,
        outcomes: outcomes(cx, &t),
        cite: t.cite(cx),
    })
}

/// A timescale unit's key, its constructor and its largest value.
type Unit = (&'static str, fn(u32) -> Amount, u32);

/// The units a timescale can be counted in.
const UNITS: &[Unit] = &[
    ("working_days", Amount::WorkingDays, 60),
    ("calendar_days", Amount::CalendarDays, 90),
    ("hours", Amount::Hours, 168),
];

/// A stage's timescale: its words, at most one unit a date can be worked
/// out from, and where it is counted from.
fn timescale(cx: &mut Cx, tv: &Val<'_>, p: &str) -> Option<Timescale> {
    let ts = Tbl::open(
        cx,
        tv,
        p,
        &[
            "text",
            "working_days",
            "calendar_days",
            "hours",
            "immediately",
            "counted_from",
            "counted_from_stage",
            "owed_by",
            "when",
            "cite",
        ],
    )?;
    let mut amounts = Vec::new();
    for &(key, unit, max) in UNITS {
        match ts.get(key).map(|v| (v.get_ref(), v.span())) {
            None => {}
            Some((DeValue::Integer(n), span)) => match n.as_str().parse::<u32>() {
                Ok(d) if (1..=max).contains(&d) => amounts.push((key, unit(d))),
                _ => cx.err(
                    span,
                    &join(p, key),
                    format!("`{key}` must be between 1 and {max}, found {}", n.as_str()),
                    None,
                ),
            },
            Some((other, span)) => cx.err(
                span,
                &join(p, key),
                format!("`{key}` must be a whole number, found {}", type_name(other)),
                None,
            ),
        }
    }
    if ts.opt_bool(cx, "immediately") {
        amounts.push(("immediately", Amount::Immediately));
    }
    if amounts.len() > 1 {
        let names: Vec<&str> = amounts.iter().map(|(k, _)| *k).collect();
        cx.err(
            ts.span.clone(),
            p,
            format!(
                "this timescale gives more than one unit: {}",
                names.join(", ")
            ),
            Some("keep the one the source uses; say the rest in `text`".into()),
        );
    }
    let amount = amounts.first().map(|(_, a)| *a);
    let stage = ts.opt_str(cx, "counted_from_stage", MAX_ID);
    let counted_from = match (ts.opt_str(cx, "counted_from", MAX_ID), stage) {
        (Some(_), Some((_, span))) => {
            cx.err(
                span,
                &join(p, "counted_from_stage"),
                "give `counted_from` or `counted_from_stage`, not both".into(),
                None,
            );
            CountFrom::NotStated
        }
        (None, Some((id, _))) => CountFrom::Stage(id),
        (Some((from, span)), None) => match from.as_str() {
            "last-attempt" => CountFrom::LastAttempt,
            "previous-stage" => CountFrom::PreviousStage,
            "this-stage" => CountFrom::ThisStage,
            "route-start" => CountFrom::RouteStart,
            "not-stated" => CountFrom::NotStated,
            other => {
                cx.err(
                    span,
                    &join(p, "counted_from"),
                    format!("unknown counting point `{other}`"),
                    Some("use \"last-attempt\", \"previous-stage\", \"this-stage\", \"route-start\" or \"not-stated\", or `counted_from_stage = \"a-stage-id\"`".into()),
                );
                CountFrom::NotStated
            }
        },
        (None, None) => {
            // The older meaning, kept; the file should say.
            if amount.is_some() {
                cx.warn(
                    ts.span.clone(),
                    p,
                    "this timescale does not say what it is counted from, so the widget counts from the last recorded attempt".into(),
                    Some("add `counted_from` (\"not-stated\" if the source gives no starting point)".into()),
                );
            }
            CountFrom::LastAttempt
        }
    };
    Some(Timescale {
        text: ts.req_str(cx, "text", MAX_LABEL),
        amount,
        counted_from,
        owed_by: ts.opt_str(cx, "owed_by", MAX_LABEL).map(|x| x.0),
        when: condition(cx, &ts, None),
        cite: ts.cite(cx),
    })
}

fn special_case(cx: &mut Cx, v: &Val<'_>, path: &str) -> Option<SpecialCase> {
    let t = Tbl::open(
        cx,
        v,
        path,
        &[
            "id",
            "label",
            "hint",
            "guidance",
            "contacts",
            "when",
            "elsewhere",
            "cite",
        ],
    )?;
    let (id, span) = t.req_id(cx, "id");
    cx.define(Kind::SpecialCase, "", &id, span, path);
    Some(SpecialCase {
        id,
        label: t.req_str(cx, "label", MAX_LABEL),
        hint: t.opt_str(cx, "hint", MAX_TEXT).map(|x| x.0),
        guidance: t.req_str(cx, "guidance", MAX_TEXT),
        contacts: ref_list(cx, &t, "contacts", Kind::Contact),
        when: condition(cx, &t, None),
        elsewhere: t.opt_bool(cx, "elsewhere"),
        cite: t.cite(cx),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_sources_print_them() {
        assert!(valid_phone("999"));
        assert!(valid_phone("0345 155 1071"));
        assert!(valid_phone("01392 383000"));
        assert!(!valid_phone("0345 155 107"));
        assert!(!valid_phone("call 999"));
    }

    #[test]
    fn emails() {
        assert!(valid_email("DSP@darlington.gov.uk"));
        assert!(!valid_email("dsp@darlington"));
        assert!(!valid_email("dsp darlington.gov.uk"));
    }
}
