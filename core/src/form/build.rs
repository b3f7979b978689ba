//! From protocol, answers and advice to the [`FormDocument`].

use super::model::*;
use super::FormMeta;
use crate::guidance::fields::{self, Group, BASIS_LABEL};
use crate::guidance::{
    contact_line, route_for, Advice, Answers, Attempt, Deadline, Details, EscalationMap, Status,
    CALL_999, PASSED,
};
use crate::html::clean_text;
use crate::protocol::{Protocol, Subject};

/// Builds the case resolution form. Pure: the same inputs give the same
/// document. Every answer the form asks for appears, as "Not given" when empty.
pub fn build(
    protocol: &Protocol,
    answers: &Answers,
    advice: &Advice,
    meta: &FormMeta,
) -> FormDocument {
    let header = vec![
        Field::new("Partnership", &protocol.name),
        Field::new("Send to", &advice.form.recipient),
        Field::new("Reference", &meta.reference),
        Field::new("Generated", &meta.generated),
    ];
    let mut sections = Vec::with_capacity(12);
    // Immediate harm, by either answer, leads the form as it leads the page.
    sections.extend(emergency(advice));
    sections.extend([
        about_you(answers),
        the_subject(protocol, answers),
        decision(protocol, answers),
        concern(answers),
        urgency(protocol, answers, advice),
        steps(protocol, answers, advice),
        outcome_sought(answers),
        next_step(advice),
        special_cases(advice),
        records(protocol, answers, advice, meta),
        sign_off(),
    ]);
    let reviewed = protocol
        .source
        .reviewed
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("review date not stated");
    FormDocument {
        title: advice.form.title.clone(),
        header,
        sections,
        footer: format!(
            "Generated in your browser from {} ({}). Nothing was sent anywhere.",
            protocol.name, reviewed
        ),
    }
}

/// "Immediate harm reported": 999 first, then the protocol's emergency
/// guidance and contacts; `None` when no immediate harm is reported.
fn emergency(advice: &Advice) -> Option<Section> {
    let e = advice.emergency.as_ref()?;
    let mut blocks = vec![
        para(CALL_999, None),
        para(e.summary.clone(), Some(&e.cite.section)),
    ];
    if !e.actions.is_empty() {
        blocks.push(Block::List {
            title: "What to do now".into(),
            items: e
                .actions
                .iter()
                .map(|a| Cited::new(a.text.clone(), a.cite.section.clone()))
                .collect(),
        });
    }
    if !e.contacts.is_empty() {
        blocks.push(Block::List {
            title: "Emergency contacts the protocol gives".into(),
            items: e
                .contacts
                .iter()
                .map(|c| Cited::new(contact_line(c), c.cite.section.clone()))
                .collect(),
        });
    }
    Some(section("Immediate harm reported: act now", blocks))
}

/// "For the partnership's records": the countable facts of
/// [`super::record`], without the form reference (the header has it; the
/// CSV carries it only when the practitioner ticks it).
fn records(p: &Protocol, a: &Answers, advice: &Advice, meta: &FormMeta) -> Section {
    // The protocol's version is worked out by the module that writes the
    // record file (the widget has no encoder to hash): not printed here.
    let record = super::record::Record::with_advice(p, a, advice, meta, false, "");
    section(
        "For the partnership's records",
        vec![
            para(
                "Facts the partnership can count, as codes from the protocol, numbers and months. Nothing here names the case.",
                None,
            ),
            fields(
                record
                    .pairs()
                    .filter(|(column, value)| match *column {
                        "form_reference" | "protocol_version" => false,
                        // Only where the protocol sent the case elsewhere.
                        "ending" => !value.is_empty(),
                        _ => true,
                    })
                    .map(|(column, value)| Field::new(column, value))
                    .collect(),
            ),
        ],
    )
}

fn fields(fields: Vec<Field>) -> Block {
    Block::Fields { fields }
}

fn para(text: impl Into<String>, cite: Option<&str>) -> Block {
    Block::Paragraph {
        text: text.into(),
        cite: cite.filter(|c| !c.is_empty()).map(str::to_string),
    }
}

