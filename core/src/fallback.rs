//! The static HTML fallback that goes inside the widget's element in the
//! embed snippet: the emergency guidance, one sentence on what the
//! widget does and the link to the protocol, readable the moment the host
//! page renders and still there when WebAssembly is unavailable or a file of
//! the widget fails to load.
//!
//! The build writes it for every bundled protocol (`tools/src/bin/fallback-html.rs`
//! into `dist/fallback/` and the demo page); the widget removes it when it
//! mounts. Each fallback is stamped with the protocol's id and a [`version`],
//! which the widget computes again from the protocol it loaded, so a page
//! holding a stale copy is told in the console.
//!
//! Safety baseline, whatever a protocol file says: "If someone is in
//! immediate danger, call 999" comes first. Then the front door the protocol
//! names (`emergency.contacts`), except any contact whose number is 999
//! itself (already said). Every piece of text is escaped; only `http(s)`
//! addresses, `tel:` and `mailto:` become links. No script, no style
//! attribute: the page's strict CSP holds, and the markup reads unstyled.

use crate::html::Html;
use crate::links;
use crate::protocol::compact;
use crate::protocol::{Contact, Protocol};

/// Attribute marking the fallback (a direct child of the widget's element);
/// its value is the protocol id, empty for the picker.
pub const ATTR: &str = "data-cr-fallback";
/// Attribute holding the fallback's [`version`].
pub const VERSION_ATTR: &str = "data-cr-version";
/// The named slot the widget's shadow root projects the fallback into, so it
/// stays visible while a custom protocol loads or when the widget shows an
/// error panel.
pub const SLOT: &str = "cr-fallback";
/// The product's own first line, before anything from a protocol file: the
/// widget's [`crate::guidance::CALL_999`] up to the number, which becomes a link.
pub const EMERGENCY_LINE: &str = "If someone is in immediate danger, call";

use crate::protocol::data::hash;
pub use crate::protocol::data::{version, version_of_compiled};

/// The version of the picker's fallback: of every bundled protocol, in order.
pub fn picker_version(protocols: &[Protocol]) -> String {
    let compiled: Vec<String> = protocols
        .iter()
        .map(|p| compact::encode(&Ok(p.clone())))
        .collect();
    hash(compiled.iter().map(String::as_str))
}

fn link(out: &mut Html, href: &str, text: &str) {
    out.lit("<a")
        .attr("href", href)
        .lit(">")
        .text(text)
        .lit("</a>");
}

/// Whether `phone` is the emergency number itself (the baseline line says it).
fn is_999(phone: &str) -> bool {
    phone
        .chars()
        .filter(|c| !c.is_whitespace())
        .eq("999".chars())
}

/// The protocol's front-door emergency contacts, 999 itself left out.
pub fn front_door(protocol: &Protocol) -> Vec<&Contact> {
    protocol
        .emergency
        .contacts
        .iter()
        .filter_map(|id| protocol.contact(id))
        .filter(|c| !c.phone.as_deref().is_some_and(is_999))
        .collect()
}

/// One contact as a list item: name, number, email and web page as links.
fn contact_item(c: &Contact) -> Html {
    let mut item = Html::new();
    item.lit("<li>").text(c.name.trim());
    let mut sep = ": ";
    if let Some(phone) = c.phone.as_deref().filter(|p| !p.trim().is_empty()) {
        item.lit(sep);
        sep = ", ";
        match links::tel(phone) {
            Some(href) => link(&mut item, &href, phone.trim()),
            None => {
                item.text(phone.trim());
            }
        }
    }
    if let Some(email) = c.email.as_deref().filter(|e| !e.trim().is_empty()) {
        item.lit(sep);
        sep = ", ";
        match links::mailto(email) {
            Some(href) => link(&mut item, &href, email.trim()),
            None => {
                item.text(email.trim());
            }
        }
    }
    if let Some(url) = c.url.as_deref().and_then(links::web) {
        item.lit(sep);
        link(&mut item, url, "web page");
    }
    if let Some(note) = c.note.as_deref().filter(|n| !n.trim().is_empty()) {
        item.lit(". ").text(note.trim());
    }
    item.lit("</li>");
    item
}

