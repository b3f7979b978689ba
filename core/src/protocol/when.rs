//! Conditions: where a piece of guidance applies, in one small language any
//! element can carry (`when = { … }` in a protocol file).
//!
//! A condition tests the practitioner's answers: who the concern is about,
//! the urgency, whether immediate harm is reported (by either answer), the
//! disagreement type, the route followed, a context question's answer and
//! the special cases ticked; `all`, `any` and `not` combine them. Several
//! keys in one table must all hold. An unknown fact (no urgency chosen yet,
//! no route) satisfies no test about it, so guidance scoped to a route stays
//! hidden until the route is known.

use serde::Serialize;

use super::model::Subject;

/// How deep `all` / `any` / `not` may nest: enough for any protocol's
/// sentence, and a bound for the decoder of a compiled file.
pub const MAX_DEPTH: usize = 4;

/// A condition on the answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Every one holds (several keys in one table, or `all = [...]`).
    All(Vec<When>),
    /// At least one holds.
    Any(Vec<When>),
    /// It does not hold.
    Not(Box<When>),
    /// The concern is about a child, or an adult at risk.
    Subject(Subject),
    /// The urgency chosen is one of these ids.
    Urgency(Vec<String>),
    /// Immediate harm is reported (by the Safety answer or the urgency), or not.
    Harm(bool),
    /// The disagreement type chosen is one of these ids.
    Disagreement(Vec<String>),
    /// The route followed is one of these ids.
    Route(Vec<String>),
    /// The context question was answered with one of these options.
    Answer {
        /// The question's id.
        question: String,
        /// Option ids, any of which satisfies the test.
        options: Vec<String>,
    },
    /// The special case is ticked.
    Special(String),
}

/// What a condition is tested against: the facts the answers give.
#[derive(Debug, Clone, Copy, Default)]
pub struct Facts<'a> {
    pub subject: Option<Subject>,
    pub urgency: Option<&'a str>,
    pub harm: bool,
    pub disagreement: Option<&'a str>,
    pub route: Option<&'a str>,
    /// Context answers: question id, option id.
    pub answers: &'a [(&'a str, &'a str)],
    /// Special cases ticked.
    pub specials: &'a [&'a str],
}

fn one_of(value: Option<&str>, ids: &[String]) -> bool {
    value.is_some_and(|v| ids.iter().any(|i| i == v))
}

impl When {
    /// Whether the condition holds for these facts.
    pub fn holds(&self, f: &Facts) -> bool {
        match self {
            When::All(items) => items.iter().all(|w| w.holds(f)),
            When::Any(items) => items.iter().any(|w| w.holds(f)),
            When::Not(w) => !w.holds(f),
            When::Subject(s) => f.subject == Some(*s),
            When::Urgency(ids) => one_of(f.urgency, ids),
            When::Harm(h) => f.harm == *h,
            When::Disagreement(ids) => one_of(f.disagreement, ids),
            When::Route(ids) => one_of(f.route, ids),
            When::Answer { question, options } => f
                .answers
                .iter()
                .any(|(q, o)| q == question && options.iter().any(|x| x == o)),
            When::Special(id) => f.specials.contains(&id.as_str()),
        }
    }

    /// Whether an optional condition holds: no condition always does.
    pub fn applies(when: Option<&When>, f: &Facts) -> bool {
        when.is_none_or(|w| w.holds(f))
    }

    /// Whether it tests the route anywhere.
    pub fn tests_route(&self) -> bool {
        match self {
            When::All(v) | When::Any(v) => v.iter().any(When::tests_route),
            When::Not(w) => w.tests_route(),
            When::Route(_) => true,
            _ => false,
        }
    }

    /// How deeply `all` / `any` / `not` nest (a single test is 0).
    pub fn depth(&self) -> usize {
        match self {
            When::All(items) | When::Any(items) => {
                1 + items.iter().map(When::depth).max().unwrap_or(0)
            }
            When::Not(w) => 1 + w.depth(),
            _ => 0,
        }
    }
}

/// Facts that own their values: one point of the answer space.
#[derive(Debug, Clone, Default)]
pub struct Owned {
    pub subject: Option<Subject>,
    pub urgency: Option<String>,
    pub harm: bool,
    pub disagreement: Option<String>,
    pub route: Option<String>,
    pub answers: Vec<(String, String)>,
    pub specials: Vec<String>,
}

/// Borrowed views of an [`Owned`]'s lists, for [`Facts`].
pub struct Views<'a> {
    answers: Vec<(&'a str, &'a str)>,
    specials: Vec<&'a str>,
    owned: &'a Owned,
}

impl Owned {
    /// The views [`Views::facts`] borrows from.
    pub fn views(&self) -> Views<'_> {
        Views {
            answers: self
                .answers
                .iter()
                .map(|(q, o)| (q.as_str(), o.as_str()))
                .collect(),
            specials: self.specials.iter().map(String::as_str).collect(),
            owned: self,
        }
    }

    /// Tests `when` at this point.
    pub fn meets(&self, when: &When) -> bool {
        let v = self.views();
        when.holds(&v.facts())
    }
}

