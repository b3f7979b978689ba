//! Form files made by the widget's on-demand modules.
//!
//! The widget shows the preview itself, but the HTML file, the JSON draft and
//! the Word file are made by modules it loads only when they are asked for
//! (`check-export/` for HTML and JSON, `docx-export/` for Word), which keeps
//! their code out of the initial bundle. The widget hands over everything
//! the form is made from, in the compact encoding of
//! [`crate::protocol::compact`]: the protocol, the answers, the form's
//! reference and time, and the date the advice was worked out for. The
//! module builds the same [`FormDocument`] the preview shows (the engine and
//! the form builder are deterministic) and renders it.

use crate::calendar::{self, Stamp};
use crate::guidance::{advise, Answers, Date};
use crate::protocol::compact::{enc_str, Compact, Reader};
use crate::protocol::Protocol;

use super::record::Record;
use super::{build, draft, html, FormDocument, FormMeta};

/// Marks a request from this build; anything else is refused.
const TAG: &str = "cr-form-1;";

/// What a form file is made from.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub protocol: Protocol,
    pub answers: Answers,
    pub meta: FormMeta,
    /// The date the advice is worked out for (the widget's "today").
    pub today: Date,
}

impl Compact for Date {
    fn enc(&self, out: &mut String) {
        // Years are 1900 to 2999 (`Date::new`), so never negative.
        (self.year.max(0) as usize).enc(out);
        self.month.enc(out);
        self.day.enc(out);
    }
    fn dec(r: &mut Reader<'_>) -> Self {
        let (year, month, day) = (usize::dec(r), u32::dec(r), u32::dec(r));
        let date = i32::try_from(year)
            .ok()
            .and_then(|y| Date::new(y, month, day));
        date.unwrap_or_else(|| {
            r.fail();
            Date {
                year: 1900,
                month: 1,
                day: 1,
            }
        })
    }
}

/// The request for the form the widget shows, as the modules read it.
pub fn request(protocol: &Protocol, answers: &Answers, meta: &FormMeta, today: Date) -> String {
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(TAG);
    protocol.enc(&mut out);
    answers.enc(&mut out);
    enc_str(&meta.reference, &mut out);
    enc_str(&meta.generated, &mut out);
    meta.date.enc(&mut out);
    today.enc(&mut out);
    out
}

/// Reads [`request`]'s output; `None` for anything else.
pub fn read_request(text: &str) -> Option<Request> {
    let mut r = Reader::new(text.strip_prefix(TAG)?);
    let protocol = Protocol::dec(&mut r);
    let answers = Answers::dec(&mut r);
    let meta = FormMeta {
        reference: String::dec(&mut r),
        generated: String::dec(&mut r),
        date: Date::dec(&mut r),
    };
    let today = Date::dec(&mut r);
    r.done().then_some(Request {
        protocol,
        answers,
        meta,
        today,
    })
}

impl Request {
    /// The form, as the widget's preview shows it.
    pub fn document(&self) -> FormDocument {
        let advice = advise(&self.protocol, &self.answers, self.today);
        build(&self.protocol, &self.answers, &advice, &self.meta)
    }
}

/// Marks a request for the follow-up calendar file ([`calendar_request`]).
const ICS_TAG: &str = "cr-ics-1;";

/// The request for the follow-up event (`.ics`): what the practitioner typed
/// into the follow-up controls and when, then the form's [`request`] (the
/// module works out the same advice, and so the same due date, from it).
/// Made by the on-demand module, so the calendar code is not in the widget.
pub fn calendar_request(
    form_request: &str,
    title: &str,
    chosen: Option<Date>,
    stamp: Stamp,
    random: u32,
) -> String {
    let mut out = String::with_capacity(form_request.len() + 64);
    out.push_str(ICS_TAG);
    enc_str(title, &mut out);
    chosen.enc(&mut out);
    stamp.date.enc(&mut out);
    for n in [stamp.hour, stamp.minute, stamp.second, random] {
        n.enc(&mut out);
    }
    out.push_str(form_request);
    out
}

/// The calendar file for [`calendar_request`]'s output, or the message.
fn calendar_file(text: &str) -> Result<String, String> {
    let mut r = Reader::new(text.strip_prefix(ICS_TAG).ok_or(UNREADABLE)?);
    let title = String::dec(&mut r);
    let chosen = Option::<Date>::dec(&mut r);
    let date = Date::dec(&mut r);
    let [hour, minute, second, random] = [0; 4].map(|_| u32::dec(&mut r));
    if r.failed() {
        return Err(UNREADABLE.to_string());
    }
    let form = read_request(r.rest()).ok_or(UNREADABLE)?;
    let advice = advise(&form.protocol, &form.answers, form.today);
    let stamp = Stamp {
        date,
        hour,
        minute,
        second,
    };
    calendar::ics(
        &form.protocol,
        &calendar::plan(&advice),
        &title,
        chosen,
        &form.meta.reference,
        stamp,
        random,
    )
}

/// Shown when a request cannot be read: only a widget and module from
/// different builds could cause it.
pub const UNREADABLE: &str =
    "The form could not be read (the widget's files may be from different versions).";

/// The files an on-demand module makes for the widget. Their [`FileKind::id`]
/// is the one string that crosses from the widget to the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// The form as a Word file (the Word exporter module).
    Word,
    /// The form as one self-contained web page.
    Html,
    /// The draft, to load later.
    Json,
    /// The partnership's record.
    Record,
    /// The partnership's record with the form reference.
    RecordWithReference,
    /// The follow-up event, from a [`calendar_request`].
    Calendar,
}