/// Lines of HTML, indented two spaces a level.
struct Lines {
    out: Html,
    depth: usize,
}

impl Lines {
    fn new() -> Self {
        Lines {
            out: Html::new(),
            depth: 0,
        }
    }
    /// Starts a line at the current depth, for its markup to follow.
    fn start(&mut self) -> &mut Html {
        if !self.out.is_empty() {
            self.out.lit("\n");
        }
        for _ in 0..self.depth {
            self.out.lit("  ");
        }
        &mut self.out
    }
    fn line(&mut self, html: &Html) {
        self.start().html(html);
    }
    fn lit(&mut self, markup: &'static str) {
        self.start().lit(markup);
    }
    fn open(&mut self, markup: &'static str) {
        self.lit(markup);
        self.depth += 1;
    }
    fn close(&mut self, markup: &'static str) {
        self.depth -= 1;
        self.lit(markup);
    }
    fn finish(self) -> Html {
        self.out
    }
}

fn open_fallback(lines: &mut Lines, id: &str, version: Option<&str>) {
    let open = lines
        .start()
        .lit("<div class=\"cr-fallback\"")
        .attr("slot", SLOT)
        .attr(ATTR, id);
    if let Some(v) = version {
        open.attr(VERSION_ATTR, v);
    }
    open.lit(">");
    lines.depth += 1;
    let line = lines
        .start()
        .lit("<p class=\"cr-fallback__emergency\"><strong>")
        .lit(EMERGENCY_LINE)
        .lit(" ");
    link(line, "tel:999", "999");
    line.lit(".</strong></p>");
}

/// The fallback for one protocol: the `<div class="cr-fallback">`, no
/// trailing newline.
pub fn protocol_fallback(protocol: &Protocol) -> Html {
    let mut lines = Lines::new();
    open_fallback(&mut lines, &protocol.id, Some(&version(protocol)));
    let summary = protocol.emergency.summary.trim();
    if !summary.is_empty() {
        lines.start().lit("<p>").text(summary).lit("</p>");
    }
    let contacts = front_door(protocol);
    if !contacts.is_empty() {
        lines.open("<ul class=\"cr-fallback__contacts\">");
        for c in contacts {
            lines.line(&contact_item(c));
        }
        lines.close("</ul>");
    }
    lines
        .start()
        .lit("<p class=\"cr-fallback__about\">An interactive guide to the ")
        .text(protocol.short_name.trim())
        .lit(" protocol shows here when your browser can run it: it finds your next step when you disagree with another agency's safeguarding decision, and prepares the case resolution form.</p>");
    let line = lines
        .start()
        .lit("<p class=\"cr-fallback__source\">The protocol: ");
    source_title(line, protocol);
    line.lit(", ").text(protocol.name.trim()).lit(".</p>");
    lines.close("</div>");
    lines.finish()
}

/// The source document's title, linked to its web page where it has one.
fn source_title(out: &mut Html, protocol: &Protocol) {
    let title = protocol.source.title.trim();
    match protocol.source.url.as_deref().and_then(links::web) {
        Some(url) => link(out, url, title),
        None => {
            out.text(title);
        }
    }
}

/// The picker's fallback (no protocol fixed): 999, then every bundled
/// protocol's source, to choose from.
pub fn picker_fallback(protocols: &[Protocol]) -> Html {
    let mut lines = Lines::new();
    open_fallback(&mut lines, "", Some(&picker_version(protocols)));
    lines.lit(ABOUT_ANY);
    lines.lit("<p>Choose your partnership's protocol:</p>");
    lines.open("<ul class=\"cr-fallback__protocols\">");
    for p in protocols {
        let line = lines.start().lit("<li>").text(p.name.trim()).lit(": ");
        source_title(line, p);
        line.lit("</li>");
    }
    lines.close("</ul>");
    lines.close("</div>");
    lines.finish()
}

