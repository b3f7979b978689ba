//! The one check that HTML holds only the markup its writer means to write:
//! every tag and attribute from an allowed list, no `<` or `>` inside an
//! attribute value or outside a tag, and links only to safe schemes. Shared
//! by the advice test (`core/tests/render.rs`), the hostile-protocol sweep
//! (`src/ui/sweep.rs`) and the static fallback's tests (`core/src/fallback.rs`).

/// Links any writer may make: web pages, phone numbers, email addresses.
pub const SAFE_LINKS: &[&str] = &["https://", "http://", "tel:", "mailto:"];

/// Panics, naming `context`, on anything in `html` that is not `tags` and
/// `attrs`, or a link that does not start with one of `links`.
pub fn assert_only_markup(
    html: &str,
    tags: &[&str],
    attrs: &[&str],
    links: &[&str],
    context: &str,
) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        assert!(
            !rest[..open].contains('>'),
            "{context}: a stray > in {html}"
        );
        let close = open + rest[open..].find('>').expect("a closed tag");
        let tag = &rest[open + 1..close];
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let name = tag.split_whitespace().next().unwrap_or_default();
        assert!(tags.contains(&name), "{context}: tag <{name}> in <{tag}>");
        // Attribute names: outside the quoted values, which hold no markup.
        for (i, part) in tag.split('"').enumerate() {
            if i % 2 == 1 {
                assert!(
                    !part.contains('<') && !part.contains('>'),
                    "{context}: {part}"
                );
                continue;
            }
            for word in part.split_whitespace().skip(usize::from(i == 0)) {
                let attr = word.trim_end_matches('=');
                assert!(
                    attrs.contains(&attr),
                    "{context}: attribute {attr:?} in <{tag}>"
                );
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(!rest.contains('>'), "{context}: a stray > at the end");
    for href in html.split("href=\"").skip(1) {
        let href = &href[..href.find('"').expect("a closed href")];
        assert!(
            links.iter().any(|s| href.starts_with(s)),
            "{context}: link to {href}"
        );
    }
}