/// The free-text details of one group, labelled as the field table says.
fn detail_fields(d: &Details, group: Group) -> impl Iterator<Item = Field> + '_ {
    fields::in_group(group).map(move |f| Field::new(f.label, (f.get)(d)))
}

fn section(heading: &str, blocks: Vec<Block>) -> Section {
    Section {
        heading: heading.to_string(),
        blocks,
    }
}

fn about_you(a: &Answers) -> Section {
    let d = &a.details;
    section(
        "About you",
        vec![fields(
            detail_fields(d, Group::You)
                .chain(detail_fields(d, Group::Consulted))
                .collect(),
        )],
    )
}

fn the_subject(p: &Protocol, a: &Answers) -> Section {
    let d = &a.details;
    let heading = match a.subject_in(p) {
        Some(Subject::Children) => "The child",
        Some(Subject::Adults) => "The adult",
        None => "The child or adult",
    };
    let mut f = Vec::new();
    if p.covers_both() {
        let about = match a.subject {
            Some(Subject::Children) => "A child",
            Some(Subject::Adults) => "An adult at risk",
            None => "",
        };
        f.push(Field::new("The concern is about", about));
    }
    f.extend(detail_fields(d, Group::Subject));
    section(
        heading,
        vec![
            fields(f),
            para("Minimal identifiers only: give full details through your agency's secure channels.", None),
        ],
    )
}

fn decision(p: &Protocol, a: &Answers) -> Section {
    let d = &a.details;
    let dis = a.disagreement.as_deref().and_then(|id| p.disagreement(id));
    let mut f: Vec<Field> = detail_fields(d, Group::Decision).collect();
    f.extend([Field::new(
        "Type of disagreement",
        dis.map(|x| x.label.as_str())
            .or(a.disagreement.as_deref())
            .unwrap_or(""),
    )]);
    for q in a.questions(p) {
        let chosen = a.context.get(&q.id).map(|opt| {
            q.options
                .iter()
                .find(|o| &o.id == opt)
                .map_or(opt.as_str(), |o| o.label.as_str())
        });
        f.push(Field::new(q.label.clone(), chosen.unwrap_or("")));
    }
    let mut blocks = vec![fields(f)];
    if let Some(x) = dis {
        blocks.push(para(
            format!(
                "Protocol section for this type of disagreement: {}",
                x.cite.section
            ),
            None,
        ));
    }
    section("The decision challenged", blocks)
}

fn concern(a: &Answers) -> Section {
    let d = &a.details;
    section(
        "The concern and the evidence",
        vec![fields(
            detail_fields(d, Group::Concern)
                .chain([Field::new(BASIS_LABEL, d.basis.map_or("", |b| b.label()))])
                .collect(),
        )],
    )
}

fn urgency(p: &Protocol, a: &Answers, advice: &Advice) -> Section {
    let u = a.urgency.as_deref().and_then(|id| p.urgency(id));
    let harm = match a.immediate_harm {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    };
    let action = if a.immediate_harm == Some(false) && a.immediate_action.trim().is_empty() {
        "Not applicable: no immediate harm reported"
    } else {
        a.immediate_action.as_str()
    };
    let mut blocks = vec![fields(vec![
        Field::new(
            "Urgency",
            u.map(|u| u.label.as_str())
                .or(a.urgency.as_deref())
                .unwrap_or(""),
        ),
        Field::new("Is anyone at risk of immediate harm?", harm),
        Field::new("What was done about immediate harm", action),
    ])];
    // The answers are kept as given; the disagreement between them is
    // said beside them.
    if let Some(c) = &advice.harm_conflict {
        blocks.push(para(c.text.clone(), Some(&c.cite.section)));
    }
    // What the urgency means here: the engine's pick (its guidance, or
    // the note whose condition holds for these answers).
    if let Some(g) = &advice.urgency {
        blocks.push(para(g.text.clone(), Some(&g.cite.section)));
    }
    section("Urgency and current risk", blocks)
}

fn stage_name(p: &Protocol, a: &Answers, stage: &str) -> String {
    let chosen = route_for(p, a);
    chosen
        .as_deref()
        .into_iter()
        .chain(&p.routes)
        .flat_map(|r| &r.stages)
        .find(|s| s.id == stage)
        .map_or_else(|| stage.to_string(), |s| s.name.clone())
}