/// The sentence on what the widget does, for no protocol in particular.
const ABOUT_ANY: &str = "<p class=\"cr-fallback__about\">An interactive guide to your partnership's escalation protocol shows here when your browser can run it: it finds your next step when you disagree with another agency's safeguarding decision, and prepares the case resolution form.</p>";

/// The fallback when the bundled protocols cannot be read (a broken build:
/// the widget then shows an error panel too): the safety baseline and the
/// sentence on the widget, stamped with `id` but with no version, so the
/// widget does not compare it.
pub fn baseline_fallback(id: Option<&str>) -> Html {
    let mut lines = Lines::new();
    open_fallback(&mut lines, id.unwrap_or_default(), None);
    lines.lit(ABOUT_ANY);
    lines.close("</div>");
    lines.finish()
}

/// `id` found among `protocols`, or an error naming the ids there are.
fn find<'a>(protocols: &'a [Protocol], id: &str) -> Result<&'a Protocol, String> {
    protocols.iter().find(|p| p.id == id).ok_or_else(|| {
        let ids: Vec<&str> = protocols.iter().map(|p| p.id.as_str()).collect();
        format!(
            "no bundled protocol has the id \"{id}\" (there are: {})",
            ids.join(", ")
        )
    })
}

/// The fallback for `id` (`None`: the picker).
pub fn fallback(id: Option<&str>, protocols: &[Protocol]) -> Result<Html, String> {
    match id {
        Some(id) => Ok(protocol_fallback(find(protocols, id)?)),
        None => Ok(picker_fallback(protocols)),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| format!("{by}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The widget's element with its fallback inside: what a host page pastes,
/// without the loader's `<script>` line.
pub fn element(id: Option<&str>, protocols: &[Protocol]) -> Result<Html, String> {
    Ok(wrap(id, &fallback(id, protocols)?))
}

/// `<div data-case-resolution …>` around a fallback.
fn wrap(id: Option<&str>, fallback: &Html) -> Html {
    let mut out = Html::new();
    out.lit("<div data-case-resolution");
    if let Some(id) = id {
        out.attr("data-protocol", id);
    }
    out.lit(">\n")
        .html(&fallback.indented("  "))
        .lit("\n</div>");
    out
}

fn with_loader(element: &Html, loader_src: &str) -> Html {
    let mut out = element.clone();
    out.lit("\n<script type=\"module\"")
        .attr("src", loader_src)
        .lit("></script>");
    out
}

/// The whole embed snippet: [`element`], then the loader from `loader_src`.
pub fn snippet(id: Option<&str>, protocols: &[Protocol], loader_src: &str) -> Result<Html, String> {
    Ok(with_loader(&element(id, protocols)?, loader_src))
}

/// Fills the build markers of a page (the demo's `index.html`):
///
/// - `<!-- cr-fallback ID -->`: the fallback for protocol `ID` (no `ID`: the
///   picker), indented as the marker is;
/// - `<!-- cr-snippet ID -->`: the embed snippet for `ID`, escaped as text
///   (for a `<pre>`), with the loader as `case-resolution.js`;
/// - `<!-- cr-snippet-sources -->`: one `<script type="text/plain"
///   data-cr-snippet="ID" data-name="…" data-area="…">` per protocol and one
///   for the picker (`data-cr-snippet=""`), each holding [`element`] as
///   text, for the demo's script to show and copy.
///
/// A marker naming no bundled protocol is an error.
pub fn fill_page(page: &str, protocols: &[Protocol]) -> Result<String, String> {
    fill(page, |kind, id| match kind {
        Marker::Fallback => fallback(id, protocols),
        Marker::Snippet => snippet(id, protocols, "case-resolution.js"),
        Marker::Sources => snippet_sources(protocols),
    })
}

/// [`fill_page`] when the bundled protocols cannot be read: every fallback
/// is the [`baseline_fallback`], and the page gets no snippet sources.
pub fn fill_page_baseline(page: &str) -> Result<String, String> {
    fill(page, |kind, id| {
        Ok(match kind {
            Marker::Fallback => baseline_fallback(id),
            Marker::Snippet => with_loader(&wrap(id, &baseline_fallback(id)), "case-resolution.js"),
            Marker::Sources => Html::new(),
        })
    })
}

#[derive(Clone, Copy)]
enum Marker {
    Fallback,
    Snippet,
    Sources,
}

fn fill(
    page: &str,
    render: impl Fn(Marker, Option<&str>) -> Result<Html, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(page.len() + 16 * 1024);
    let mut rest = page;
    while let Some(start) = rest.find("<!-- cr-") {
        let Some(len) = rest[start..].find("-->") else {
            break;
        };
        let marker = rest[start + 5..start + len].trim();
        let mut words = marker.split_whitespace();
        let kind = words.next().unwrap_or_default();
        let id = words.next();
        let line_start = rest[..start].rfind('\n').map_or(0, |i| i + 1);
        let lead = &rest[line_start..start];
        let pad = if lead.chars().all(|c| c == ' ' || c == '\t') {
            lead
        } else {
            ""
        };
        let replacement = match kind {
            "cr-fallback" => indent(&render(Marker::Fallback, id)?, pad)
                .trim_start()
                .to_string(),
            "cr-snippet" => {
                let mut text = Html::new();
                text.text(&render(Marker::Snippet, id)?);
                text.into_string()
            }
            // Not indented: the text of each is the snippet, copied as is.
            "cr-snippet-sources" => render(Marker::Sources, id)?.into_string(),
            _ => return Err(format!("unknown build marker <!-- {marker} -->")),
        };
        out.push_str(&rest[..start]);
        out.push_str(&replacement);
        rest = &rest[start + len + 3..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The `<script type="text/plain">` elements of [`fill_page`].
fn snippet_sources(protocols: &[Protocol]) -> Result<Html, String> {
    let mut out = Html::new();
    let entries = protocols
        .iter()
        .map(|p| (Some(p.id.as_str()), p.name.as_str(), p.area.as_str()))
        .chain([(None, "", "")]);
    for (id, name, area) in entries {
        let html = element(id, protocols)?;
        // Text inside <script> ends at "</script" and changes state at "<!--":
        // escaped text never has either, but the build says so if it did.
        let lower = html.to_ascii_lowercase();
        if lower.contains("</script") || lower.contains("<!--") || lower.contains("<script") {
            return Err(format!(
                "the fallback for {id:?} cannot go in a <script type=\"text/plain\">"
            ));
        }
        if !out.is_empty() {
            out.lit("\n");
        }
        out.lit("<script type=\"text/plain\"")
            .attr("data-cr-snippet", id.unwrap_or_default())
            .attr("data-name", name)
            .attr("data-area", area)
            .lit(">\n")
            .html(&html)
            .lit("\n</script>");
    }
    Ok(out)
}

// The markup check the advice test and the hostile-protocol sweep use too.
#[cfg(test)]
use case_resolution_test_support::markup as markup_check;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::escape;

    use crate::protocol::bundled;

    fn all() -> Vec<Protocol> {
        bundled().expect("the bundled protocols load")
    }

    fn position(html: &str, needle: &str) -> usize {
        html.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in\n{html}"))
    }

    #[test]
    fn nine_nine_nine_comes_first_in_every_fallback() {
        let protocols = all();
        let mut htmls: Vec<Html> = protocols.iter().map(protocol_fallback).collect();
        htmls.push(picker_fallback(&protocols));
        let first = format!(
            "<p class=\"cr-fallback__emergency\"><strong>{EMERGENCY_LINE} <a href=\"tel:999\">999</a>.</strong></p>"
        );
        for html in &htmls {
            // The first paragraph, and the first link, of every fallback.
            assert_eq!(position(html, "<p"), position(html, &first), "{html}");
            assert_eq!(
                position(html, "<a "),
                position(html, "<a href=\"tel:999\">"),
                "{html}"
            );
            assert_eq!(
                html.lines().nth(1).map(str::trim),
                Some(first.as_str()),
                "{html}"
            );
        }
    }

    #[test]
    fn the_front_door_contacts_follow_as_links_without_999() {
        for p in all() {
            let html = protocol_fallback(&p);
            let nine = position(&html, "tel:999");
            assert_eq!(html.matches("tel:999\"").count(), 1, "{}: 999 once", p.id);
            for c in front_door(&p) {
                let at = position(&html, &escape(c.name.trim()));
                assert!(at > nine, "{}: {} after 999", p.id, c.id);
                if let Some(phone) = &c.phone {
                    let href = links::tel(phone).expect("a number");
                    assert!(
                        html.contains(&format!("<a href=\"{href}\">{}</a>", escape(phone.trim()))),
                        "{}: {phone} as a tel: link",
                        p.id
                    );
                }
                if let Some(email) = &c.email {
                    assert!(
                        html.contains(&format!("<a href=\"mailto:{0}\">{0}</a>", email.trim())),
                        "{}: {email} as a mailto: link",
                        p.id
                    );
                }
            }
            // Every contact the protocol names for emergencies is there,
            // unless its number is 999.
            for id in &p.emergency.contacts {
                let c = p.contact(id).expect("validated");
                let shown = html.contains(&escape(c.name.trim()));
                assert_eq!(
                    shown,
                    !c.phone.as_deref().is_some_and(is_999),
                    "{}: {id}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn a_contact_whose_number_is_999_is_left_out() {
        let mut p = all().remove(0);
        let mut emergency = p.contacts[0].clone();
        emergency.id = "x-emergency".into();
        emergency.name = "Emergency services X".into();
        emergency.phone = Some(" 9 9 9 ".into());
        emergency.email = None;
        emergency.url = None;
        let mut door = emergency.clone();
        door.id = "x-door".into();
        door.name = "Front door X".into();
        door.phone = Some("+44 (0)1234 567890".into());
        door.email = Some("door@example.org".into());
        door.url = Some("https://example.org/door?a=1&b=2".into());
        p.contacts.push(emergency);
        p.contacts.push(door);
        p.emergency.contacts = vec!["x-emergency".into(), "x-door".into()];
        let html = protocol_fallback(&p);
        assert!(!html.contains("Emergency services X"), "{html}");
        assert_eq!(html.matches("tel:999").count(), 1);
        assert!(
            html.contains("<a href=\"tel:+4401234567890\">+44 (0)1234 567890</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"mailto:door@example.org\">door@example.org</a>"));
        assert!(html.contains("<a href=\"https://example.org/door?a=1&amp;b=2\">web page</a>"));
    }

    /// Every tag in `html` is one the generator writes, with only its own
    /// attributes; no raw `<` or `>` outside tags.
    fn assert_only_own_markup(html: &str) {
        const TAGS: &[&str] = &["div", "p", "strong", "a", "ul", "li"];
        const ATTRS: &[&str] = &[
            "class",
            "slot",
            ATTR,
            VERSION_ATTR,
            "href",
            "data-case-resolution",
            "data-protocol",
        ];
        markup_check::assert_only_markup(html, TAGS, ATTRS, markup_check::SAFE_LINKS, html);
    }

    #[test]
    #[should_panic(expected = "attribute \"onclick\"")]
    fn the_markup_check_catches_an_event_handler() {
        assert_only_own_markup("<p class=\"x\" onclick=\"alert(1)\">x</p>");
    }

    #[test]
    fn every_piece_of_text_is_escaped_and_only_safe_addresses_are_links() {
        let mut p = all().remove(0);
        let evil = "<script>alert(1)</script> \"quoted\" 'single' & <img src=x onerror=alert(2)>";
        p.id = format!("id{evil}");
        p.name = format!("Name {evil}");
        p.short_name = format!("Short {evil}");
        p.area = format!("Area {evil}");
        p.emergency.summary = format!("Summary {evil}");
        p.source.title = format!("Title {evil}");
        p.source.url = Some("javascript:alert(3)".into());
        let mut c = p.contacts[0].clone();
        c.id = "evil".into();
        c.name = format!("Contact {evil}");
        c.phone = Some(format!("0800 {evil}"));
        c.email = Some("a@b.c?subject=<x>".into());
        c.url = Some("data:text/html,<script>alert(4)</script>".into());
        c.note = Some(format!("Note {evil}"));
        p.contacts.push(c);
        p.emergency.contacts = vec!["evil".into()];
        let protocols = vec![p.clone()];
        for html in [
            protocol_fallback(&p),
            picker_fallback(&protocols),
            element(Some(&p.id), &protocols).unwrap(),
        ] {
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("<img"), "{html}");
            assert!(!html.contains("javascript:"), "{html}");
            assert!(!html.contains("data:text"), "{html}");
            assert!(!html.contains("\"quoted\""), "{html}");
            assert!(html.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp;"
            ));
            // Only the generator's own tags and attributes: no script, no
            // style, no event handler (the strict CSP holds).
            assert_only_own_markup(&html);
            // Links: only tel:, mailto: and http(s).
            for href in html.split("href=\"").skip(1) {
                let href = &href[..href.find('"').unwrap()];
                assert!(
                    href.starts_with("tel:")
                        || href.starts_with("mailto:")
                        || href.starts_with("https://")
                        || href.starts_with("http://"),
                    "{href}"
                );
            }
        }
        let html = protocol_fallback(&p);
        // The number keeps its digits as the link; the refused email is text.
        assert!(html.contains("href=\"tel:08001"), "{html}");
        assert!(html.contains("a@b.c?subject=&lt;x&gt;"), "{html}");
        assert!(!html.contains("mailto:a@b.c"), "{html}");
        assert!(
            html.contains("Title &lt;script&gt;"),
            "the title stays, unlinked"
        );
    }

    #[test]
    fn the_source_is_linked_and_the_picker_lists_every_protocol() {
        let protocols = all();
        for p in &protocols {
            let html = protocol_fallback(p);
            match &p.source.url {
                Some(url) => assert!(
                    html.contains(&format!("<a href=\"{}\">", escape(url))),
                    "{}",
                    p.id
                ),
                None => assert!(html.contains(&escape(&p.source.title)), "{}", p.id),
            }
        }
        let picker = picker_fallback(&protocols);
        for p in &protocols {
            assert!(picker.contains(&escape(&p.name)), "{}", p.id);
            if let Some(url) = &p.source.url {
                assert!(
                    picker.contains(&format!("<a href=\"{}\">", escape(url))),
                    "{}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn stamps_name_the_protocol_and_a_stable_version_that_follows_its_content() {
        let protocols = all();
        let mut seen = Vec::new();
        for p in &protocols {
            let v = version(p);
            assert_eq!(v.len(), 8);
            assert!(v.bytes().all(|b| b.is_ascii_hexdigit()));
            assert_eq!(v, version(&p.clone()), "stable");
            let html = protocol_fallback(p);
            assert!(
                html.contains(&format!("{ATTR}=\"{}\" {VERSION_ATTR}=\"{v}\"", p.id)),
                "{html}"
            );
            let mut changed = p.clone();
            changed.emergency.summary.push('.');
            assert_ne!(version(&changed), v, "{}", p.id);
            seen.push(v);
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), protocols.len(), "distinct per protocol");
        let picker = picker_fallback(&protocols);
        assert!(picker.contains(&format!(
            "{ATTR}=\"\" {VERSION_ATTR}=\"{}\"",
            picker_version(&protocols)
        )));
        assert_ne!(picker_version(&protocols), picker_version(&protocols[1..]));
    }

    #[test]
    fn the_element_and_snippet_wrap_the_fallback() {
        let protocols = all();
        let id = protocols[0].id.clone();
        let el = element(Some(&id), &protocols).unwrap();
        assert!(el.starts_with(&format!("<div data-case-resolution data-protocol=\"{id}\">\n  <div class=\"cr-fallback\" slot=\"{SLOT}\"")));
        assert!(el.ends_with("\n  </div>\n</div>"), "{el}");
        assert!(element(None, &protocols)
            .unwrap()
            .starts_with("<div data-case-resolution>\n"));
        let s = snippet(None, &protocols, "/x/case-resolution.js").unwrap();
        assert!(
            s.ends_with("</div>\n<script type=\"module\" src=\"/x/case-resolution.js\"></script>")
        );
        assert!(element(Some("no-such-protocol"), &protocols)
            .unwrap_err()
            .contains("no-such-protocol"));
    }

    #[test]
    fn without_readable_protocols_the_page_still_gets_the_safety_baseline() {
        let page = "<div data-case-resolution data-protocol=\"x\">\n  <!-- cr-fallback x -->\n</div>\n<pre><!-- cr-snippet x --></pre>\n<!-- cr-snippet-sources -->\n";
        let out = fill_page_baseline(page).unwrap();
        assert!(!out.contains("<!-- cr-"), "{out}");
        assert!(out.contains(&format!("<div class=\"cr-fallback\" slot=\"{SLOT}\" {ATTR}=\"x\">\n    <p class=\"cr-fallback__emergency\"><strong>{EMERGENCY_LINE} <a href=\"tel:999\">999</a>.</strong></p>")), "{out}");
        assert!(
            !out.contains(VERSION_ATTR),
            "no version: nothing to compare"
        );
        assert!(
            out.contains("&lt;a href=&quot;tel:999&quot;&gt;999&lt;/a&gt;"),
            "{out}"
        );
        assert_only_own_markup(&baseline_fallback(Some("x")));
    }

    #[test]
    fn fill_page_replaces_the_markers() {
        let protocols = all();
        let id = &protocols[0].id;
        let page = format!(
            "<body>\n    <div data-case-resolution data-protocol=\"{id}\">\n      <!-- cr-fallback {id} -->\n    </div>\n<pre><!-- cr-snippet {id} --></pre>\n  <!-- cr-snippet-sources -->\n<!-- an ordinary comment -->\n</body>\n"
        );
        let out = fill_page(&page, &protocols).unwrap();
        assert!(!out.contains("<!-- cr-"), "{out}");
        assert!(out.contains("<!-- an ordinary comment -->"));
        assert!(out.contains(&format!(
            "<div data-case-resolution data-protocol=\"{id}\">\n      <div class=\"cr-fallback\""
        )));
        assert!(out.contains("      </div>\n    </div>\n<pre>"), "{out}");
        assert!(out.contains(&format!(
            "<pre>&lt;div data-case-resolution data-protocol=&quot;{id}&quot;&gt;"
        )));
        assert!(out.contains("&lt;script type=&quot;module&quot; src=&quot;case-resolution.js&quot;&gt;&lt;/script&gt;</pre>"));
        for p in &protocols {
            assert!(out.contains(&format!(
                "<script type=\"text/plain\" data-cr-snippet=\"{}\"",
                p.id
            )));
        }
        assert!(out.contains("<script type=\"text/plain\" data-cr-snippet=\"\" data-name=\"\" data-area=\"\">\n<div data-case-resolution>\n"));
        assert_eq!(out.matches("</script>").count(), protocols.len() + 1);
        assert!(fill_page("<!-- cr-fallback nope -->", &protocols).is_err());
        assert!(fill_page("<!-- cr-other -->", &protocols).is_err());
        assert_eq!(
            fill_page("no markers <!-- cr-", &protocols).unwrap(),
            "no markers <!-- cr-"
        );
    }

    #[test]
    fn the_fallback_says_what_the_widget_says_first() {
        assert_eq!(format!("{EMERGENCY_LINE} 999."), crate::guidance::CALL_999);
    }
}
