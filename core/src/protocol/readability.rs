//! Reading ease of the words a practitioner reads: the Flesch-Kincaid grade
//! and the sentences over 25 words (GOV.UK's content standard asks for short
//! sentences and everyday words; the widget holds its texts to grade 8 and
//! 25 words).
//!
//! How it counts, fixed here so that the figures cannot drift:
//! - **sentences** end at `.`, `!` or `?` followed by a space, a line break
//!   or the end of the text (so "3.4" and "DSP@darlington.gov.uk" do not end
//!   one); a text with no end punctuation is one sentence;
//! - **words** are what whitespace separates, once punctuation on their
//!   edges is removed; a word with no letter or digit (a dash) is not one;
//! - **syllables** by [`syllables`]: groups of vowels, less a silent final
//!   `e`, at least one per word; numbers count one per digit group;
//! - **grade** = 0.39 × words per sentence + 11.8 × syllables per word − 15.59
//!   (Kincaid et al., 1975), over all the measured text of one protocol.
//!
//! What is measured is every text field a practitioner reads
//! ([`Protocol::reader_texts`]), not ids, cites, anchors, addresses, phone
//! numbers or emails.

use super::model::Protocol;

/// The longest sentence, in words, a text should have.
pub const MAX_SENTENCE_WORDS: usize = 25;

/// Syllables in one word, by a small rule: vowel groups (`y` counts as a
/// vowel after the first letter), less a final silent `e` (not in `-le`
/// after a consonant, nor `-ee`, `-ye`), less one for `-ed` after letters
/// other than `t`/`d` and for `-es` after letters other than
/// `s`/`x`/`z`/`ch`/`sh`/`g`/`c`; at least one. Digits: one per group.
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 0;
    }
    if w.iter().all(|c| c.is_ascii_digit()) {
        return 1;
    }
    let vowel = |i: usize| match w[i] {
        'a' | 'e' | 'i' | 'o' | 'u' => true,
        'y' => i > 0,
        _ => false,
    };
    let mut count = 0;
    let mut prev = false;
    for i in 0..w.len() {
        let v = vowel(i);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    let ends = |s: &str| w.iter().rev().take(s.len()).rev().copied().eq(s.chars());
    let consonant = |i: usize| i < n && !vowel(i);
    let silent_e = n > 2 && w[n - 1] == 'e' && consonant(n - 2);
    let silent = if silent_e {
        // "-le" after a consonant is a syllable of its own (ta-ble).
        !(w[n - 2] == 'l' && n > 3 && consonant(n - 3))
    } else {
        let ed = n > 3 && ends("ed") && consonant(n - 3) && !matches!(w[n - 3], 't' | 'd');
        let es = n > 3
            && ends("es")
            && consonant(n - 3)
            && !matches!(w[n - 3], 's' | 'x' | 'z' | 'g' | 'c')
            && !(ends("ches") || ends("shes"));
        ed || es
    };
    if silent {
        count -= 1;
    }
    count.max(1)
}

/// The words of a text (see the module documentation).
pub fn words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The sentences of a text, trimmed.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            let end = i + c.len_utf8();
            let next = chars.peek().map(|&(_, n)| n);
            // Closing quotes and brackets stay with their sentence.
            if next.is_none_or(char::is_whitespace) {
                out.push(text[start..end].trim());
                start = end;
            }
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !words(s).is_empty());
    out
}

/// The figures for a set of texts.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub sentences: usize,
    pub words: usize,
    pub syllables: usize,
    /// Sentences over [`MAX_SENTENCE_WORDS`], longest first, with their length.
    pub long: Vec<(usize, String)>,
}

impl Report {
    /// Measures every text.
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>) -> Report {
        let mut r = Report {
            sentences: 0,
            words: 0,
            syllables: 0,
            long: Vec::new(),
        };
        for t in texts {
            for s in sentences(t) {
                let w = words(s);
                r.sentences += 1;
                r.words += w.len();
                r.syllables += w.iter().map(|w| syllables(w)).sum::<usize>();
                if w.len() > MAX_SENTENCE_WORDS {
                    r.long.push((w.len(), s.to_string()));
                }
            }
        }
        r.long.sort_by_key(|l| std::cmp::Reverse(l.0));
        r
    }

    /// The Flesch-Kincaid grade; 0 for no text.
    pub fn grade(&self) -> f64 {
        if self.sentences == 0 || self.words == 0 {
            return 0.0;
        }
        0.39 * self.words as f64 / self.sentences as f64
            + 11.8 * self.syllables as f64 / self.words as f64
            - 15.59
    }
}

