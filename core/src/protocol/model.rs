//! The protocol model: one partnership's escalation protocol as data.
//!
//! Every element that gives guidance carries a [`Cite`]: the section of the
//! source document it rests on. The loader (`super::load`) builds these types
//! from a TOML file and refuses a file where anything required is missing.

use serde::{Deserialize, Serialize};

use super::when::When;

/// Where in the source an element rests: the section, and anchors (short
/// phrases copied exactly from that passage) that the validator finds in the
/// source text and a link can highlight (a URL text fragment).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The section of the source document, e.g. "Stage 3".
    pub section: String,
    /// Exact phrases of the passage, 3 to 12 words each; empty only in a
    /// partnership's own file that has not added them yet (a warning).
    pub anchors: Vec<String>,
    /// The source text the passage is in: an id of [`Protocol::sources`],
    /// or `None` for the protocol's main [`Source`].
    pub from: Option<String>,
    /// The address of the page the passage is on, where the source gives one.
    pub url: Option<String>,
    /// Whether the anchors are the page's own words, so that a link can
    /// highlight them; false for a text that is our summary of the page.
    pub exact: bool,
    /// Other passages the same guidance rests on, each in its own source
    /// (`also = { cite, anchor, from }` in the file): a guide and the
    /// protocol it quotes, a page and its procedures manual. Each one's
    /// anchors are checked against its own source and link to its own page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Cite>,
}

impl Cite {
    /// A citation with no anchor and no address (the widget's own texts).
    pub fn section(section: impl Into<String>) -> Cite {
        Cite {
            section: section.into(),
            ..Cite::default()
        }
    }

    /// The section and the anchors in quotation marks, as the form prints
    /// them: `Stage 3, “will determine a course of action”`.
    pub fn label(&self) -> String {
        let mut out = self.section.clone();
        for (i, a) in self.anchors.iter().enumerate() {
            out.push_str(if i == 0 { ", “" } else { "; “" });
            out.push_str(a);
            out.push('”');
        }
        for other in &self.also {
            out.push_str("; also ");
            out.push_str(&other.label());
        }
        out
    }

    /// The address that opens the passage: the page, with a text fragment
    /// (`#:~:text=`) highlighting the anchors where they are the page's own
    /// words. `None` where the source has no web address.
    pub fn link(&self) -> Option<String> {
        let url = self.url.as_deref()?;
        let base = url.split('#').next().unwrap_or(url);
        if !self.exact || self.anchors.is_empty() {
            return Some(base.to_string());
        }
        let mut out = format!("{base}#:~:");
        for (i, a) in self.anchors.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str("text=");
            fragment_encode(a, &mut out);
        }
        Some(out)
    }
}

/// Percent-encodes text for a URL text fragment: everything but ASCII letters,
/// digits and `._~` (so `-`, `,` and `&`, which the directive syntax uses,
/// are encoded); whitespace runs become one `%20`.
fn fragment_encode(text: &str, out: &mut String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str("%20");
        }
        for b in w.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
}

/// Who a protocol covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    Children,
    Adults,
}

impl Subject {
    pub fn id(self) -> &'static str {
        match self {
            Subject::Children => "children",
            Subject::Adults => "adults",
        }
    }
}

/// A whole protocol file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Protocol {
    /// Short machine id, used in embed snippets (`data-protocol="devon-dcfp"`).
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub area: String,
    pub covers: Vec<Subject>,
    pub source: Source,
    /// Other source texts that cites may rest on (`from = "<id>"`): another
    /// page of the same procedure, or a document the protocol borrows from.
    pub sources: Vec<SourceText>,
    pub form: FormInfo,
    pub emergency: Emergency,
    pub contacts: Vec<Contact>,
    /// Ids into [`Protocol::contacts`] that the source prints without tying
    /// them to a step (Devon schools: the DES Safeguarding team), shown as
    /// such on the Next step page.
    pub other_contacts: Vec<String>,
    /// When the protocol leaves it to the practitioner which stage to start
    /// at, each with its `when` (always set): while one holds, no stage is
    /// "skipped". Its text is shown with the next step; empty where it was
    /// upgraded from an urgency's `may_skip_stages`, whose own guidance says it.
    pub discretion: Vec<CitedText>,
    pub urgencies: Vec<Urgency>,
    /// The protocol's statement that none of its urgencies means immediate
    /// harm, cited. Exactly one of this and an urgency with
    /// [`Urgency::immediate_harm`] is given (the loader enforces it), so
    /// which answer brings the emergency guidance is never inferred.
    pub no_immediate_harm_urgency: Option<CitedText>,
    pub questions: Vec<Question>,
    pub disagreements: Vec<Disagreement>,
    pub routes: Vec<Route>,
    pub special_cases: Vec<SpecialCase>,
    pub tips: Vec<CitedText>,
    pub after_resolution: Vec<CitedText>,
    /// What to do when every stage of a route has been tried without resolution.
    pub exhausted: CitedText,
    /// Last words the source gives for some answers only, each with its
    /// `when`; the first that holds is said instead of `exhausted`.
    pub endings: Vec<CitedText>,
    /// Outcomes every stage of every route has (where their `when`
    /// holds), after a stage's own: Sheffield asks at all stages how any
    /// outstanding issues will be pursued.
    pub outcomes: Vec<StageOutcome>,
}

