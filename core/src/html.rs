//! The one way this project writes HTML: an [`Html`] fragment is built from
//! markup literals and escaped text, so nothing read at run time (a protocol
//! file, an answer, a saved draft) can become markup.
//!
//! Markup goes in only through [`Html::lit`], which takes `&'static str`:
//! a literal in this source, never a string made at run time. Everything
//! else goes through [`Html::text`] or [`Html::attr`], which escape it, or
//! [`Html::num`]. There is no way to append an unescaped `String`, and no
//! `fmt::Write` back door. Every HTML sink in the widget (`inner_html`) is
//! given an `Html`, made here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// An HTML fragment that is safe by construction (see the module docs).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn new() -> Self {
        Html(String::new())
    }

    pub fn with_capacity(bytes: usize) -> Self {
        Html(String::with_capacity(bytes))
    }

    /// Markup written in this source (a `'static` literal).
    pub fn lit(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped for element content and quoted attribute values.
    pub fn text(&mut self, text: &str) -> &mut Self {
        escape_into(&mut self.0, text);
        self
    }

    /// ` name="value"`, the value escaped.
    pub fn attr(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        escape_into(&mut self.0, value);
        self.0.push('"');
        self
    }

    /// A number in decimal.
    pub fn num(&mut self, n: usize) -> &mut Self {
        let _ = write!(self.0, "{n}");
        self
    }

    /// Another fragment, appended.
    pub fn html(&mut self, fragment: &Html) -> &mut Self {
        self.0.push_str(&fragment.0);
        self
    }

    /// A copy with `by` before every line (for the embed snippet's layout).
    pub fn indented(&self, by: &'static str) -> Html {
        let mut out = Html::with_capacity(self.0.len() + 64);
        for (i, line) in self.0.split('\n').enumerate() {
            if i > 0 {
                out.0.push('\n');
            }
            out.0.push_str(by);
            out.0.push_str(line);
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The markup, for a sink (`inner_html`, a download).
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Read-only access to the markup (`contains`, `len`, `&str`): reading
/// cannot make it unsafe.
impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text as an escaped `String` (`& < > " '`), control characters removed,
/// for places that are not HTML fragments but must be safe inside one (a
/// test's expectation, for example). Fragments use [`Html::text`].
/// The parts with `sep` between them: one copy of this in the wasm, where
/// `[String]::join` and `[&str]::join` are each a generic function of their
/// own (about 0.9 KB apiece before optimising).
pub fn join(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(p);
    }
    out
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    let text = clean_text(text);
    // Copies the runs between special characters whole: all five are ASCII,
    // so byte positions are always character boundaries.
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

/// Removes characters that have no business in a document and that XML 1.0
/// cannot even carry: C0 controls other than tab and newline, DEL, C1
/// controls and the non-characters U+FFFE/U+FFFF. Carriage returns become
/// newlines. Every renderer passes user text through this, so text that
/// needs nothing is borrowed, not copied.
pub fn clean_text(s: &str) -> Cow<'_, str> {
    // A byte scan first (10 000-character answers pass through here several
    // times per export): every character changed below is an ASCII control
    // or DEL, a C1 control (UTF-8 lead byte 0xC2) or U+FFFE/U+FFFF (lead
    // byte 0xEF). Text without those bytes needs no char-by-char look.
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xef;
    if !s.bytes().any(suspect) || !s.chars().any(|c| !keep(c) || c == '\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else if keep(c) {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn keep(c: char) -> bool {
    match c {
        '\t' | '\n' => true,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clean_text_keeps_tabs_newlines_and_unicode_only() {
        assert_eq!(clean_text("a\u{0}b\u{1}c\td\ne"), "abc\td\ne");
        assert_eq!(clean_text("x\r\ny\rz"), "x\ny\nz");
        assert_eq!(clean_text("\u{85}é👍\u{7f}\u{ffff}"), "é👍");
        // Lead bytes 0xC2 and 0xEF start both kept and removed characters.
        assert_eq!(
            clean_text("£\u{a0}\u{9f}\u{feff}\u{fffe}x"),
            "£\u{a0}\u{feff}x"
        );
        assert!(matches!(
            clean_text("plain é 🙂\ttab\nline"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(clean_text("£ and \u{feff}"), Cow::Borrowed(_)));
    }

    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_literals_are_not() {
        let mut h = Html::new();
        h.lit("<p")
            .attr("class", "a\" onclick=\"x")
            .lit(">")
            .text("<script>&'")
            .num(42)
            .lit("</p>");
        assert_eq!(
            h.as_str(),
            "<p class=\"a&quot; onclick=&quot;x\">&lt;script&gt;&amp;&#39;42</p>"
        );
        let mut outer = Html::new();
        outer.lit("<div>").html(&h).lit("</div>");
        assert_eq!(outer.into_string(), format!("<div>{}</div>", h.as_str()));
    }

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(escape("a\u{0}b\u{7}c"), "abc");
    }
}
