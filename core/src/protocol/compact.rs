//! A compact, lossless text encoding of loaded protocols.
//!
//! The widget does not parse TOML at run time: `tools/src/bin/protocol-data.rs`
//! loads the protocol files with the same loader ([`super::load`]) and writes
//! them in this encoding (as data files, [`super::data`]), which the widget
//! decodes with a few lines of code. That keeps the TOML parser and the validator out of the initial bundle; custom
//! protocol files go through the on-demand checker module
//! (`case-resolution-check.js`), which answers in this encoding too.
//!
//! The format: a number is its decimal digits and `;`; a string is its length
//! in bytes as a number, then the bytes; `Option` and `bool` are a number 0 or
//! 1 (then the value); a `Vec` is its length, then the items; a struct is its
//! fields in declaration order. No version of its own: a data file's header
//! carries one ([`super::data::FORMAT`]); the session drafts and the
//! checker's answers are read by the same build that wrote them.
//!
//! The widget also keeps its answers in session storage in this encoding
//! ([`crate::form::draft::to_compact`]), and the checker module hands back a
//! JSON draft it has read in it, so the widget needs no JSON reader.

use super::model::*;
use super::when::When;
use super::ProtocolError;

/// A value that can be written to and read from the compact encoding.
///
/// Reading never stops early: a read that fails marks the [`Reader`] as
/// failed and gives a placeholder (0, "", false, the first variant), and the
/// caller checks [`Reader::done`] once at the end. Early returns would make
/// the compiler drop every half-built value at every field, which was most
/// of the decoder's size in the widget's wasm.
pub trait Compact: Sized {
    fn enc(&self, out: &mut String);
    fn dec(r: &mut Reader<'_>) -> Self;
}

/// Reads the compact encoding from the front of a string.
pub struct Reader<'a> {
    rest: &'a str,
    failed: bool,
    /// How deep the condition being read nests: bounded, so that a damaged
    /// file cannot recurse without end.
    depth: usize,
    /// The value was written by the build before the last change of its
    /// layout (a session draft kept over an upgrade): fields added since
    /// are not in it.
    pub(crate) older: bool,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            rest: text,
            failed: false,
            depth: 0,
            older: false,
        }
    }

    /// Whether every read succeeded and everything has been read.
    pub fn done(&self) -> bool {
        !self.failed && self.rest.is_empty()
    }

    /// Whether a read has failed: what follows is not to be trusted.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// What is left to read (for a message that carries another after it).
    pub fn rest(&self) -> &'a str {
        self.rest
    }

    /// Marks the input as not what was expected; reads give placeholders.
    pub fn fail(&mut self) {
        self.failed = true;
        self.rest = "";
    }

    fn num(&mut self) -> usize {
        let n = self
            .rest
            .find(';')
            .and_then(|end| Some((self.rest[..end].parse().ok()?, end)));
        match n {
            Some((n, end)) => {
                self.rest = &self.rest[end + 1..];
                n
            }
            None => {
                self.fail();
                0
            }
        }
    }

    fn str(&mut self) -> &'a str {
        let n = self.num();
        match self.rest.get(..n) {
            Some(s) => {
                self.rest = &self.rest[n..];
                s
            }
            None => {
                self.fail();
                ""
            }
        }
    }

    /// Reads a count, then `item` that many times, stopping at a failure
    /// (a corrupt count must not loop or allocate).
    fn items(&mut self, mut item: impl FnMut(&mut Self)) {
        let n = self.num();
        for _ in 0..n {
            if self.failed {
                break;
            }
            item(self);
        }
    }
}

fn num(n: usize, out: &mut String) {
    out.push_str(&n.to_string());
    out.push(';');
}

impl Compact for String {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        out.push_str(self);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        r.str().to_string()
    }
}