/// Where the protocol comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub title: String,
    /// The public address, where the source gives one.
    pub url: Option<String>,
    /// When the source was last reviewed or updated, in its own words; `None` where unknown.
    pub reviewed: Option<String>,
}

/// A source text other than the main one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceText {
    pub id: String,
    pub title: String,
    pub url: Option<String>,
    /// True where the text is our summary of the page (e.g. the supplementary
    /// facts of the seeds' README), not its own words: anchors are then
    /// checked against the summary and links open the page unhighlighted.
    pub summary: bool,
}

/// The formal case resolution form as the protocol names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormInfo {
    pub title: String,
    /// Titles for some answers only, each with its `when` and cite; the
    /// first that holds is used instead of `title`.
    pub titles: Vec<CitedText>,
    /// Who the form goes to, where no entry of `recipients` applies.
    pub recipient: String,
    /// Recipients the source names for some answers only (a route, say),
    /// each with its `when` and cite. At most one applies to any answers
    /// (the loader refuses two that can hold together).
    pub recipients: Vec<CitedText>,
    pub cite: Cite,
}

/// What to do now when someone is at risk of immediate harm. The widget
/// always puts "call 999" first itself ([`crate::guidance::CALL_999`]): it is
/// the product's safety baseline, not something most sources state, so a
/// protocol file does not list 999 as a contact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Emergency {
    pub summary: String,
    pub actions: Vec<CitedText>,
    /// Ids into [`Protocol::contacts`]: the front door (MASH and the like)
    /// where the source names one; may be empty.
    pub contacts: Vec<String>,
    pub cite: Cite,
}

/// A contact the source gives: its name, and the phone, email or web
/// address where the source prints them (a name alone where it prints none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub id: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub note: Option<String>,
    pub cite: Cite,
}

/// A level of urgency the practitioner chooses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Urgency {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    /// True on the one urgency that means someone may be at risk of
    /// immediate harm: choosing it reports immediate harm, as Yes on the
    /// Safety question does.
    pub immediate_harm: bool,
    /// Guidance shown with the next step when this urgency is chosen.
    pub guidance: Option<String>,
    /// Guidance for this urgency that the source scopes (to a route, say),
    /// each with its own `when` and cite. At most one applies to any answers
    /// (the loader refuses two that can hold together, or one with `guidance`).
    pub notes: Vec<CitedText>,
    pub cite: Cite,
}

/// A context question asked after the disagreement type (e.g. "Which kind of
/// agency do you work for?"). An option may switch the route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub options: Vec<QuestionOption>,
    pub cite: Cite,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionOption {
    pub id: String,
    pub label: String,
    /// When set, choosing this option follows this route instead of the
    /// disagreement's own.
    pub route: Option<String>,
}

/// A kind of disagreement or dissent context the protocol lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disagreement {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    /// Restricts the type to one subject (Darlington's adult-only contexts).
    pub subject: Option<Subject>,
    /// Ids into [`Protocol::questions`], asked in this order.
    pub questions: Vec<String>,
    /// The route; empty when [`Disagreement::elsewhere`] is set.
    pub route: String,
    /// Set when this kind of disagreement is not for this protocol at all
    /// (with one's own managers: DCFP 1.1 sends it to whistleblowing
    /// policies): where to go instead, cited. No stages and no form follow.
    pub elsewhere: Option<CitedText>,
    /// Another route for some answers (the urgency, say): the first whose
    /// condition holds replaces `route`; a context answer's route still
    /// comes after it. Conditions here cannot test the route itself.
    pub route_when: Vec<RouteChoice>,
    pub cite: Cite,
}

