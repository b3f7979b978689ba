//! The Word export: golden text dumps per protocol, hostile and control
//! characters in every field, and LibreOffice (headless) opening the file,
//! converting it to text and to PDF.

use case_resolution_test_support::{five_attempts, form_fixture as fixture, golden};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use case_resolution_core::form::export;
use case_resolution_docx::{docx_bytes, docx_from_request};

/// The named part of the .docx (a zip archive), as text.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip archive");
    let mut f = zip
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the docx"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("UTF-8 XML");
    s
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A readable dump of `word/document.xml`: one line per paragraph, with its
/// style; table rows as `| cell | cell |`; `<w:br/>` as `⏎`.
fn dump(xml: &str) -> String {
    let mut out = String::new();
    let (mut line, mut cell) = (String::new(), String::new());
    let mut row: Vec<String> = Vec::new();
    let mut in_cell = false;
    let mut rest = xml;
    while let Some(i) = rest.find('<') {
        let end = i + rest[i..].find('>').expect("closed tag");
        let tag = &rest[i + 1..end];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or("");
        let buf = if in_cell { &mut cell } else { &mut line };
        match (name, closing) {
            ("w:t", false) if !tag.ends_with('/') => {
                let close = end + rest[end..].find("</w:t>").expect("</w:t>");
                buf.push_str(&unescape(&rest[end + 1..close]));
                rest = &rest[close..];
                continue;
            }
            ("w:pStyle", false) => {
                let v = tag
                    .split("w:val=\"")
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .unwrap_or("");
                buf.push_str(&format!("[{v}] "));
            }
            ("w:br", false) => buf.push('⏎'),
            ("w:tab", false) => buf.push('\t'),
            ("w:tr", false) => row.clear(),
            ("w:tc", false) => {
                in_cell = true;
                cell.clear();
            }
            ("w:tc", true) => {
                in_cell = false;
                row.push(cell.trim().to_string());
            }
            ("w:tr", true) => out.push_str(&format!("| {} |\n", row.join(" | "))),
            ("w:p", true) if !in_cell => {
                out.push_str(line.trim_end());
                out.push('\n');
                line.clear();
            }
            _ => {}
        }
        rest = &rest[end + 1..];
    }
    out
}