fn with_whom(t: &Attempt) -> String {
    let parts: Vec<String> = [&t.with_name, &t.with_role, &t.with_agency]
        .into_iter()
        .map(|s| clean_text(s).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    crate::html::join(&parts.iter().map(String::as_str).collect::<Vec<_>>(), ", ")
}

fn steps(p: &Protocol, a: &Answers, advice: &Advice) -> Section {
    let rows = a
        .attempts
        .iter()
        .map(|t| {
            vec![
                given(&stage_name(p, a, &t.stage)),
                given(&t.date),
                given(&with_whom(t)),
                Some(t.outcome_words()),
                given(&t.notes),
            ]
        })
        .collect();
    let mut blocks = vec![Block::Table {
        table: Table {
            caption: "Stages attempted so far".into(),
            columns: ["Stage", "Date", "With whom", "Outcome", "Notes"]
                .map(String::from)
                .to_vec(),
            rows,
            empty: "No stage of the protocol has been attempted yet.".into(),
        },
    }];
    for w in &advice.warnings {
        blocks.push(para(w.text.clone(), Some(&w.cite.section)));
    }
    section("Steps taken so far", blocks)
}

fn outcome_sought(a: &Answers) -> Section {
    section(
        "Outcome sought",
        vec![fields(detail_fields(&a.details, Group::Outcome).collect())],
    )
}

/// A timescale in the form: its words (with who owes it), then the date it
/// falls due and how that was counted, where a date can be worked out.
fn deadline_fields(f: &mut Vec<Field>, deadlines: &[Deadline]) {
    for d in deadlines {
        f.push(Field::new("Timescale", &d.label()));
        if let Some(due) = &d.due {
            f.push(Field::new(
                "Due by",
                &format!(
                    "{}{} ({})",
                    due.date.long(),
                    if due.passed { PASSED } else { "" },
                    due.explanation
                ),
            ));
        }
    }
}

fn next_step(advice: &Advice) -> Section {
    let mut blocks = Vec::new();
    if let Some(r) = &advice.route {
        blocks.push(para(
            format!("Route followed: {}", r.name),
            Some(&r.cite.label()),
        ));
    }
    let resolved = advice.resolved_at.as_ref().map(|r| {
        format!(
            "Resolved at {}. The escalation ends here.",
            r.label().trim_end_matches('.')
        )
    });
    let status = match advice.status {
        Status::NeedsDisagreement => {
            "No type of disagreement has been chosen, so the protocol's route is not known yet."
        }
        Status::NotStarted => "No stage has been attempted yet.",
        Status::InProgress => "Earlier stages have been tried without resolving the disagreement.",
        Status::Awaiting => "A response is awaited at the latest stage attempted.",
        Status::Resolved => "The disagreement is recorded as resolved.",
        Status::Exhausted => {
            "Every stage of the route has been tried without resolving the disagreement."
        }
        // The widget offers no form then; a form built anyway says so.
        Status::Elsewhere => {
            "This protocol does not cover this kind of disagreement: see where to go instead."
        }
        Status::PlanAgreed => "A plan was agreed at the latest stage attempted.",
        Status::NotTakenForward => "The challenge was not taken forward.",
    };
    match &advice.outcome {
        // Its heading says where, and more than "resolved" alone.
        Some(o) => {
            blocks.push(para(format!("{}.", o.heading), None));
            blocks.push(para(o.text.clone(), None));
            if let Some(p) = &o.protocol {
                blocks.push(para(p.text.clone(), Some(&p.cite.label())));
            }
        }
        None => blocks.push(para(resolved.as_deref().unwrap_or(status), None)),
    }
    if let Some(a) = &advice.awaiting {
        let mut f = vec![Field::new("Waiting on", &a.stage.name)];
        deadline_fields(&mut f, &a.deadlines);
        blocks.push(fields(f));
    }
    if let Some(map) = EscalationMap::of(advice) {
        blocks.push(Block::Map { map });
    }
    if let Some(n) = &advice.next_step {
        let mut f = vec![
            Field::new(
                "Next stage",
                &format!("{} (stage {} of {})", n.name, n.position, n.total),
            ),
            Field::new("Who acts", &n.who),
            Field::new("Who to contact", &n.contact_role),
            Field::new("What to do", &n.action),
        ];
        if n.timescales.is_empty() {
            f.push(Field::new(
                "Timescale",
                n.no_timescale.as_deref().unwrap_or(""),
            ));
        }
        deadline_fields(&mut f, &n.timescales);
        blocks.push(fields(f));
        if let Some(w) = &n.waiting_note {
            blocks.push(para(w.clone(), None));
        }
        for note in &n.notes {
            blocks.push(para(note.text.clone(), Some(&note.cite.section)));
        }
        blocks.push(para(
            format!("Protocol section for this step: {}", n.cite.label()),
            None,
        ));
        let mut sections: Vec<String> = n
            .timescales
            .iter()
            .map(|d| d.timescale.cite.label())
            .collect();
        sections.dedup();
        for label in sections {
            blocks.push(para(
                format!("Protocol section for the timescale: {label}"),
                None,
            ));
        }
        let list = |title: &str, items: Vec<Cited>| {
            (!items.is_empty()).then(|| Block::List {
                title: title.into(),
                items,
            })
        };
        blocks.extend(list(
            "Contacts the protocol gives",
            n.contacts
                .iter()
                .map(|c| Cited::new(contact_line(c), c.cite.section.clone()))
                .collect(),
        ));
        blocks.extend(list(
            "What to prepare",
            n.prepare
                .iter()
                .map(|t| Cited::new(t.clone(), n.cite.section.clone()))
                .collect(),
        ));
        blocks.extend(list(
            "What to record",
            n.record
                .iter()
                .map(|t| Cited::new(t.clone(), n.cite.section.clone()))
                .collect(),
        ));
        blocks.extend(list(
            "Other ways through this stage",
            n.alternatives
                .iter()
                .map(|x| {
                    let text = if x.applies_to_you {
                        format!("{} (applies to you, from your answers)", x.text)
                    } else {
                        x.text.clone()
                    };
                    Cited::new(text, x.cite.section.clone())
                })
                .chain(n.alternatives.iter().flat_map(|x| {
                    x.contacts
                        .iter()
                        .map(|c| Cited::new(contact_line(c), c.cite.section.clone()))
                }))
                .collect(),
        ));
    }
    if let Some(x) = &advice.exhausted {
        if let Some(w) = &advice.awaiting_last {
            blocks.push(para(w.clone(), None));
        }
        blocks.push(para(x.text.clone(), Some(&x.cite.section)));
    }
    if advice.status == Status::Resolved && !advice.after_resolution.is_empty() {
        blocks.push(Block::List {
            title: "Now that it is resolved".into(),
            items: advice
                .after_resolution
                .iter()
                .map(|c| Cited::new(c.text.clone(), c.cite.section.clone()))
                .collect(),
        });
    }
    blocks.push(para(
        advice.form.text.clone(),
        Some(&advice.form.cite.section),
    ));
    section("Next step under the protocol", blocks)
}

fn special_cases(advice: &Advice) -> Section {
    let blocks = if advice.special_cases.is_empty() {
        vec![para("None flagged.", None)]
    } else {
        vec![Block::List {
            title: "Flagged by you, with the protocol's guidance".into(),
            items: advice
                .special_cases
                .iter()
                .flat_map(|s| {
                    std::iter::once(Cited::new(
                        format!("{}: {}", s.label, s.guidance),
                        s.cite.section.clone(),
                    ))
                    .chain(
                        s.contacts
                            .iter()
                            .map(|c| Cited::new(contact_line(c), c.cite.section.clone())),
                    )
                })
                .collect(),
        }]
    };
    section("Special cases", blocks)
}

fn sign_off() -> Section {
    let lines = || {
        ["Name", "Role", "Signature", "Date"]
            .map(String::from)
            .to_vec()
    };
    section(
        "Sign-off",
        vec![Block::SignOff {
            blocks: vec![
                SignOff {
                    heading: "Practitioner raising the concern".into(),
                    lines: lines(),
                },
                SignOff {
                    heading: "Manager or designated lead".into(),
                    lines: lines(),
                },
                SignOff {
                    heading: "Received by the recipient named above".into(),
                    lines: lines(),
                },
            ],
        }],
    )
}