impl Compact for usize {
    fn enc(&self, out: &mut String) {
        num(*self, out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        r.num()
    }
}

impl Compact for u32 {
    fn enc(&self, out: &mut String) {
        num(*self as usize, out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let n = r.num();
        u32::try_from(n).unwrap_or_else(|_| {
            r.fail();
            0
        })
    }
}

impl Compact for bool {
    fn enc(&self, out: &mut String) {
        num(usize::from(*self), out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        match r.num() {
            0 => false,
            1 => true,
            _ => {
                r.fail();
                false
            }
        }
    }
}

impl Compact for Subject {
    fn enc(&self, out: &mut String) {
        (*self == Subject::Adults).enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        if bool::dec(r) {
            Subject::Adults
        } else {
            Subject::Children
        }
    }
}

impl<T: Compact> Compact for Option<T> {
    fn enc(&self, out: &mut String) {
        self.is_some().enc(out);
        if let Some(v) = self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        bool::dec(r).then(|| T::dec(r))
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        for v in self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        // Not `with_capacity(n)`: a corrupt length must not allocate.
        let mut out = Vec::new();
        r.items(|r| out.push(T::dec(r)));
        out
    }
}

impl<K: Compact + Ord, V: Compact> Compact for std::collections::BTreeMap<K, V> {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        for (k, v) in self {
            k.enc(out);
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let mut out = Self::new();
        r.items(|r| {
            let k = K::dec(r);
            out.insert(k, V::dec(r));
        });
        out
    }
}

impl<T: Compact + Ord> Compact for std::collections::BTreeSet<T> {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        for v in self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let mut out = Self::new();
        r.items(|r| {
            out.insert(T::dec(r));
        });
        out
    }
}

impl Compact for When {
    fn enc(&self, out: &mut String) {
        match self {
            When::All(v) => {
                num(0, out);
                v.enc(out);
            }
            When::Any(v) => {
                num(1, out);
                v.enc(out);
            }
            When::Not(w) => {
                num(2, out);
                w.enc(out);
            }
            When::Subject(s) => {
                num(3, out);
                s.enc(out);
            }
            When::Urgency(ids) => {
                num(4, out);
                ids.enc(out);
            }
            When::Harm(h) => {
                num(5, out);
                h.enc(out);
            }
            When::Disagreement(ids) => {
                num(6, out);
                ids.enc(out);
            }
            When::Route(ids) => {
                num(7, out);
                ids.enc(out);
            }
            When::Answer { question, options } => {
                num(8, out);
                question.enc(out);
                options.enc(out);
            }
            When::Special(id) => {
                num(9, out);
                id.enc(out);
            }
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        r.depth += 1;
        if r.depth > super::when::MAX_DEPTH + 1 {
            r.fail();
        }
        let w = match r.num() {
            _ if r.failed => When::Harm(false),
            0 => When::All(Vec::dec(r)),
            1 => When::Any(Vec::dec(r)),
            2 => When::Not(Box::new(When::dec(r))),
            3 => When::Subject(Subject::dec(r)),
            4 => When::Urgency(Vec::dec(r)),
            5 => When::Harm(bool::dec(r)),
            6 => When::Disagreement(Vec::dec(r)),
            7 => When::Route(Vec::dec(r)),
            8 => When::Answer {
                question: String::dec(r),
                options: Vec::dec(r),
            },
            9 => When::Special(String::dec(r)),
            _ => {
                r.fail();
                When::Harm(false)
            }
        };
        r.depth -= 1;
        w
    }
}

impl Compact for Amount {
    fn enc(&self, out: &mut String) {
        let (tag, n) = match *self {
            Amount::Immediately => (0, 0),
            Amount::Hours(n) => (1, n),
            Amount::WorkingDays(n) => (2, n),
            Amount::CalendarDays(n) => (3, n),
        };
        num(tag, out);
        n.enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let tag = r.num();
        let n = u32::dec(r);
        match tag {
            0 => Amount::Immediately,
            1 => Amount::Hours(n),
            2 => Amount::WorkingDays(n),
            3 => Amount::CalendarDays(n),
            _ => {
                r.fail();
                Amount::Immediately
            }
        }
    }
}

impl Compact for CountFrom {
    fn enc(&self, out: &mut String) {
        match self {
            CountFrom::LastAttempt => num(0, out),
            CountFrom::PreviousStage => num(1, out),
            CountFrom::ThisStage => num(2, out),
            CountFrom::Stage(id) => {
                num(3, out);
                id.enc(out);
            }
            CountFrom::RouteStart => num(4, out),
            CountFrom::NotStated => num(5, out),
        }
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        match r.num() {
            0 => CountFrom::LastAttempt,
            1 => CountFrom::PreviousStage,
            2 => CountFrom::ThisStage,
            3 => CountFrom::Stage(String::dec(r)),
            4 => CountFrom::RouteStart,
            5 => CountFrom::NotStated,
            _ => {
                r.fail();
                CountFrom::NotStated
            }
        }
    }
}

impl Compact for OutcomeKind {
    fn enc(&self, out: &mut String) {
        let i = OutcomeKind::ALL.iter().position(|k| k == self).unwrap_or(0);
        num(i, out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let i = r.num();
        OutcomeKind::ALL.get(i).copied().unwrap_or_else(|| {
            r.fail();
            OutcomeKind::PlanAgreed
        })
    }
}

/// Encodes a borrowed string as [`String`] does.
pub fn enc_str(s: &str, out: &mut String) {
    num(s.len(), out);
    out.push_str(s);
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn enc(&self, out: &mut String) {
        self.0.enc(out);
        self.1.enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        (A::dec(r), B::dec(r))
    }
}

/// Implements [`Compact`] for a struct from its field list. A field added
/// to the struct but not here is a compile error (the struct literal in
/// `dec` would be incomplete).
macro_rules! compact_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Compact for $t {
            fn enc(&self, out: &mut String) {
                $(Compact::enc(&self.$f, out);)*
            }
            fn dec(r: &mut Reader<'_>) -> Self {
                $t { $($f: Compact::dec(r),)* }
            }
        }
    )*};
}
pub(crate) use compact_struct;

compact_struct! {
    Protocol {
        id, name, short_name, area, covers, source, sources, form, emergency, contacts,
        other_contacts, discretion, urgencies, no_immediate_harm_urgency, questions, disagreements, routes,
        special_cases, tips,
        after_resolution, exhausted, endings, outcomes,
    }
    Source { title, url, reviewed }
    SourceText { id, title, url, summary }
    Cite { section, anchors, from, url, exact, also }
    FormInfo { title, titles, recipient, recipients, cite }
    Emergency { summary, actions, contacts, cite }
    Contact { id, name, phone, email, url, note, cite }
    Urgency { id, label, hint, immediate_harm, guidance, notes, cite }
    Question { id, label, hint, options, cite }
    QuestionOption { id, label, route }
    Disagreement { id, label, hint, subject, questions, route, elsewhere, route_when, cite }
    Route { id, name, summary, summaries, stages, exhausted, endings, cite }
    Stage {
        id, when, name, who, contact_role, contacts, contacts_for, action, prepare, record,
        timescales, submits_form, alternatives, notes, may_skip, optional, early, outcomes,
        cite,
    }
    StageOutcome { kind, decided_by, text }
    Early { from, text }
    ScopedContact { contact, when }
    RouteChoice { route, when }
    Timescale { text, amount, counted_from, owed_by, when, cite }
    Alternative { text, when, contacts, cite }
    SpecialCase { id, label, hint, guidance, contacts, when, elsewhere, cite }
    CitedText { text, when, cite }
    ProtocolError { file, line, column, path, message, help }
}

/// Encodes the result of loading one protocol file: `P` and the protocol,
/// or `E` and its errors.
pub fn encode(result: &Result<Protocol, Vec<ProtocolError>>) -> String {
    let mut out = String::with_capacity(16 * 1024);
    match result {
        Ok(p) => {
            out.push('P');
            p.enc(&mut out);
        }
        Err(errors) => {
            out.push('E');
            errors.enc(&mut out);
        }
    }
    out
}

/// Decodes one [`encode`]d result; `None` if `text` is not one.
pub fn decode(text: &str) -> Option<Result<Protocol, Vec<ProtocolError>>> {
    let mut r = Reader::new(text.get(1..)?);
    let out = match text.as_bytes()[0] {
        b'P' => Ok(Protocol::dec(&mut r)),
        b'E' => Err(Vec::<ProtocolError>::dec(&mut r)),
        _ => return None,
    };
    r.done().then_some(out)
}