/// An ordered escalation route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub id: String,
    pub name: String,
    pub summary: Option<String>,
    /// Summaries for some answers only (`when`); the first that holds is
    /// shown instead of `summary`.
    pub summaries: Vec<CitedText>,
    pub stages: Vec<Stage>,
    /// What to do when every stage of this route has been tried; when absent,
    /// the protocol's own [`Protocol::exhausted`] applies.
    pub exhausted: Option<CitedText>,
    /// The route's last words for some answers only (`when`), before its
    /// `exhausted` and the protocol's.
    pub endings: Vec<CitedText>,
    pub cite: Cite,
}

/// One stage of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stage {
    pub id: String,
    /// The stage is part of the route only when this holds (a step only for
    /// urgent cases, say); `None`: always.
    pub when: Option<When>,
    pub name: String,
    /// Who acts at this stage.
    pub who: String,
    /// The role to contact.
    pub contact_role: String,
    /// Ids into [`Protocol::contacts`], where the source gives a contact.
    pub contacts: Vec<String>,
    /// Contacts the source gives for some answers only (for adults, say),
    /// shown after `contacts` when their condition holds.
    pub contacts_for: Vec<ScopedContact>,
    pub action: String,
    pub prepare: Vec<String>,
    pub record: Vec<String>,
    /// What falls due at this stage, and when: none, one, or several (an
    /// acknowledgement now by the other professional, a plan within two
    /// working days by both), each with who owes it and its own `when`.
    pub timescales: Vec<Timescale>,
    /// True when the formal case resolution form is submitted at this stage.
    pub submits_form: bool,
    pub alternatives: Vec<Alternative>,
    /// Guidance for this stage that the source scopes (`when`), shown with
    /// the stage when it holds.
    pub notes: Vec<CitedText>,
    /// "May be skipped when …": its `when` (always set) and what the source
    /// says. While it holds, going past this stage is not a skip.
    pub may_skip: Option<CitedText>,
    /// "Optional: only if …", the condition in the protocol's words (a
    /// judgement no answer records, so text, not `when`). Going past an
    /// optional stage is never a skip.
    pub optional: Option<CitedText>,
    /// "May be reached early": the stage can be gone to before the stages
    /// ahead of it are tried (DCFP 3.4's form).
    pub early: Option<Early>,
    /// Outcomes this stage has beyond resolved, not resolved and awaiting
    /// (a plan agreed, say), as the source gives them for it.
    pub outcomes: Vec<StageOutcome>,
    pub cite: Cite,
}

/// An outcome a source gives a stage beyond resolved, not resolved and
/// awaiting a reply: a plan agreed with a date to review it, resolved with
/// issues still outstanding, or a challenge not taken forward.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageOutcome {
    pub kind: OutcomeKind,
    /// Who decides, in the protocol's words, where it names them (a
    /// challenge not taken forward only); `None`: not named.
    pub decided_by: Option<String>,
    /// What the source says about this outcome, with an optional `when`.
    pub text: CitedText,
}

/// The outcomes a protocol file can give a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    /// An agreed plan, with a date to review it: the route stays open.
    PlanAgreed,
    /// Resolved, with issues still outstanding: the route ends.
    Outstanding,
    /// The challenge is not taken forward (judged not justified, say): the
    /// route ends.
    NotTakenForward,
}

impl OutcomeKind {
    /// Every kind, in the order offered.
    pub const ALL: [OutcomeKind; 3] = [
        OutcomeKind::PlanAgreed,
        OutcomeKind::Outstanding,
        OutcomeKind::NotTakenForward,
    ];
    /// The name a protocol file gives it (`kind = "…"`).
    pub fn key(self) -> &'static str {
        match self {
            OutcomeKind::PlanAgreed => "plan-agreed",
            OutcomeKind::Outstanding => "resolved-with-outstanding-issues",
            OutcomeKind::NotTakenForward => "not-taken-forward",
        }
    }
}

/// A route chosen by a condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteChoice {
    /// An id of [`Protocol::routes`].
    pub route: String,
    pub when: When,
}

/// A contact given for some answers only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopedContact {
    /// An id of [`Protocol::contacts`].
    pub contact: String,
    pub when: When,
}

/// How a stage may be reached before the stages ahead of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Early {
    /// The first stage (`from_stage`: an id of the same route, before this
    /// one) whose next step offers it; `None`: from the route's first stage. Stages
    /// before it must still be tried.
    pub from: Option<String>,
    /// What the source says, with an optional `when`.
    pub text: CitedText,
}

