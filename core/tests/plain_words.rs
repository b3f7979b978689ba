//! The widget's own words, in plain English: what the guidance
//! engine says itself (warnings, the waiting note, "no timescale", due
//! dates, where the form belongs) and the form's fixed text (labels,
//! status lines, notes), measured like the protocol files
//! (`protocol::readability`): no sentence over 25 words, and grade 8 or
//! below over all of it. Protocol texts are measured in tests/protocols.rs;
//! texts here are collected from many answer sets over every bundled
//! protocol, with the protocol's own texts taken out.

use case_resolution_test_support::form_fixture as fixture;
use std::collections::BTreeSet;

use case_resolution_core::form::{Block, FormDocument};
use case_resolution_core::guidance::{advise, Advice, Answers, Attempt, Date, Outcome, END_LABEL};
use case_resolution_core::protocol::readability::{Report, MAX_SENTENCE_WORDS};
use case_resolution_core::protocol::Protocol;

fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}

/// Answer sets that make the engine say each of its own things: nothing
/// tried; a stage skipped; waiting with and without immediate harm; every
/// stage tried; resolved, then a later attempt; and the fixture case.
fn answer_sets(p: &Protocol) -> Vec<Answers> {
    let mut out = Vec::new();
    for harm in [false, true] {
        for d in &p.disagreements {
            let mut a = Answers {
                subject: p.covers.first().copied(),
                immediate_harm: Some(harm),
                urgency: p.urgencies.last().map(|u| u.id.clone()),
                ..Answers::default()
            };
            a.set_disagreement(p, &d.id);
            let stages: Vec<String> = p
                .route(&d.route)
                .map(|r| r.stages.iter().map(|s| s.id.clone()).collect())
                .unwrap_or_default();
            out.push(a.clone());
            let attempt = |stage: &str, outcome| Attempt {
                stage: stage.into(),
                date: "2026-11-02".into(),
                outcome,
                ..Attempt::default()
            };
            // A stage skipped.
            if let Some(last) = stages.last() {
                let mut b = a.clone();
                b.attempts.push(attempt(last, Outcome::NoResponseYet));
                out.push(b);
            }
            // Waiting at the first, then every stage tried.
            let mut b = a.clone();
            for (i, s) in stages.iter().enumerate() {
                let outcome = if i == 0 {
                    Outcome::NoResponseYet
                } else {
                    Outcome::NotResolved
                };
                b.attempts.push(attempt(s, outcome));
                out.push(b.clone());
            }
            // Resolved, then a later attempt.
            if stages.len() > 1 {
                let mut c = a.clone();
                c.attempts.push(attempt(&stages[0], Outcome::Resolved));
                c.attempts.push(attempt(&stages[1], Outcome::NotResolved));
                out.push(c);
            }
        }
    }
    out.push(fixture::answers(p));
    out
}

/// What the engine says in its own words for these answers.
fn engine_words(advice: &Advice) -> Vec<String> {
    let mut out: Vec<String> = advice.warnings.iter().map(|w| w.text.clone()).collect();
    if let Some(n) = &advice.next_step {
        out.extend(n.waiting_note.clone());
        out.extend(n.no_timescale.clone());
        out.extend(
            n.timescales
                .iter()
                .filter_map(|d| d.due.as_ref())
                .map(|d| d.explanation.clone()),
        );
    }
    for d in advice.awaiting.iter().flat_map(|w| &w.deadlines) {
        out.extend(d.due.as_ref().map(|d| d.explanation.clone()));
    }
    out.push(advice.form.text.clone());
    out
}

/// The form's own words: labels, status lines and notes, not the cited
/// protocol texts or the answers.
fn form_words(doc: &FormDocument) -> Vec<String> {
    let mut out = vec![doc.title.clone(), doc.footer.clone()];
    out.extend(doc.header.iter().map(|f| f.label.clone()));
    for s in &doc.sections {
        out.push(s.heading.clone());
        for b in &s.blocks {
            match b {
                Block::Fields { fields } => out.extend(fields.iter().map(|f| f.label.clone())),
                // Citation lines ("Protocol section for this step: …") hold
                // anchors, the sources' words, not the widget's.
                Block::Paragraph { text, cite: None }
                    if !text.starts_with("Protocol section for") =>
                {
                    out.push(text.clone())
                }
                Block::Paragraph { .. } => {}
                Block::List { title, .. } => out.push(title.clone()),
                Block::Table { table } => {
                    out.push(table.caption.clone());
                    out.push(table.empty.clone());
                    out.extend(table.columns.iter().cloned());
                }
                // The map's own words; its stage names and end are the
                // protocol's.
                Block::Map { map } => {
                    out.extend(map.stops.iter().map(|s| s.state.clone()));
                    out.push(END_LABEL.into());
                }
                Block::SignOff { blocks } => {
                    for so in blocks {
                        out.push(so.heading.clone());
                        out.extend(so.lines.iter().cloned());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_widgets_own_words_are_plain_english() {
    let mut texts: BTreeSet<String> = BTreeSet::new();
    for p in fixture::protocols() {
        let own: BTreeSet<&str> = p.reader_texts().into_iter().collect();
        for a in answer_sets(&p) {
            let advice = advise(&p, &a, today());
            texts.extend(engine_words(&advice));
            // The calendar follow-up's words.
            texts.insert(case_resolution_core::calendar::plan(&advice).explanation);
            let doc = case_resolution_core::form::build(&p, &a, &advice, &fixture::meta());
            texts.extend(
                form_words(&doc)
                    .into_iter()
                    .filter(|t| !own.contains(t.as_str())),
            );
        }
    }
    texts.extend(
        [
            case_resolution_core::calendar::PRIVACY_NOTE,
            case_resolution_core::calendar::BUTTON,
        ]
        .map(String::from),
    );
    texts.retain(|t| !t.trim().is_empty());
    assert!(texts.len() > 40, "only {} texts collected", texts.len());
    let r = Report::of(texts.iter().map(String::as_str));
    let long: Vec<String> = r.long.iter().map(|(n, s)| format!("  {n}: {s}")).collect();
    assert!(
        long.is_empty(),
        "the widget's own sentences over {MAX_SENTENCE_WORDS} words:\n{}",
        long.join("\n")
    );
    eprintln!(
        "widget's own words: grade {:.1} over {} sentences ({} texts)",
        r.grade(),
        r.sentences,
        texts.len()
    );
    assert!(r.grade() <= 8.0, "grade {:.1} (at most 8.0)", r.grade());
}