#[test]
fn golden_docx_text_for_every_bundled_protocol() {
    let mut failures = Vec::new();
    for p in fixture::protocols() {
        let doc = fixture::document(&p, &fixture::answers(&p));
        let bytes = docx_bytes(&doc).unwrap();
        let xml = part(&bytes, "word/document.xml");
        if let Err(e) = golden::check(&format!("{}.docx.txt", p.id), &dump(&xml)) {
            failures.push(e);
        }
        // The same bytes through the wasm entry point, from the widget's request.
        let meta = fixture::meta();
        let request = export::request(&p, &fixture::answers(&p), &meta, meta.date);
        assert_eq!(
            docx_from_request(&request).unwrap(),
            bytes,
            "{}: the request path differs",
            p.id
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn golden_docx_text_for_the_safety_cases() {
    let mut failures = Vec::new();
    for p in fixture::protocols() {
        for (case, a) in fixture::safety_variants(&p) {
            let bytes = docx_bytes(&fixture::document(&p, &a)).unwrap();
            let xml = part(&bytes, "word/document.xml");
            if let Err(e) = golden::check(&format!("{}.{case}.docx.txt", p.id), &dump(&xml)) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn real_heading_styles_and_tables() {
    let p = &fixture::protocols()[0];
    let bytes = docx_bytes(&fixture::document(p, &fixture::answers(p))).unwrap();
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading1\""), "{styles}");
    assert!(styles.contains("w:val=\"heading 1\"") || styles.contains("w:val=\"Heading 1\""));
    assert!(styles.contains("w:styleId=\"Heading2\""));
    let xml = part(&bytes, "word/document.xml");
    assert!(
        xml.contains("<w:pStyle w:val=\"Heading1\" />")
            || xml.contains("<w:pStyle w:val=\"Heading1\"/>")
    );
    assert!(xml.matches("<w:tbl>").count() >= 8, "tables");
    assert!(xml.contains("<w:cantSplit"), "rows never split");
}

#[test]
fn hostile_text_in_every_field_stays_text_in_the_docx() {
    for p in fixture::protocols() {
        for payload in [
            "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>",
            "javascript:alert(1)",
        ] {
            let a = fixture::hostile(&p, payload);
            let bytes = docx_bytes(&fixture::document(&p, &a)).unwrap();
            let xml = part(&bytes, "word/document.xml");
            assert!(!xml.contains("<script"), "{}: raw <script>", p.id);
            assert!(!xml.contains("<img"), "{}: raw <img>", p.id);
            assert!(!xml.contains("hyperlink"), "{}: a hyperlink", p.id);
            let rels = part(&bytes, "word/_rels/document.xml.rels");
            assert!(
                !rels.contains("javascript:") && !rels.contains("External"),
                "{rels}"
            );
            // Every copy is there as text.
            let text = dump(&xml);
            let expected = 15 + 5 * (a.attempts.len() - 1) + 2;
            assert!(
                text.matches(payload).count() >= expected,
                "{}: {} of {expected} copies of {payload}",
                p.id,
                text.matches(payload).count()
            );
        }
    }
}

#[test]
fn control_characters_invalid_in_xml_are_stripped() {
    let p = &fixture::protocols()[0];
    let a = fixture::hostile(
        p,
        "nul\u{0}one\u{1}esc\u{1b}del\u{7f}nel\u{85}nc\u{ffff}end\ttab",
    );
    let bytes = docx_bytes(&fixture::document(p, &a)).unwrap();
    for name in ["word/document.xml", "word/styles.xml"] {
        let xml = part(&bytes, name);
        assert!(
            xml.chars()
                .all(|c| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')),
            "{name} has a control character"
        );
    }
    assert!(dump(&part(&bytes, "word/document.xml")).contains("nuloneescdelnelncend\ttab"));
}

// --- LibreOffice ------------------------------------------------------------

const SOFFICE: &str = "/usr/bin/soffice";

fn soffice() -> PathBuf {
    let path = Path::new(SOFFICE);
    assert!(
        path.exists(),
        "LibreOffice is missing ({SOFFICE}): run scripts/setup.sh, which installs libreoffice-writer-nogui"
    );
    path.to_path_buf()
}

/// Converts `input` with soffice into `dir`, in its own user profile so that
/// parallel runs do not clash.
fn convert(input: &Path, to: &str, dir: &Path) {
    let profile = dir.join("profile");
    let out = Command::new(soffice())
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            to,
            "--outdir",
        ])
        .arg(dir)
        .arg(input)
        .output()
        .expect("soffice runs");
    assert!(
        out.status.success(),
        "soffice --convert-to {to} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn libreoffice_opens_the_docx_as_text_and_as_pdf() {
    let p = &fixture::protocols()[0];
    let a = fixture::answers(p);
    let doc = fixture::document(p, &a);
    let bytes = docx_bytes(&doc).unwrap();

    let dir = std::env::temp_dir().join(format!("cr-docx-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("form.docx");
    std::fs::write(&input, &bytes).unwrap();

    convert(&input, "txt:Text (encoded):UTF8", &dir);
    let text = std::fs::read_to_string(dir.join("form.txt")).expect("LibreOffice wrote form.txt");
    let mut missing = Vec::new();
    for v in fixture::typed_values(&a) {
        for line in v.lines() {
            if !text.contains(line) {
                missing.push(line.to_string());
            }
        }
    }
    for fixed in [
        &doc.title,
        &p.name,
        &fixture::meta().reference,
        &p.form.recipient,
    ] {
        if !text.contains(fixed.as_str()) {
            missing.push(fixed.to_string());
        }
    }
    assert!(text.contains("Not given"), "Not given");
    assert!(
        missing.is_empty(),
        "LibreOffice's text lacks {missing:#?}\n---\n{text}"
    );

    convert(&input, "pdf", &dir);
    let pdf = std::fs::read(dir.join("form.pdf")).expect("LibreOffice wrote form.pdf");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(
        pdf.len() > 5_000,
        "PDF suspiciously small: {} bytes",
        pdf.len()
    );

    // Keep the PDF for a person to look at.
    let keep = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/form-check");
    if std::fs::create_dir_all(&keep).is_ok() {
        let _ = std::fs::copy(
            dir.join("form.pdf"),
            keep.join(format!("{}.docx.pdf", p.id)),
        );
        let _ = std::fs::write(keep.join(format!("{}.docx", p.id)), &bytes);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rows (`<w:tr>…</w:tr>`) of the table that follows `caption`.
fn table_rows_after<'a>(xml: &'a str, caption: &str) -> Vec<&'a str> {
    let at = xml.find(caption).expect("the caption in document.xml");
    let table = &xml[at..];
    let table = &table[table.find("<w:tbl>").expect("a table after the caption")..];
    let table = &table[..table.find("</w:tbl>").expect("</w:tbl>")];
    table
        .split("<w:tr>")
        .skip(1)
        .map(|r| &r[..r.find("</w:tr>").expect("</w:tr>")])
        .collect()
}

#[test]
fn the_steps_table_header_row_repeats_and_keeps_with_its_first_row() {
    for p in fixture::protocols() {
        let a = five_attempts::case(&p);
        let doc = fixture::document(&p, &a);
        let xml = part(&docx_bytes(&doc).unwrap(), "word/document.xml");
        let rows = table_rows_after(&xml, "Stages attempted so far");
        assert_eq!(rows.len(), 6, "{}: a header row and five rows", p.id);
        let header = rows[0];
        let props = &header[..header.find("</w:trPr>").expect("row properties")];
        assert!(
            props.contains("<w:tblHeader />"),
            "{}: header row repeats: {props}",
            p.id
        );
        assert!(
            props.contains("<w:cantSplit />"),
            "{}: header row not split",
            p.id
        );
        assert!(
            !props.contains("w:trHeight"),
            "{}: the marker height is gone",
            p.id
        );
        let paragraphs = header.matches("<w:p>").count() + header.matches("<w:p ").count();
        assert_eq!(paragraphs, 5, "{}: one paragraph per heading cell", p.id);
        assert_eq!(
            header.matches("<w:keepNext />").count(),
            paragraphs,
            "{}: every heading paragraph keeps with the next row: {header}",
            p.id
        );
        for r in &rows[1..] {
            assert!(
                !r.contains("<w:tblHeader"),
                "{}: only the first row repeats",
                p.id
            );
        }
    }
    // Only the two data tables (the steps and the escalation map) have a
    // header row; the fields and sign-off tables do not.
    let p = &fixture::protocols()[0];
    let xml = part(
        &docx_bytes(&fixture::document(p, &five_attempts::case(p))).unwrap(),
        "word/document.xml",
    );
    assert_eq!(xml.matches("<w:tblHeader />").count(), 2);
}

#[test]
fn libreoffice_pdf_of_a_five_attempt_form_splits_no_word_in_the_steps_table() {
    let dir = std::env::temp_dir().join(format!("cr-docx-split-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for p in fixture::protocols() {
        let a = five_attempts::case(&p);
        let doc = fixture::document(&p, &a);
        let input = dir.join(format!("{}.docx", p.id));
        std::fs::write(&input, docx_bytes(&doc).unwrap()).unwrap();
        convert(&input, "pdf", &dir);
        let text = five_attempts::pdf_text(&dir.join(format!("{}.pdf", p.id)));
        five_attempts::assert_no_split_words(
            &text,
            five_attempts::steps_table(&doc),
            "Outcome sought",
            &format!("{} (DOCX printed by LibreOffice)", p.id),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
