//! Shared stages: a route's stage may be `same_as` a stage written out on
//! another route (`[[routes.stages]]` with `same_as = { route = "…",
//! stage = "…" }` and nothing else). Before the file is read, each such
//! entry is replaced by a copy of the stage it names, so everything after
//! (ids, anchors, counting points, the engine) sees the stage written out:
//! the advice for a shared stage is the advice for the written-out one, by
//! construction. Errors in the copy point at the stage it was copied from.

use toml::de::DeValue;
use toml::Spanned;

use super::suggest::suggest;
use super::Cx;

type Val<'i> = Spanned<DeValue<'i>>;

/// Replaces every `same_as` stage in `root`'s routes by the stage it names.
pub(super) fn expand(cx: &mut Cx, root: &mut Val<'_>) {
    let DeValue::Table(doc) = root.get_mut() else {
        return;
    };
    let Some(routes) = doc.get_mut("routes") else {
        return;
    };
    let DeValue::Array(routes) = routes.get_mut() else {
        return;
    };
    // The stages as written, to copy from: (route id, stage id, stage).
    let mut written: Vec<(String, String, Val<'_>)> = Vec::new();
    for r in routes.iter() {
        let Some(route) = str_key(r, "id") else {
            continue;
        };
        for s in stages(r) {
            if let (Some(id), false) = (str_key(s, "id"), has_key(s, "same_as")) {
                written.push((route.clone(), id, s.clone()));
            }
        }
    }
    for (ri, r) in routes.iter_mut().enumerate() {
        let DeValue::Table(route) = r.get_mut() else {
            continue;
        };
        let Some(list) = route.get_mut("stages") else {
            continue;
        };
        let DeValue::Array(list) = list.get_mut() else {
            continue;
        };
        // An entry that cannot be copied is reported once and left out, so
        // that it is not read again as a stage missing every field.
        let mut bad = Vec::new();
        for (si, s) in list.iter_mut().enumerate() {
            let DeValue::Table(t) = s.get_ref() else {
                continue;
            };
            let Some(same) = t.get("same_as") else {
                continue;
            };
            let path = format!("routes[{ri}].stages[{si}]");
            if let Some(key) = t.keys().find(|k| k.get_ref() != "same_as") {
                cx.err(
                    key.span(),
                    &format!("{path}.{}", key.get_ref()),
                    "a stage that is `same_as` another takes no other keys".into(),
                    Some("to change it, write the stage out in full instead".into()),
                );
                bad.push(si);
                continue;
            }
            let wanted = (str_key(same, "route"), str_key(same, "stage"));
            let (Some(route_id), Some(stage_id)) = wanted else {
                cx.err(
                    same.span(),
                    &format!("{path}.same_as"),
                    "`same_as` needs the route and the stage it copies".into(),
                    Some("write `same_as = { route = \"route-id\", stage = \"stage-id\" }`".into()),
                );
                bad.push(si);
                continue;
            };
            match written
                .iter()
                .find(|(r, st, _)| *r == route_id && *st == stage_id)
            {
                Some((_, _, stage)) => *s = stage.clone(),
                None => {
                    let on_route: Vec<&str> = written
                        .iter()
                        .filter(|(r, _, _)| *r == route_id)
                        .map(|(_, st, _)| st.as_str())
                        .collect();
                    let help = match suggest(&stage_id, on_route.iter().copied()) {
                        Some(x) => format!("did you mean `{x}`?"),
                        None if on_route.is_empty() => {
                            "name a route whose stages are written out in this file".into()
                        }
                        None => format!("the stages written out there: {}", on_route.join(", ")),
                    };
                    cx.err(
                        same.span(),
                        &format!("{path}.same_as"),
                        format!("route `{route_id}` has no stage `{stage_id}` written out to copy"),
                        Some(help),
                    );
                    bad.push(si);
                }
            }
        }
        if !bad.is_empty() {
            let mut kept = toml::de::DeArray::new();
            for (si, v) in list.iter().enumerate() {
                if !bad.contains(&si) {
                    kept.push(v.clone());
                }
            }
            *list = kept;
        }
    }
}

/// The stage tables of a route, as written.
fn stages<'a, 'i>(route: &'a Val<'i>) -> impl Iterator<Item = &'a Val<'i>> {
    let list = match route.get_ref() {
        DeValue::Table(t) => t.get("stages").map(|v| v.get_ref()),
        _ => None,
    };
    match list {
        Some(DeValue::Array(a)) => a.iter(),
        _ => [].iter(),
    }
}

fn has_key(v: &Val<'_>, key: &str) -> bool {
    matches!(v.get_ref(), DeValue::Table(t) if t.get(key).is_some())
}

fn str_key(v: &Val<'_>, key: &str) -> Option<String> {
    match v.get_ref() {
        DeValue::Table(t) => match t.get(key).map(|x| x.get_ref()) {
            Some(DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}
