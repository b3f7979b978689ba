//! The escalation map: the chosen route as a row of stops, for the picture
//! on the Next step and in the form, and its words for everyone else.
//!
//! Built from the [`Advice`] alone, so the map can never say something the
//! advice does not: the stage marked "next" is the advice's next step, the
//! stage marked "you are here" the furthest one with an attempt recorded,
//! the stage marked "resolved here" the advice's [`Advice::resolved_at`],
//! the stage marked "not taken forward here" the advice's [`Advice::outcome`].

use super::{stage_label, Advice, StageStanding};

/// The route drawn as stops, in order, then its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationMap {
    /// Every stage of the route, in order.
    pub stops: Vec<Stop>,
    /// What the protocol says once every stage is tried.
    pub end: String,
    /// [`Mark::Next`] when every stage is tried without resolution.
    pub end_mark: Mark,
    /// "Resolved at Stage 1: …" once the disagreement is resolved, "Not
    /// taken forward at …" (the route ends there, whatever stages follow),
    /// or "Plan agreed at …: review by …" (open until then).
    pub resolved: Option<String>,
}

/// One stage on the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// "Stage 2: Manager to manager", or the name alone where it already
    /// starts with its number ("Stage 2: line managers ...").
    pub label: String,
    /// What is recorded there, e.g. "Not tried" or "1 attempt: not resolved".
    pub state: String,
    /// At least one attempt is recorded here.
    pub tried: bool,
    /// Where the practitioner stands.
    pub mark: Mark,
}

/// The one or two stops the map points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Neither.
    None,
    /// The furthest stage with an attempt recorded.
    Here,
    /// The stage the advice says to take next.
    Next,
    /// The stage at which the disagreement was resolved.
    Resolved,
    /// The stage at which the challenge was not taken forward.
    Ended,
}

impl Mark {
    /// The words on the stop ("" for none).
    pub fn label(self) -> &'static str {
        match self {
            Mark::None => "",
            Mark::Here => "You are here",
            Mark::Next => "Next",
            Mark::Resolved => "Resolved here",
            Mark::Ended => "Not taken forward here",
        }
    }

    /// The same, as an aside after a stop's words.
    pub fn aside(self) -> &'static str {
        match self {
            Mark::None => "",
            Mark::Here => " (you are here)",
            Mark::Next => " (next)",
            Mark::Resolved => " (resolved here)",
            Mark::Ended => " (not taken forward here)",
        }
    }
}

/// The heading of the route's end, on the map and in its words.
pub const END_LABEL: &str = "After the last stage";

impl EscalationMap {
    /// The map for this advice; `None` until a route is chosen.
    pub fn of(advice: &Advice) -> Option<EscalationMap> {
        let route = advice.route.as_ref()?;
        let here = advice.standing.iter().rposition(|s| s.attempts > 0);
        let next = advice.next_step.as_ref().map(|n| n.position);
        let resolved = advice.resolved_at.as_ref().map(|r| r.position);
        let ended = advice
            .outcome
            .as_ref()
            .filter(|o| o.outcome == super::Outcome::NotTakenForward)
            .map(|o| o.stage.position);
        let stops = advice
            .standing
            .iter()
            .enumerate()
            .map(|(i, s)| Stop {
                label: label(s),
                state: state(s),
                tried: s.attempts > 0,
                mark: if Some(s.position) == resolved {
                    Mark::Resolved
                } else if Some(s.position) == ended {
                    Mark::Ended
                } else if Some(i) == here {
                    Mark::Here
                } else if Some(s.position) == next {
                    Mark::Next
                } else {
                    Mark::None
                },
            })
            .collect();
        Some(EscalationMap {
            stops,
            end: route.end.text.clone(),
            end_mark: if advice.exhausted.is_some() {
                Mark::Next
            } else {
                Mark::None
            },
            resolved: match (&advice.outcome, &advice.resolved_at) {
                (Some(o), _) => Some(format!("{}.", o.heading)),
                (None, Some(r)) => {
                    Some(format!("Resolved at {}.", r.label().trim_end_matches('.')))
                }
                (None, None) => None,
            },
        })
    }

    /// The map in words: "Resolved at …" first when it is, then one line
    /// per stop and one for the end: the "Where you are" list and the
    /// picture's text alternative.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(self.stops.len() + 2);
        out.extend(self.resolved.clone());
        for s in &self.stops {
            let mut line = String::from(s.label.trim_end_matches('.'));
            line.push_str(". ");
            line.push_str(&s.state);
            line.push_str(s.mark.aside());
            line.push('.');
            out.push(line);
        }
        let mut end = String::from(END_LABEL);
        end.push_str(self.end_mark.aside());
        end.push_str(": ");
        end.push_str(&self.end);
        out.push(end);
        out
    }
}

fn label(s: &StageStanding) -> String {
    stage_label(s.position, &s.name)
}

/// "Not tried", "1 attempt: not resolved", "2 attempts: no response yet".
fn state(s: &StageStanding) -> String {
    let mut out = match s.attempts {
        0 => return "Not tried".into(),
        1 => "1 attempt".to_string(),
        n => n.to_string() + " attempts",
    };
    if let Some(o) = s.latest {
        out.push_str(": ");
        out.push_str(&o.label().to_ascii_lowercase());
    }
    out
}