impl FileKind {
    /// Every kind.
    pub const ALL: [FileKind; 6] = [
        FileKind::Word,
        FileKind::Html,
        FileKind::Json,
        FileKind::Record,
        FileKind::RecordWithReference,
        FileKind::Calendar,
    ];

    /// Its name between the widget and the module.
    pub fn id(self) -> &'static str {
        match self {
            FileKind::Word => "docx",
            FileKind::Html => "html",
            FileKind::Json => "json",
            FileKind::Record => "csv",
            FileKind::RecordWithReference => "csv+reference",
            FileKind::Calendar => "ics",
        }
    }

    /// The kind with this [`FileKind::id`].
    pub fn from_id(id: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::RecordWithReference => "csv",
            k => k.id(),
        }
    }

    /// The file's media type.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Word => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Html => "text/html;charset=utf-8",
            FileKind::Json => "application/json",
            FileKind::Record | FileKind::RecordWithReference => "text/csv;charset=utf-8",
            FileKind::Calendar => "text/calendar;charset=utf-8",
        }
    }
}

/// A form file the checker module makes (every kind but Word, which the
/// Word exporter makes), as UTF-8 bytes; or the message to show.
pub fn file(kind: FileKind, request: &str) -> Result<Vec<u8>, String> {
    if kind == FileKind::Calendar {
        return calendar_file(request).map(String::into_bytes);
    }
    let r = read_request(request).ok_or(UNREADABLE)?;
    // The partnership's record, with the protocol's version (the module
    // has the encoder to hash it; the widget does not).
    let record = |with_reference: bool| {
        let version = crate::protocol::data::version(&r.protocol);
        Record::of(&r.protocol, &r.answers, &r.meta, with_reference, &version)
    };
    match kind {
        FileKind::Record | FileKind::RecordWithReference => {
            let with_reference = kind == FileKind::RecordWithReference;
            Ok(record(with_reference).to_csv().into_bytes())
        }
        FileKind::Html => Ok(html::document(&r.document()).into_string().into_bytes()),
        FileKind::Json => {
            Ok(
                draft::to_json_with_record(&r.protocol.id, &r.answers, Some(&record(false)))
                    .into_bytes(),
            )
        }
        FileKind::Word | FileKind::Calendar => {
            Err("This module does not make that kind of file.".to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::bundled;

    fn sample() -> (Protocol, Answers, FormMeta, Date) {
        let p = bundled().unwrap().remove(0);
        let mut a = Answers {
            immediate_harm: Some(false),
            urgency: p.urgencies.first().map(|u| u.id.clone()),
            disagreement: p.disagreements.first().map(|d| d.id.clone()),
            ..Default::default()
        };
        a.details.concern = "Closed too early <b>&</b> \u{1F642}\nSecond line".into();
        let today = Date::parse("2026-11-23").unwrap();
        let meta = FormMeta {
            reference: super::super::reference(today, 0xDEAD_BEEF),
            generated: "2026-11-23 14:05".into(),
            date: today,
        };
        (p, a, meta, today)
    }

    #[test]
    fn a_request_round_trips_and_makes_the_document_the_widget_previews() {
        let (p, a, meta, today) = sample();
        let text = request(&p, &a, &meta, today);
        let r = read_request(&text).expect("reads");
        assert_eq!(r.protocol, p);
        assert_eq!(r.answers, a);
        assert_eq!(r.meta, meta);
        assert_eq!(r.today, today);
        let advice = advise(&p, &a, today);
        assert_eq!(r.document(), build(&p, &a, &advice, &meta));
        assert_eq!(
            file(FileKind::Html, &text).unwrap(),
            html::document(&r.document()).into_string().into_bytes()
        );
        // The draft carries the record the form shows; it reads back to the
        // same answers (the record is worked out again, not read).
        let record = Record::of(&p, &a, &meta, false, &crate::protocol::data::version(&p));
        let json = String::from_utf8(file(FileKind::Json, &text).unwrap()).unwrap();
        assert_eq!(json, draft::to_json_with_record(&p.id, &a, Some(&record)));
        assert!(
            json.contains(&format!("\"partnership\": \"{}\"", p.id)),
            "{json}"
        );
        assert_eq!(draft::from_json(&json).unwrap().answers, a);
    }

    #[test]
    fn damaged_or_foreign_requests_are_refused_with_a_message() {
        let (p, a, meta, today) = sample();
        let text = request(&p, &a, &meta, today);
        for cut in [0, TAG.len(), text.len() / 2, text.len() - 1] {
            if let Some(part) = text.get(..cut) {
                assert_eq!(read_request(part), None, "cut at {cut}");
            }
        }
        assert_eq!(read_request(&format!("{text}0;")), None);
        assert_eq!(read_request(&text.replacen(TAG, "cr-form-0;", 1)), None);
        assert_eq!(file(FileKind::Html, "{}"), Err(UNREADABLE.to_string()));
        assert!(file(FileKind::Word, &text).is_err());
        assert_eq!(FileKind::from_id("pdf"), None);
        for k in FileKind::ALL {
            assert_eq!(FileKind::from_id(k.id()), Some(k));
        }
        // A date that is not one.
        let mut bad = String::from(TAG);
        p.enc(&mut bad);
        a.enc(&mut bad);
        enc_str("R", &mut bad);
        enc_str("G", &mut bad);
        for n in [2026usize, 13, 1, 2026, 11, 23] {
            n.enc(&mut bad);
        }
        assert_eq!(read_request(&bad), None);
    }
}