impl Protocol {
    /// Every text of the file that a practitioner reads, in file order.
    pub fn reader_texts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = vec![&self.name, &self.form.title, &self.form.recipient];
        out.extend(self.form.recipients.iter().map(|r| r.text.as_str()));
        out.push(&self.emergency.summary);
        out.extend(self.emergency.actions.iter().map(|a| a.text.as_str()));
        for c in &self.contacts {
            out.push(&c.name);
            out.extend(c.note.as_deref());
        }
        for u in &self.urgencies {
            out.push(&u.label);
            out.extend(u.hint.as_deref());
            out.extend(u.guidance.as_deref());
            out.extend(u.notes.iter().map(|n| n.text.as_str()));
        }
        for q in &self.questions {
            out.push(&q.label);
            out.extend(q.hint.as_deref());
            out.extend(q.options.iter().map(|o| o.label.as_str()));
        }
        for d in &self.disagreements {
            out.push(&d.label);
            out.extend(d.hint.as_deref());
        }
        for r in &self.routes {
            out.push(&r.name);
            out.extend(r.summary.as_deref());
            out.extend(r.exhausted.as_ref().map(|x| x.text.as_str()));
            out.extend(
                r.summaries
                    .iter()
                    .chain(&r.endings)
                    .map(|x| x.text.as_str()),
            );
            for s in &r.stages {
                out.extend([&*s.name, &s.who, &s.contact_role, &s.action]);
                out.extend(s.prepare.iter().map(String::as_str));
                out.extend(s.record.iter().map(String::as_str));
                for t in &s.timescales {
                    out.push(t.text.as_str());
                    out.extend(t.owed_by.as_deref());
                }
                out.extend(s.alternatives.iter().map(|a| a.text.as_str()));
                out.extend(s.notes.iter().map(|n| n.text.as_str()));
                out.extend(s.may_skip.iter().map(|n| n.text.as_str()));
                out.extend(s.optional.iter().map(|n| n.text.as_str()));
                out.extend(s.early.iter().map(|e| e.text.text.as_str()));
            }
        }
        for s in &self.special_cases {
            out.extend([&*s.label, &s.guidance]);
            out.extend(s.hint.as_deref());
        }
        out.extend(self.tips.iter().map(|t| t.text.as_str()));
        // Upgraded discretion has no words of its own (empty).
        out.extend(
            self.discretion
                .iter()
                .map(|d| d.text.as_str())
                .filter(|t| !t.is_empty()),
        );
        out.extend(self.after_resolution.iter().map(|t| t.text.as_str()));
        out.push(&self.exhausted.text);
        out.extend(self.endings.iter().map(|x| x.text.as_str()));
        out.extend(self.form.titles.iter().map(|x| x.text.as_str()));
        out.retain(|t| !t.is_empty());
        out
    }

    /// [`Report::of`] the protocol's reader texts.
    pub fn readability(&self) -> Report {
        Report::of(self.reader_texts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counter pinned on a word list, so the grade cannot drift with it.
    #[test]
    fn syllables_of_a_pinned_word_list() {
        for (word, n) in [
            ("the", 1),
            ("child", 1),
            ("safe", 1),
            ("make", 1),
            ("care", 1),
            ("stage", 1),
            ("named", 1),
            ("asked", 1),
            ("agreed", 2),
            ("decided", 3),
            ("wanted", 2),
            ("makes", 1),
            ("stages", 2),
            ("causes", 2),
            ("reaches", 2),
            ("people", 2),
            ("little", 2),
            ("table", 2),
            ("agency", 3),
            ("manager", 3),
            // One too many (the silent "e" inside a compound): kept, since
            // what matters is that the count does not change unnoticed.
            ("safeguarding", 4),
            ("practitioner", 4),
            ("disagreement", 4),
            ("professional", 4),
            ("conference", 3),
            ("designated", 4),
            ("immediately", 5),
            ("every", 3),
            ("you", 1),
            ("your", 1),
            ("MASH", 1),
            ("999", 1),
            ("2", 1),
            ("(DCFP)", 1),
            ("—", 0),
        ] {
            assert_eq!(syllables(word), n, "{word}");
        }
    }

    #[test]
    fn sentences_end_at_end_punctuation_followed_by_a_space() {
        assert_eq!(
            sentences("Call 999. Then read 3.4 of the protocol! Email DSP@darlington.gov.uk now"),
            [
                "Call 999.",
                "Then read 3.4 of the protocol!",
                "Email DSP@darlington.gov.uk now"
            ]
        );
        assert_eq!(
            sentences("One label without a stop"),
            ["One label without a stop"]
        );
        assert_eq!(sentences("  "), Vec::<&str>::new());
        assert_eq!(
            words("Stage 1 – talk: (now)."),
            ["Stage", "1", "talk", "now"]
        );
    }

    #[test]
    fn the_published_formula() {
        // 2 sentences, 10 words, 12 syllables.
        let r = Report::of(["The cat sat on the mat.", "A big dog ran away."]);
        assert_eq!((r.sentences, r.words, r.syllables), (2, 11, 12));
        let expected = 0.39 * 11.0 / 2.0 + 11.8 * 12.0 / 11.0 - 15.59;
        assert!((r.grade() - expected).abs() < 1e-9);
        assert_eq!(Report::of([]).grade(), 0.0);
    }

    #[test]
    fn long_sentences_are_listed_longest_first() {
        let long = "word ".repeat(30) + ".";
        let longer = "word ".repeat(40) + ".";
        let r = Report::of([long.as_str(), "Short one.", longer.as_str()]);
        assert_eq!(r.long.iter().map(|l| l.0).collect::<Vec<_>>(), [40, 30]);
    }
}
