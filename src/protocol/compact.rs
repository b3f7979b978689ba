//! A compact, lossless text encoding of loaded protocols.
//!
//! The widget does not parse TOML at run time: `build.rs` loads the bundled
//! protocol files with the same loader ([`super::load_str`]) and writes them
//! in this encoding, which the widget decodes with a few lines of code. That
//! keeps the TOML parser and the validator out of the initial bundle; custom
//! protocol files go through the on-demand checker module
//! (`case-resolution-check.js`), which answers in this encoding too.
//!
//! The format: a number is its decimal digits and `;`; a string is its length
//! in bytes as a number, then the bytes; `Option` and `bool` are a number 0 or
//! 1 (then the value); a `Vec` is its length, then the items; a struct is its
//! fields in declaration order. No versioning: both ends are built together.
//!
//! The widget also keeps its answers in session storage in this encoding
//! ([`crate::form::draft::to_compact`]), and the checker module hands back a
//! JSON draft it has read in it, so the widget needs no JSON reader.

use super::model::*;
use super::ProtocolError;

/// A value that can be written to and read from the compact encoding.
pub trait Compact: Sized {
    fn enc(&self, out: &mut String);
    fn dec(r: &mut Reader<'_>) -> Option<Self>;
}

/// Reads the compact encoding from the front of a string.
pub struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { rest: text }
    }

    /// Whether everything has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    fn num(&mut self) -> Option<usize> {
        let end = self.rest.find(';')?;
        let n = self.rest[..end].parse().ok()?;
        self.rest = &self.rest[end + 1..];
        Some(n)
    }

    fn str(&mut self) -> Option<&'a str> {
        let n = self.num()?;
        let s = self.rest.get(..n)?;
        self.rest = &self.rest[n..];
        Some(s)
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
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        r.str().map(str::to_string)
    }
}

impl Compact for usize {
    fn enc(&self, out: &mut String) {
        num(*self, out);
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        r.num()
    }
}

impl Compact for u32 {
    fn enc(&self, out: &mut String) {
        num(*self as usize, out);
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        r.num().and_then(|n| u32::try_from(n).ok())
    }
}

impl Compact for bool {
    fn enc(&self, out: &mut String) {
        num(usize::from(*self), out);
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        match r.num()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Compact for Subject {
    fn enc(&self, out: &mut String) {
        (*self == Subject::Adults).enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        Some(if bool::dec(r)? {
            Subject::Adults
        } else {
            Subject::Children
        })
    }
}

impl<T: Compact> Compact for Option<T> {
    fn enc(&self, out: &mut String) {
        self.is_some().enc(out);
        if let Some(v) = self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        Some(if bool::dec(r)? {
            Some(T::dec(r)?)
        } else {
            None
        })
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        for v in self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        let n = r.num()?;
        // Not `with_capacity(n)`: a corrupt length must not allocate.
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(T::dec(r)?);
        }
        Some(out)
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
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        let n = r.num()?;
        let mut out = Self::new();
        for _ in 0..n {
            let k = K::dec(r)?;
            out.insert(k, V::dec(r)?);
        }
        Some(out)
    }
}

impl<T: Compact + Ord> Compact for std::collections::BTreeSet<T> {
    fn enc(&self, out: &mut String) {
        num(self.len(), out);
        for v in self {
            v.enc(out);
        }
    }
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        let n = r.num()?;
        let mut out = Self::new();
        for _ in 0..n {
            out.insert(T::dec(r)?);
        }
        Some(out)
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
    fn dec(r: &mut Reader<'_>) -> Option<Self> {
        Some((A::dec(r)?, B::dec(r)?))
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
            fn dec(r: &mut Reader<'_>) -> Option<Self> {
                Some($t { $($f: Compact::dec(r)?,)* })
            }
        }
    )*};
}
pub(crate) use compact_struct;

compact_struct! {
    Protocol {
        id, name, short_name, area, covers, source, form, emergency, contacts,
        urgencies, questions, disagreements, routes, special_cases, tips,
        after_resolution, exhausted,
    }
    Source { title, url, reviewed }
    FormInfo { title, recipient, cite }
    Emergency { summary, actions, contacts, cite }
    Contact { id, name, phone, email, url, note, cite }
    Urgency { id, label, hint, may_skip_stages, guidance, cite }
    Question { id, label, hint, options, cite }
    QuestionOption { id, label, route }
    Disagreement { id, label, hint, subject, questions, route, cite }
    Route { id, name, summary, stages, exhausted, cite }
    Stage {
        id, name, who, contact_role, contacts, action, prepare, record,
        timescale, submits_form, alternatives, cite,
    }
    Timescale { text, working_days, cite }
    Alternative { text, when, cite }
    SpecialCase { id, label, hint, guidance, cite }
    CitedText { text, cite }
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
        b'P' => Ok(Protocol::dec(&mut r)?),
        b'E' => Err(Vec::<ProtocolError>::dec(&mut r)?),
        _ => return None,
    };
    r.is_empty().then_some(out)
}

/// Encodes several results (the bundled protocols), one after another.
pub fn encode_all(results: &[Result<Protocol, Vec<ProtocolError>>]) -> String {
    let mut out = String::new();
    for r in results {
        let one = encode(r);
        num(one.len(), &mut out);
        out.push_str(&one);
    }
    out
}

/// Decodes [`encode_all`]'s output; `None` if `text` is not one.
pub fn decode_all(text: &str) -> Option<Vec<Result<Protocol, Vec<ProtocolError>>>> {
    let mut r = Reader::new(text);
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(decode(r.str()?)?);
    }
    Some(out)
}