impl<'a> Views<'a> {
    pub fn facts(&'a self) -> Facts<'a> {
        let o = self.owned;
        Facts {
            subject: o.subject,
            urgency: o.urgency.as_deref(),
            harm: o.harm,
            disagreement: o.disagreement.as_deref(),
            route: o.route.as_deref(),
            answers: &self.answers,
            specials: &self.specials,
        }
    }
}

/// A disagreement type chosen (or none), the route it leads to, and the
/// context answers given.
type Choice = (Option<String>, Option<String>, Vec<(String, String)>);

/// The special-case ids a condition tests.
fn specials_in(w: &When, out: &mut Vec<String>) {
    match w {
        When::All(v) | When::Any(v) => v.iter().for_each(|x| specials_in(x, out)),
        When::Not(x) => specials_in(x, out),
        When::Special(id) if !out.contains(id) => out.push(id.clone()),
        _ => {}
    }
}

/// Every combination of answers the protocol allows, as far as `when` can
/// tell them apart: each subject it covers, each urgency or none (immediate
/// harm reported by Yes on Safety, or by the immediate-harm urgency), each
/// disagreement type for the subject or none, each answer or none to its
/// questions (giving the route), and each subset of the special cases the
/// condition names. Finite and small: a protocol file's ids.
pub fn space(p: &super::Protocol, when: &When) -> Vec<Owned> {
    let mut specials = Vec::new();
    specials_in(when, &mut specials);
    // The route may turn on them too.
    for d in &p.disagreements {
        for c in &d.route_when {
            specials_in(&c.when, &mut specials);
        }
    }
    specials.truncate(8);
    let subsets: Vec<Vec<String>> = (0..1usize << specials.len())
        .map(|bits| {
            specials
                .iter()
                .enumerate()
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, s)| s.clone())
                .collect()
        })
        .collect();
    let mut urgencies: Vec<Option<&super::Urgency>> = vec![None];
    urgencies.extend(p.urgencies.iter().map(Some));
    let mut out = Vec::new();
    for &subject in &p.covers {
        // Each disagreement type with each combination of its questions'
        // answers (unanswered included), or none chosen yet.
        let mut choices: Vec<Choice> = vec![(None, None, Vec::new())];
        for d in p.disagreements_for(Some(subject)) {
            let mut combos: Vec<Vec<(String, String)>> = vec![Vec::new()];
            for q in d.questions.iter().filter_map(|q| p.question(q)) {
                let mut next = Vec::new();
                for c in &combos {
                    next.push(c.clone());
                    for o in &q.options {
                        let mut with = c.clone();
                        with.push((q.id.clone(), o.id.clone()));
                        next.push(with);
                    }
                }
                combos = next;
            }
            for answers in combos {
                choices.push((Some(d.id.clone()), None, answers));
            }
        }
        for u in &urgencies {
            let harms: &[bool] = if u.is_some_and(|u| u.immediate_harm) {
                &[true]
            } else {
                &[false, true]
            };
            for &harm in harms {
                for (disagreement, _, answers) in &choices {
                    for specials in &subsets {
                        let mut point = Owned {
                            subject: Some(subject),
                            urgency: u.map(|u| u.id.clone()),
                            harm,
                            disagreement: disagreement.clone(),
                            route: None,
                            answers: answers.clone(),
                            specials: specials.clone(),
                        };
                        // The route these answers lead to (it may turn on
                        // the urgency, say, as well as the context answers).
                        point.route = disagreement.as_deref().and_then(|d| {
                            p.route_for(
                                d,
                                |q| {
                                    answers
                                        .iter()
                                        .find(|(x, _)| x == q)
                                        .map(|(_, o)| o.as_str())
                                },
                                |w| point.meets(w),
                            )
                            .map(|r| r.id.clone())
                        });
                        out.push(point);
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn each_test_and_combination_holds_exactly_when_it_should() {
        let answers = [("agency", "health")];
        let specials = ["stuck"];
        let f = Facts {
            subject: Some(Subject::Adults),
            urgency: Some("quick"),
            harm: false,
            disagreement: Some("threshold"),
            route: Some("escalation"),
            answers: &answers,
            specials: &specials,
        };
        assert!(When::Subject(Subject::Adults).holds(&f));
        assert!(!When::Subject(Subject::Children).holds(&f));
        assert!(When::Urgency(ids(&["routine", "quick"])).holds(&f));
        assert!(!When::Urgency(ids(&["routine"])).holds(&f));
        assert!(When::Harm(false).holds(&f) && !When::Harm(true).holds(&f));
        assert!(When::Route(ids(&["escalation"])).holds(&f));
        assert!(When::Disagreement(ids(&["threshold"])).holds(&f));
        let health = When::Answer {
            question: "agency".into(),
            options: ids(&["health"]),
        };
        assert!(health.holds(&f));
        assert!(When::Special("stuck".into()).holds(&f));
        assert!(!When::Special("other".into()).holds(&f));
        assert!(When::All(vec![health.clone(), When::Harm(false)]).holds(&f));
        assert!(!When::All(vec![health.clone(), When::Harm(true)]).holds(&f));
        assert!(When::Any(vec![When::Harm(true), health.clone()]).holds(&f));
        assert!(When::Not(Box::new(When::Harm(true))).holds(&f));
        // Unknown facts satisfy no test about them.
        let none = Facts::default();
        assert!(!When::Route(ids(&["escalation"])).holds(&none));
        assert!(When::Not(Box::new(When::Route(ids(&["escalation"])))).holds(&none));
        assert!(When::applies(None, &none));
        assert_eq!(When::Not(Box::new(When::All(vec![health]))).depth(), 2);
    }
}
