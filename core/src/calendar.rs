//! The follow-up in the practitioner's calendar: an RFC 5545 iCalendar
//! file with one all-day event, made in the browser.
//!
//! Calendars sync to shared servers and colleagues often see them, so the
//! event holds **no** detail about the child, the family or the kind of
//! case: only a title the practitioner can edit (by default "Follow up: case
//! resolution <form reference>"), the partnership's name and the date, with
//! where the date comes from. No answer is ever read here: [`ics`] takes the
//! protocol, the engine's due date and what the practitioner typed into the
//! follow-up controls, nothing else.
//!
//! The date is the first date anything on the Next step page falls due (a
//! timescale of the stage a reply is awaited from, or of the next step:
//! [`crate::guidance::Deadline::due`]), and otherwise a date the
//! practitioner chooses: no timescale is invented. One event, not one per
//! deadline: the practitioner checks then, and the page gives the rest.
//!
//! ```
//! use case_resolution_core::calendar::{self, Stamp};
//! use case_resolution_core::guidance::{advise, Answers, Date};
//!
//! let p = case_resolution_core::protocol::bundled().unwrap().remove(0);
//! let today = Date::parse("2026-11-23").unwrap();
//! let advice = advise(&p, &Answers::default(), today);
//! let plan = calendar::plan(&advice);
//! let chosen = plan.due.is_none().then_some(Date::parse("2026-12-01").unwrap());
//! let stamp = Stamp { date: today, hour: 14, minute: 5, second: 0 };
//! let file = calendar::ics(&p, &plan, "", chosen, "CR-20261123-7F3K", stamp, 1).unwrap();
//! assert!(file.starts_with("BEGIN:VCALENDAR\r\n"));
//! ```

use crate::guidance::{Advice, Date, Deadline, Due};
use crate::html::clean_text;
use crate::protocol::Protocol;

/// The button's label, on the Next step page and the form step.
pub const BUTTON: &str = "Add a follow-up to your calendar (.ics)";

/// Said beside the button.
pub const PRIVACY_NOTE: &str = "Calendars are often shared with colleagues or synced to other servers. So this event holds only the title below, the partnership and the date. Nothing about the child, the family or the kind of case goes in it.";

/// The longest title kept, in characters.
pub const TITLE_MAX: usize = 120;

/// Where the follow-up date comes from, for the controls and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The first date anything on the page falls due (a timescale of the
    /// stage a reply is awaited from, or of the next step); `None` when no
    /// timescale gives a date, and the practitioner chooses.
    pub due: Option<Date>,
    /// The time counted to `due`, in the protocol's unit.
    pub amount: Option<crate::protocol::Amount>,
    /// True when `due` is a timescale of the stage a reply is awaited from.
    pub awaited: bool,
    /// True when `due` is the date to review a plan agreed (the first thing
    /// to check: the next stage follows only if it is not carried out).
    pub review: bool,
    /// One or two sentences saying which it is, for the page.
    pub explanation: String,
}

/// The follow-up date the advice gives, or why the practitioner chooses it.
/// One event, on the first date anything falls due: the practitioner
/// checks then, and the page gives every later date.
pub fn plan(advice: &Advice) -> Plan {
    // A plan agreed: its review comes before anything the next stage owes.
    if let Some((o, r)) = advice
        .outcome
        .as_ref()
        .and_then(|o| o.review.map(|r| (o, r)))
    {
        return Plan {
            due: Some(r),
            amount: None,
            awaited: false,
            review: true,
            explanation: format!(
                "The event is on {}, the date to review the plan agreed at {}: check then whether it was carried out.",
                r.long(),
                o.stage.label().trim_end_matches('.')
            ),
        };
    }
    // Plain loops: iterator chains over both lists cost 1.5 KB of wasm.
    let mut first: Option<(bool, &Deadline, &Due)> = None;
    let awaited = advice.awaiting.as_ref().map(|a| &a.deadlines[..]);
    let next = advice.next_step.as_ref().map(|n| &n.timescales[..]);
    for (is_awaited, list) in [(true, awaited), (false, next)] {
        for d in list.unwrap_or_default() {
            if let Some(due) = &d.due {
                if first.is_none_or(|(_, _, f)| due.date < f.date) {
                    first = Some((is_awaited, d, due));
                }
            }
        }
    }
    match first {
        Some((awaited, d, due)) => Plan {
            due: Some(due.date),
            amount: Some(due.amount),
            awaited,
            review: false,
            explanation: format!(
                "The event is on {}, the first date anything falls due. That is: {}. {}",
                due.date.long(),
                d.label().trim_end_matches('.'),
                counting(due.amount, due.date),
            ),
        },
        None => Plan {
            due: None,
            amount: None,
            awaited: false,
            review: false,
            explanation: "The protocol states no timescale a date can be worked out from for this step, so choose the date you want to follow it up.".to_string(),
        },
    }
}