/// A timescale the source states.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timescale {
    /// In the protocol's terms, e.g. "within one working day".
    pub text: String,
    /// How long, where the source says it in a unit a date can be worked
    /// out from; `None`: in words only ("a time acceptable to both").
    pub amount: Option<Amount>,
    /// What the time is counted from.
    pub counted_from: CountFrom,
    /// Who owes it, in the protocol's words ("the other professional");
    /// `None`: the source does not say.
    pub owed_by: Option<String>,
    /// The timescale applies only when this holds; `None`: always.
    pub when: Option<When>,
    pub cite: Cite,
}

impl Timescale {
    /// The number of working days, where that is the unit.
    pub fn working_days(&self) -> Option<u32> {
        match self.amount {
            Some(Amount::WorkingDays(n)) => Some(n),
            _ => None,
        }
    }
}

/// A timescale's length, in the source's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// At once: due the day it is counted from.
    Immediately,
    /// Hours; without a time of day, counted as whole days.
    Hours(u32),
    /// Monday to Friday, leaving out bank holidays.
    WorkingDays(u32),
    /// Every day.
    CalendarDays(u32),
}

impl Amount {
    /// "3 working days", "48 hours", "immediately".
    pub fn words(self) -> String {
        let (n, one, many) = match self {
            Amount::Immediately => return "immediately".to_string(),
            Amount::Hours(n) => (n, "hour", "hours"),
            Amount::WorkingDays(n) => (n, "working day", "working days"),
            Amount::CalendarDays(n) => (n, "calendar day", "calendar days"),
        };
        format!("{n} {}", if n == 1 { one } else { many })
    }
}

/// Where a timescale is counted from, as the file states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountFrom {
    /// The last recorded attempt on the route (what a file that states no
    /// counting point meant before counting points could be stated; the
    /// checker warns about it).
    LastAttempt,
    /// The last attempt at the stage before this one.
    PreviousStage,
    /// The first attempt at this stage (today, until there is one).
    ThisStage,
    /// The first attempt at the named stage of the route.
    Stage(String),
    /// The first attempt on the route.
    RouteStart,
    /// The source gives no starting point: the widget says so, and which
    /// date it used (the last recorded attempt, else today).
    NotStated,
}

/// Another way through a stage (e.g. health services going to the designated
/// or named professional instead of line management), never a later stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub text: String,
    /// Offered only when this holds (and then marked "applies to you");
    /// `None`: offered to everyone.
    pub when: Option<When>,
    /// Ids into [`Protocol::contacts`].
    pub contacts: Vec<String>,
    pub cite: Cite,
}

/// A special case the practitioner can flag, with the guidance it brings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpecialCase {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub guidance: String,
    /// Ids into [`Protocol::contacts`].
    pub contacts: Vec<String>,
    /// Offered only when this holds (a case only for adults, say).
    pub when: Option<When>,
    /// The case is not for this protocol at all (a complaint, say): while
    /// it is ticked, its guidance says where to go instead, and no stages
    /// and no form follow.
    pub elsewhere: bool,
    pub cite: Cite,
}

/// A sentence with its citation, and where the source scopes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CitedText {
    pub text: String,
    /// Shown only when this holds (none: always). Read from the file where
    /// guidance can be scoped (tips, after resolution, emergency actions,
    /// urgency and stage notes, alternatives' kin); `None` in everything the
    /// engine writes itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
    pub cite: Cite,
}

impl CitedText {
    /// Text with a citation and no condition.
    pub fn new(text: impl Into<String>, cite: Cite) -> CitedText {
        CitedText {
            text: text.into(),
            when: None,
            cite,
        }
    }
}

