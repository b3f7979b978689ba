//! Print-to-PDF of the HTML download: headless Chromium
//! prints a five-attempt form on A4, as a practitioner's "Save as PDF"
//! does, and `pdftotext` reads it back: every word of the steps table is
//! whole ("Outco me" and "Not resolv ed" were seen before the columns had
//! widths). The DOCX's PDF is checked in docx-export/tests/docx.rs.

use case_resolution_test_support::{five_attempts, form_fixture as fixture};
use std::path::Path;
use std::process::Command;

use case_resolution_core::form::{html, Block};
use case_resolution_core::guidance::{Mark, END_LABEL};

const CHROMIUM: &str = "/usr/bin/chromium";

fn print_to_pdf(html_file: &Path, pdf: &Path, dir: &Path) {
    assert!(
        Path::new(CHROMIUM).exists(),
        "Chromium is missing ({CHROMIUM}): run scripts/setup.sh"
    );
    let out = Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html_file.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.exists(),
        "Chromium wrote no PDF: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn printing_the_html_download_splits_no_word_in_the_steps_table() {
    let dir = std::env::temp_dir().join(format!("cr-print-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for p in fixture::protocols() {
        let a = five_attempts::case(&p);
        let doc = fixture::document(&p, &a);
        let t = five_attempts::steps_table(&doc);
        assert_eq!(t.rows.len(), 5, "{}", p.id);
        let input = dir.join(format!("{}.html", p.id));
        std::fs::write(&input, html::document(&doc).as_str()).unwrap();
        let pdf = dir.join(format!("{}.pdf", p.id));
        print_to_pdf(&input, &pdf, &dir);
        let text = five_attempts::pdf_text(&pdf);
        five_attempts::assert_no_split_words(
            &text,
            t,
            "Outcome sought",
            &format!("{} (HTML printed by Chromium)", p.id),
        );
        // The escalation map prints: every stop's words, its marks, the end.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let map = doc
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .find_map(|b| match b {
                Block::Map { map } => Some(map),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{}: the form has an escalation map", p.id));
        for stop in &map.stops {
            let words = stop.label.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains(&words), "{}: {words:?} printed", p.id);
            if stop.mark != Mark::None {
                let mark = stop.mark.label().to_uppercase();
                assert!(
                    flat.contains(&format!("{mark} {words}")),
                    "{}: {mark} on {words:?}",
                    p.id
                );
            }
        }
        assert!(
            flat.contains(END_LABEL),
            "{}: the route's end printed",
            p.id
        );
        // Keep the PDF for a person to look at.
        let keep = case_resolution_test_support::root().join("target/form-check");
        if std::fs::create_dir_all(&keep).is_ok() {
            let _ = std::fs::copy(&pdf, keep.join(format!("{}.five-attempts.html.pdf", p.id)));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