/// How the days were counted, in one sentence (two past the holiday table).
fn counting(amount: crate::protocol::Amount, date: Date) -> String {
    use crate::protocol::Amount;
    match amount {
        Amount::WorkingDays(_) => format!(
            "Weekends and bank holidays in England and Wales are not counted.{}",
            crate::guidance::beyond_holidays(date)
        ),
        Amount::CalendarDays(_) => "Every day is counted.".to_string(),
        Amount::Hours(_) => {
            "Hours are counted as whole days, as no time of day is recorded.".to_string()
        }
        Amount::Immediately => "It is due at once.".to_string(),
    }
}

/// The event's date: the plan's due date, otherwise the date chosen.
pub fn event_date(plan: &Plan, chosen: Option<Date>) -> Option<Date> {
    plan.due.or(chosen)
}

/// The title used when the practitioner leaves it empty.
pub fn default_title(reference: &str) -> String {
    format!("Follow up: case resolution {}", reference.trim())
        .trim()
        .to_string()
}

/// The file name: the date of the event only, nothing about the case.
pub fn file_name(date: Date) -> String {
    format!("follow-up-{date}.ics")
}

/// A time in UTC, for `DTSTAMP` (when the file was made).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

/// The calendar file: `title` (empty: [`default_title`]), on the plan's due
/// date, or on `chosen` when the plan has none. An error (a sentence for
/// the page) when no date is known.
pub fn ics(
    protocol: &Protocol,
    plan: &Plan,
    title: &str,
    chosen: Option<Date>,
    reference: &str,
    stamp: Stamp,
    random: u32,
) -> Result<String, String> {
    let date =
        event_date(plan, chosen).ok_or_else(|| "Choose a date for the follow-up.".to_string())?;
    let title = one_line(title);
    let title = if title.is_empty() {
        default_title(&one_line(reference))
    } else {
        title
            .chars()
            .take(TITLE_MAX)
            .collect::<String>()
            .trim_end()
            .to_string()
    };
    let when = match (plan.amount, plan.due) {
        (Some(a), Some(due)) => format!(
            "The date {} falls due: {} under the protocol. {}",
            if plan.awaited {
                "a reply to the stage you are waiting on"
            } else {
                "the next step"
            },
            a.words(),
            counting(a, due)
        ),
        (None, Some(_)) if plan.review => {
            "The date to review the plan agreed: check whether it was carried out.".to_string()
        }
        _ => "A date you chose: the protocol states no timescale for this step.".to_string(),
    };
    let description = format!(
        "{}\n{when}\nThe case details are in your form, not in this event.",
        one_line(&protocol.name)
    );
    let uid_ref: String = reference
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(40)
        .collect();
    let next = Date::from_days(date.to_days() + 1);
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Case resolution widget//Follow-up//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "BEGIN:VEVENT".to_string(),
        format!("UID:follow-up-{uid_ref}-{random:08x}@case-resolution.invalid"),
        format!(
            "DTSTAMP:{}T{:02}{:02}{:02}Z",
            basic(stamp.date),
            stamp.hour.min(23),
            stamp.minute.min(59),
            stamp.second.min(59)
        ),
        format!("DTSTART;VALUE=DATE:{}", basic(date)),
        format!("DTEND;VALUE=DATE:{}", basic(next)),
        format!("SUMMARY:{}", escape(&title)),
        format!("DESCRIPTION:{}", escape(&description)),
        "CLASS:PRIVATE".to_string(),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
        "END:VCALENDAR".to_string(),
    ];
    let mut out = String::with_capacity(1024);
    for l in &lines {
        fold(l, &mut out);
    }
    Ok(out)
}

/// `YYYYMMDD`.
fn basic(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// Control characters removed, tabs and newlines as spaces, trimmed.
fn one_line(s: &str) -> String {
    clean_text(s)
        .replace(['\n', '\t', '\r'], " ")
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// RFC 5545 TEXT escaping: backslash, semicolon, comma and newline.
pub fn escape(s: &str) -> String {
    let s = clean_text(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded (RFC 5545 section 3.1): no physical line longer
/// than 75 octets before its CRLF, a continuation starting with one space,
/// never splitting a UTF-8 character.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "é🙂a".repeat(40));
        fold(&line, &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_escaping() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape("x\u{0}y\u{7}"), "xy");
    }
}
