//! The one set of rules for what becomes a link, used by the advice
//! ([`crate::render`]) and the static fallback ([`crate::fallback`]), so
//! the same contact is a link in both or in neither. The form links
//! nothing: it prints the text.
//!
//! Each returns the `href` to write (escaped by the HTML writer like any
//! attribute), or `None`, and the text is then shown as text.

/// An `http(s)` address, trimmed, with no whitespace or control character
/// inside it; anything else is not linked.
pub fn web(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(url)
}

/// `tel:` and the number's digits (a leading `+` kept); `None` without a
/// digit (a `+` alone is not a number).
pub fn tel(phone: &str) -> Option<String> {
    let mut out = String::from("tel:");
    for (i, c) in phone.trim().chars().enumerate() {
        if c.is_ascii_digit() || (c == '+' && i == 0) {
            out.push(c);
        }
    }
    out.bytes().any(|b| b.is_ascii_digit()).then_some(out)
}

/// `mailto:` for something that is one plain address: an `@`, and no
/// whitespace, control character or character that would add a header,
/// a second address or a scheme (`? & < > " ' , ; :`).
pub fn mailto(email: &str) -> Option<String> {
    let e = email.trim();
    let ok = e.contains('@')
        && !e.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '?' | '&' | '<' | '>' | '"' | '\'' | ',' | ';' | ':')
        });
    ok.then(|| format!("mailto:{e}"))
}