impl Protocol {
    /// Every citation in the file, in file order, then the other passages
    /// they rest on ([`Cite::also`]) (for checks and tests).
    pub fn cites(&self) -> Vec<&Cite> {
        let mut out = vec![&self.form.cite, &self.emergency.cite];
        out.extend(self.form.recipients.iter().map(|r| &r.cite));
        out.extend(self.form.titles.iter().map(|r| &r.cite));
        out.extend(self.emergency.actions.iter().map(|a| &a.cite));
        out.extend(self.contacts.iter().map(|c| &c.cite));
        for u in &self.urgencies {
            out.push(&u.cite);
            out.extend(u.notes.iter().map(|n| &n.cite));
        }
        out.extend(self.no_immediate_harm_urgency.iter().map(|x| &x.cite));
        out.extend(self.discretion.iter().map(|x| &x.cite));
        out.extend(self.questions.iter().map(|q| &q.cite));
        out.extend(self.disagreements.iter().map(|d| &d.cite));
        out.extend(
            self.disagreements
                .iter()
                .filter_map(|d| d.elsewhere.as_ref().map(|e| &e.cite)),
        );
        for r in &self.routes {
            out.push(&r.cite);
            out.extend(r.exhausted.iter().map(|x| &x.cite));
            out.extend(r.summaries.iter().chain(&r.endings).map(|x| &x.cite));
            for s in &r.stages {
                out.push(&s.cite);
                out.extend(s.timescales.iter().map(|t| &t.cite));
                out.extend(s.alternatives.iter().map(|a| &a.cite));
                out.extend(s.notes.iter().map(|n| &n.cite));
                out.extend(s.may_skip.iter().map(|n| &n.cite));
                out.extend(s.optional.iter().map(|n| &n.cite));
                out.extend(s.early.iter().map(|e| &e.text.cite));
                out.extend(s.outcomes.iter().map(|o| &o.text.cite));
            }
        }
        out.extend(self.special_cases.iter().map(|s| &s.cite));
        out.extend(self.tips.iter().map(|t| &t.cite));
        out.extend(self.after_resolution.iter().map(|t| &t.cite));
        out.push(&self.exhausted.cite);
        out.extend(self.endings.iter().map(|x| &x.cite));
        out.extend(self.outcomes.iter().map(|o| &o.text.cite));
        // The other passages a cite rests on, after it (checked alike).
        let mut i = 0;
        while i < out.len() {
            let c = out[i];
            out.extend(c.also.iter());
            i += 1;
        }
        out
    }
    /// The outcomes a stage has beyond the three every stage has, one per
    /// kind: the stage's own, then the protocol's for every stage.
    pub fn outcomes_at<'a>(&'a self, stage: &'a Stage) -> Vec<&'a StageOutcome> {
        let mut out: Vec<&StageOutcome> = Vec::new();
        for o in stage.outcomes.iter().chain(&self.outcomes) {
            if !out.iter().any(|x| x.kind == o.kind) {
                out.push(o);
            }
        }
        out
    }
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }
    pub fn urgency(&self, id: &str) -> Option<&Urgency> {
        self.urgencies.iter().find(|u| u.id == id)
    }
    /// The urgency that means someone may be at risk of immediate harm, if
    /// the protocol has one.
    pub fn immediate_harm_urgency(&self) -> Option<&Urgency> {
        self.urgencies.iter().find(|u| u.immediate_harm)
    }
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
    /// The route a disagreement type leads to, given the context answers
    /// (`answer(question id)`) and a test of the other answers (`holds`):
    /// its own, or the first of its `route_when` that holds, unless an
    /// answered question's option names another (the last such answer wins).
    pub fn route_for<'a>(
        &self,
        disagreement: &str,
        answer: impl Fn(&str) -> Option<&'a str>,
        holds: impl Fn(&When) -> bool,
    ) -> Option<&Route> {
        let d = self.disagreement(disagreement)?;
        let mut route = d
            .route_when
            .iter()
            .find(|c| holds(&c.when))
            .map_or(d.route.as_str(), |c| c.route.as_str());
        for qid in &d.questions {
            let chosen = answer(qid)
                .and_then(|opt| self.question(qid)?.options.iter().find(|o| o.id == opt));
            if let Some(r) = chosen.and_then(|o| o.route.as_deref()) {
                route = r;
            }
        }
        self.route(route)
    }
    pub fn disagreement(&self, id: &str) -> Option<&Disagreement> {
        self.disagreements.iter().find(|d| d.id == id)
    }
    pub fn route(&self, id: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.id == id)
    }
    pub fn special_case(&self, id: &str) -> Option<&SpecialCase> {
        self.special_cases.iter().find(|s| s.id == id)
    }
    pub fn covers_both(&self) -> bool {
        self.covers.len() > 1
    }
    /// Disagreement types offered for a subject (all when `None`).
    pub fn disagreements_for(
        &self,
        subject: Option<Subject>,
    ) -> impl Iterator<Item = &Disagreement> {
        self.disagreements
            .iter()
            .filter(move |d| match (d.subject, subject) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            })
    }
}
