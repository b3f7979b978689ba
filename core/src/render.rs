//! HTML for the widget's read-only guidance: the advice on the Next step and
//! the emergency panel. Pure functions from the engine's [`Advice`] to an
//! escaped HTML string, which the view sets with `inner_html`.
//!
//! Why strings and not Leptos views: this content has no controls, only
//! text, lists and links, and is rebuilt whole when the advice changes.
//! As Leptos views it was the largest part of the widget's wasm (each
//! distinct view is its own generic code) and the slowest step to render
//! (one DOM call from wasm per node); as a string it is one `innerHTML`.
//! Every piece of text goes through [`Html::text`], and only `http(s)`, `tel:`
//! and `mailto:` addresses become links. Text followed by a citation is a
//! `div.cr-p`, not a `p`: the citation is a `<details>`, which the HTML
//! parser would not keep inside a paragraph.

use crate::guidance::{
    Advice, Awaited, Deadline, EmergencyAdvice, EscalationMap, FormAdvice, FormPlace, Mark,
    NextStep, Outcome, OutcomeNote, Status, END_LABEL,
};
use crate::guidance::{CALL_999, PASSED};
use crate::html::Html;
use crate::links;
use crate::protocol::{Cite, CitedText, Contact, Protocol};

/// Writes HTML for one protocol's guidance; knows the sources it cites.
struct Writer<'a> {
    out: Html,
    protocol: &'a Protocol,
    /// The disclosures the practitioner has open (`data-disclose` ids).
    open: &'a [String],
}

impl Writer<'_> {
    fn raw(&mut self, s: &'static str) {
        self.out.lit(s);
    }

    fn text(&mut self, s: &str) {
        self.out.text(s);
    }

    /// `<tag class="class">text</tag>` (no class attribute for "").
    fn el(&mut self, tag: &'static str, class: &'static str, text: &str) {
        self.out.lit("<").lit(tag);
        if !class.is_empty() {
            self.out.lit(" class=\"").lit(class).lit("\"");
        }
        self.out.lit(">").text(text).lit("</").lit(tag).lit(">");
    }

    /// `<h2 class="cr-h2">title</h2>` (the level is in `tag`).
    fn heading(&mut self, tag: &'static str, text: &str) {
        let class = if tag == "h3" { "cr-h3" } else { "cr-h2" };
        self.el(tag, class, text);
    }

    /// A collapsed citation: the section of the source document and the
    /// anchors (the exact words that locate the passage), with a link that
    /// opens the partnership's page at the passage where it has an address;
    /// then each other passage it rests on ([`Cite::also`]), likewise.
    /// Nothing for an empty section.
    fn cite(&mut self, cite: &Cite) {
        if cite.section.trim().is_empty() {
            return;
        }
        self.out
            .lit("<details class=\"cr-cite\"><summary>Source: ")
            .text(&cite.section);
        for other in &cite.also {
            self.out.lit("; also ").text(&other.section);
        }
        self.raw("</summary>");
        self.passage(cite);
        for other in &cite.also {
            self.passage(other);
        }
        self.raw("</details>");
    }

    /// One passage of a citation: "Section … of …: “anchors”." and its link.
    fn passage(&mut self, cite: &Cite) {
        let p = self.protocol;
        let title = cite
            .from
            .as_deref()
            .and_then(|id| p.sources.iter().find(|s| s.id == id))
            .map_or(&p.source.title, |s| &s.title);
        self.out
            .lit("<p>Section “")
            .text(&cite.section)
            .lit("” of “")
            .text(title)
            .lit("”");
        for (i, a) in cite.anchors.iter().enumerate() {
            self.raw(if i == 0 { ": “" } else { "; “" });
            self.text(a);
            self.raw("”");
        }
        self.raw(".");
        if let Some(href) = cite.link().as_deref().and_then(links::web) {
            self.out
                .lit(" <a class=\"cr-cite__link\"")
                .attr("href", href)
                .lit(" rel=\"noopener noreferrer\" target=\"_blank\">")
                .lit(if cite.exact && !cite.anchors.is_empty() {
                    "Read this passage"
                } else {
                    "Read the source"
                })
                .lit(" ");
            // Another text's page is not the partnership's site.
            match cite.from {
                Some(_) => self.out.lit("in “").text(title).lit("”"),
                None => self.out.lit("on ").text(&p.short_name).lit("’s site"),
            };
            self.raw("<span class=\"cr-visually-hidden\"> (opens in a new tab)</span></a>");
        }
        self.raw("</p>");
    }

    /// Text followed by its citation, as list items or paragraphs are written.
    fn cited(&mut self, text: &str, cite: &Cite) {
        self.text(text);
        self.raw(" ");
        self.cite(cite);
    }

    fn cited_list(&mut self, class: &'static str, items: &[CitedText]) {
        self.out.lit("<ul class=\"").lit(class).lit("\">");
        for c in items {
            self.raw("<li>");
            self.cited(&c.text, &c.cite);
            self.raw("</li>");
        }
        self.raw("</ul>");
    }

    fn list(&mut self, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.raw("<ul class=\"cr-list\">");
        for i in items {
            self.el("li", "", i);
        }
        self.raw("</ul>");
    }

    fn link(&mut self, label: &'static str, value: &str, href: Option<String>, new_tab: bool) {
        self.out.lit("<li>").lit(label).lit(": ");
        match href {
            Some(h) => {
                self.out.lit("<a").attr("href", &h);
                if new_tab {
                    self.out
                        .lit(" rel=\"noopener noreferrer\" target=\"_blank\"");
                }
                self.out.lit(">").text(value).lit("</a>");
            }
            None => self.text(value),
        }
        self.raw("</li>");
    }

    /// Contacts from the protocol, with phone, email and web links.
    fn contacts(&mut self, list: &[Contact]) {
        if list.is_empty() {
            return;
        }
        self.raw("<ul class=\"cr-contacts\">");
        for c in list {
            self.raw("<li class=\"cr-contact\">");
            self.el("strong", "cr-contact__name", &c.name);
            self.raw("<ul class=\"cr-contact__ways\">");
            if let Some(p) = &c.phone {
                self.link("Phone", p, links::tel(p), false);
            }
            if let Some(e) = &c.email {
                self.link("Email", e, links::mailto(e), false);
            }
            if let Some(u) = &c.url {
                self.link("Web", u, links::web(u).map(str::to_string), true);
            }
            self.raw("</ul>");
            if let Some(n) = &c.note {
                self.el("p", "cr-contact__note", n);
            }
            self.raw("</li>");
        }
        self.raw("</ul>");
    }

    fn emergency(&mut self, e: &EmergencyAdvice) {
        self.raw("<h2 class=\"cr-emergency__title\" id=\"cr-emergency-title\">Act now: someone is at risk of immediate harm</h2>");
        // The product's own baseline, before anything the protocol says:
        // uncited, because most sources do not say it.
        // 999 as a tap-to-call link, like the static fallback's.
        let (before, after) = CALL_999.split_once("999").unwrap_or((CALL_999, ""));
        self.out
            .lit("<p class=\"cr-emergency__999\">")
            .text(before)
            .lit("<a href=\"tel:999\">999</a>")
            .text(after)
            .lit("</p>");
        self.el("p", "cr-emergency__summary", &e.summary);
        self.cited_list("cr-emergency__actions", &e.actions);
        self.contacts(&e.contacts);
        self.raw("<p>You can carry on afterwards to record the disagreement.</p>");
        self.cite(&e.cite);
    }

    /// A timescale in the protocol's words (and who owes it), then its due
    /// date and how it was counted.
    fn deadline(&mut self, d: &Deadline) {
        self.raw("<div class=\"cr-p\">");
        self.cited(&d.label(), &d.timescale.cite);
        self.raw("</div>");
        if let Some(due) = &d.due {
            self.out
                .lit("<p class=\"cr-due\"><strong>Due by: ")
                .text(&due.date.long())
                .lit(if due.passed { PASSED } else { "" })
                .lit("</strong></p>");
            // The working-out is long and rarely needed: one click away.
            self.raw("<details class=\"cr-details cr-due-how\"><summary>How this date was worked out</summary>");
            self.el("p", "cr-hint", &due.explanation);
            self.raw("</details>");
        }
    }

    /// While a reply is awaited: what that stage owes, and by when.
    /// An outcome note's heading (its `<h2>` is open), what it means, and
    /// what the protocol says of it; a plan's panel is closed here.
    fn outcome_note(&mut self, o: &OutcomeNote) {
        self.text(&o.heading);
        self.raw("</h2>");
        self.el("p", "", &o.text);
        if let Some(p) = &o.protocol {
            self.raw("<div class=\"cr-p\">");
            self.cited(&p.text, &p.cite);
            self.raw("</div>");
        }
        if o.outcome == Outcome::PlanAgreed {
            self.raw("</section>");
        }
    }

    fn awaiting(&mut self, a: &Awaited) {
        self.raw("<section class=\"cr-panel\" aria-labelledby=\"cr-awaiting-title\"><h2 class=\"cr-h2\" id=\"cr-awaiting-title\">");
        self.text(&format!("Waiting for a response at {}", a.stage.name));
        self.raw("</h2>");
        for d in &a.deadlines {
            self.deadline(d);
        }
        self.raw("</section>");
    }

    /// Opens a disclosure: `<details>` named by `label` and `name`, open
    /// where the practitioner left it open (`id` in [`Writer::open`]), so
    /// its state survives Back, Change and a redraw; printing opens it
    /// (CSS). Closed by [`Writer::end_disclose`] (not a closure taking the
    /// body: one copy in the wasm, not one per caller).
    fn disclose(&mut self, id: &'static str, label: &'static str, name: &str) {
        self.out
            .lit("<details class=\"cr-details cr-disclose\" data-disclose=\"")
            .lit(id)
            .lit("\"");
        if self.open.iter().any(|o| o == id) {
            self.raw(" open");
        }
        self.raw("><summary>");
        self.raw(label);
        self.text(name);
        self.raw("</summary><div class=\"cr-disclose__body\">");
    }

    fn end_disclose(&mut self) {
        self.raw("</div></details>");
    }

    /// The answer, first under the step heading: the next step by name, who
    /// acts, who to contact, the timescale and its due date, what to take;
    /// then what to do and whether to take it. Each field is marked
    /// `data-summary` (tests compare it with the engine's value).
    fn next_step(&mut self, n: &NextStep, form_now: Option<&FormAdvice>) {
        self.raw(
            "<section class=\"cr-panel cr-next cr-answer\" aria-labelledby=\"cr-next-title\">",
        );
        if let Some(w) = &n.waiting_note {
            self.el("p", "cr-inset", w);
        }
        self.out
            .lit("<p class=\"cr-caption\">Stage ")
            .num(n.position)
            .lit(" of ")
            .num(n.total)
            .lit("</p><h2 class=\"cr-h2\" id=\"cr-next-title\" data-summary=\"name\">")
            .text(&n.name)
            .lit("</h2><dl class=\"cr-who\"><dt>Who acts</dt><dd data-summary=\"who\">")
            .text(&n.who)
            .lit("</dd><dt>Who to contact</dt><dd><span data-summary=\"contact\">")
            .text(&n.contact_role)
            .lit("</span>");
        self.contacts(&n.contacts);
        self.raw("</dd><dt>Timescale</dt><dd data-summary=\"timescale\">");
        for d in &n.timescales {
            self.deadline(d);
        }
        if let Some(t) = &n.no_timescale {
            self.text(t);
        }
        self.raw("</dd>");
        if !n.prepare.is_empty() {
            self.raw("<dt>What to take</dt><dd data-summary=\"take\">");
            self.list(&n.prepare);
            self.raw("</dd>");
        }
        self.raw("</dl>");
        self.el("p", "cr-action", &n.action);
        // Whether to take this stage at all comes before the rest.
        for note in &n.notes {
            self.raw("<div class=\"cr-p cr-inset\">");
            self.cited(&note.text, &note.cite);
            self.raw("</div>");
        }
        if let Some(form) = form_now {
            self.raw("<div class=\"cr-p cr-inset\">");
            self.cited(&form.text, &form.cite);
            self.raw("</div>");
        }
        self.cite(&n.cite);
        self.raw("</section>");
    }

    /// What the next step's page holds beyond the answer, each part in a
    /// disclosure named by what it holds.
    fn stage_more(&mut self, n: &NextStep) {
        if !n.record.is_empty() {
            self.disclose("record", "What to record at this stage", "");
            self.list(&n.record);
            self.end_disclose();
        }
        if !n.alternatives.is_empty() {
            let applies = n.alternatives.iter().any(|a| a.applies_to_you);
            self.disclose(
                "alternatives",
                if applies {
                    "Other ways through this stage, one for you"
                } else {
                    "Other ways through this stage"
                },
                "",
            );
            self.raw("<ul class=\"cr-list cr-alternatives\">");
            for a in &n.alternatives {
                if a.applies_to_you {
                    self.raw("<li class=\"cr-alternative cr-alternative--applies\"><strong class=\"cr-tag\">Applies to you</strong> ");
                } else {
                    self.raw("<li class=\"cr-alternative\">");
                }
                self.cited(&a.text, &a.cite);
                self.contacts(&a.contacts);
                self.raw("</li>");
            }
            self.raw("</ul>");
            self.end_disclose();
        }
    }

    /// "Where you are": the escalation map, then the same in words. Once
    /// every stage is tried the page already gives the protocol's last word,
    /// so the map's end points to it rather than saying it again.
    fn where_you_are(&mut self, advice: &Advice) {
        let Some(mut map) = EscalationMap::of(advice) else {
            return;
        };
        if advice.exhausted.is_some() {
            map.end = "What the protocol says next is given above.".to_string();
        }
        self.disclose("map", "Where you are: the escalation map", "");
        map_html(&mut self.out, &map);
        self.raw("<details class=\"cr-details\"><summary>The map in words</summary><ul class=\"cr-list cr-standing\">");
        for line in map.lines() {
            self.el("li", "", &line);
        }
        self.raw("</ul></details>");
        self.end_disclose();
    }

    /// The answer and what belongs to this stage: shown above the follow-up
    /// and the special cases.
    fn main_part(&mut self, advice: &Advice) {
        if let Some(e) = &advice.elsewhere {
            // Not for this protocol: where to go instead is the answer.
            self.raw("<section class=\"cr-panel cr-next cr-answer cr-elsewhere\"><h2 class=\"cr-h2\" data-summary=\"name\">This protocol does not cover this</h2><div class=\"cr-p\">");
            self.cited(&e.text, &e.cite);
            self.raw("</div><p>It has no stages and no form for this kind of disagreement.</p></section>");
        }
        if let Some(a) = &advice.awaiting {
            self.awaiting(a);
        }
        let note = advice.outcome.as_ref();
        if let Some(o) = note.filter(|o| o.outcome == Outcome::PlanAgreed) {
            // Open until the review date: the plan, then the next step.
            self.raw("<section class=\"cr-panel cr-plan\" aria-labelledby=\"cr-plan-title\"><h2 class=\"cr-h2\" id=\"cr-plan-title\">");
            self.outcome_note(o);
        }
        if advice.resolved_at.is_some() || advice.status == Status::NotTakenForward {
            // The escalation ends there: what the protocol asks now, and
            // no next step or form owed at a stage never reached.
            self.raw("<section class=\"cr-panel cr-next cr-answer cr-resolved\"><h2 class=\"cr-h2\" data-summary=\"name\">");
            match (note, &advice.resolved_at) {
                (Some(o), _) => self.outcome_note(o),
                (None, Some(r)) => {
                    self.text(&format!("Resolved at {}", r.label()));
                    self.raw("</h2><p>You have recorded that the disagreement was resolved. The escalation ends here.</p>");
                }
                (None, None) => self.raw("</h2>"),
            }
            if advice.resolved_at.is_some() && !advice.after_resolution.is_empty() {
                self.heading("h3", "What the protocol asks now");
                self.cited_list("cr-list cr-after", &advice.after_resolution);
            }
            self.raw("</section>");
        }
        let form = &advice.form;
        let form_now = (form.place == FormPlace::Now).then_some(form);
        if let Some(n) = &advice.next_step {
            self.next_step(n, form_now);
        }
        if let Some(x) = &advice.exhausted {
            // While the last stage's reply is awaited, waiting is the answer;
            // what follows if it fails is one click away.
            let waiting = advice.awaiting_last.as_deref();
            self.raw("<section class=\"cr-panel cr-next cr-answer\"><h2 class=\"cr-h2\" data-summary=\"name\">");
            self.raw(if waiting.is_some() {
                "Waiting for a response at the last stage</h2>"
            } else {
                "Every stage has been tried</h2>"
            });
            if let Some(w) = waiting {
                self.el("p", "cr-inset", w);
                self.disclose(
                    "if-not-resolved",
                    "If it is not resolved: what the protocol says next",
                    "",
                );
            }
            self.raw("<div class=\"cr-p\">");
            self.cited(&x.text, &x.cite);
            self.raw("</div>");
            if waiting.is_some() {
                self.end_disclose();
            }
            self.raw("</section>");
        }
        if !advice.warnings.is_empty() {
            self.raw("<div class=\"cr-warning\">");
            self.heading("h2", "Check this");
            self.cited_list("cr-list cr-warnings", &advice.warnings);
            self.raw("</div>");
        }
        if let Some(u) = &advice.urgency {
            self.disclose(
                "urgency",
                "What the protocol says about the urgency you chose",
                "",
            );
            self.raw("<div class=\"cr-p\">");
            self.cited(&u.text, &u.cite);
            self.raw("</div>");
            self.end_disclose();
        }
        if let Some(n) = &advice.next_step {
            self.stage_more(n);
        }
        self.where_you_are(advice);
        if form_now.is_none() && advice.elsewhere.is_none() {
            self.disclose("form", "About the form: ", &form.title);
            self.raw("<div class=\"cr-p\">");
            self.cited(&form.text, &form.cite);
            self.raw("</div>");
            self.end_disclose();
        }
        if !advice.special_cases.is_empty() {
            self.heading("h2", "Because of what you ticked");
            self.raw("<ul class=\"cr-list cr-special\">");
            for s in &advice.special_cases {
                self.raw("<li>");
                self.el("strong", "", &s.label);
                self.raw(": ");
                self.cited(&s.guidance, &s.cite);
                self.contacts(&s.contacts);
                self.raw("</li>");
            }
            self.raw("</ul>");
        }
    }

    /// The protocol's general material, after the special cases: other
    /// contacts, tips, and the route's description.
    fn more_part(&mut self, advice: &Advice) {
        if !advice.other_contacts.is_empty() {
            self.disclose("contacts", "Other contacts in the protocol", "");
            self.raw("<p>The protocol lists these without tying them to a stage.</p>");
            self.contacts(&advice.other_contacts);
            self.end_disclose();
        }
        if !advice.tips.is_empty() {
            self.disclose("tips", "Tips for raising a disagreement", "");
            self.cited_list("cr-list cr-tips", &advice.tips);
            self.end_disclose();
        }
        if let Some(r) = &advice.route {
            self.disclose("route", "About this route: ", &r.name);
            self.raw("<div class=\"cr-p cr-route\">");
            if let Some(s) = &r.summary {
                self.text(s);
                self.raw(" ");
            }
            self.cite(&r.cite);
            self.raw("</div>");
            self.end_disclose();
        }
    }
}

/// Which part of the Next step's advice: the view puts the follow-up and
/// the special cases' checkboxes between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The answer, warnings, and what belongs to this stage.
    Main,
    /// Other contacts, tips and the route's description.
    More,
}

/// The advice on the Next step, both parts, every disclosure closed
/// (emergency panel left out: the widget shows it above the step heading).
pub fn advice_html(advice: &Advice, protocol: &Protocol) -> Html {
    let mut html = advice_part(advice, protocol, Part::Main, &[]);
    html.html(&advice_part(advice, protocol, Part::More, &[]));
    html
}

/// One part of the advice; the disclosures named in `open` are open.
pub fn advice_part(advice: &Advice, protocol: &Protocol, part: Part, open: &[String]) -> Html {
    let mut html = Writer {
        out: Html::with_capacity(4096),
        protocol,
        open,
    };
    match part {
        Part::Main => html.main_part(advice),
        Part::More => html.more_part(advice),
    }
    html.out
}

/// The content of the emergency panel: what to do now, the contacts, and
/// that the practitioner can carry on afterwards. It never suggests waiting.
/// The view supplies the panel itself, `section.cr-emergency[data-emergency]`
/// labelled by the `#cr-emergency-title` heading written here.
pub fn emergency_html(emergency: &EmergencyAdvice, protocol: &Protocol) -> Html {
    let mut html = Writer {
        out: Html::with_capacity(1024),
        protocol,
        open: &[],
    };
    html.emergency(emergency);
    html.out
}

/// The escalation map as a picture, for the Next step and the form: boxes
/// in a column joined by arrows, drawn by `.cr-map` in `web/form.css` (which
/// both the widget and the form's HTML file carry). The words on each box
/// and a border style per kind of stop carry the meaning, so it reads in
/// greyscale print; its text alternative is [`EscalationMap::lines`], the
/// "Where you are" list, word for word.
pub fn map_html(out: &mut Html, map: &EscalationMap) {
    let mut label = String::from("Escalation map.");
    for line in map.lines() {
        label.push(' ');
        label.push_str(&line);
    }
    out.lit("<div class=\"cr-map\" role=\"img\"")
        .attr("aria-label", &label)
        .lit(">");
    if let Some(r) = &map.resolved {
        out.lit("<p class=\"cr-map__resolved\">")
            .text(r)
            .lit("</p>");
    }
    out.lit("<ol class=\"cr-map__stops\">");
    let stop = |out: &mut Html, class: &'static str, mark: Mark, label: &str, state: &str| {
        out.lit("<li class=\"cr-map__stop")
            .lit(class)
            .lit(match mark {
                Mark::Next => " cr-map__stop--next\">",
                Mark::Here => " cr-map__stop--here\">",
                Mark::Resolved | Mark::Ended => " cr-map__stop--resolved\">",
                Mark::None => "\">",
            });
        if mark != Mark::None {
            out.lit("<strong class=\"cr-map__mark\">")
                .lit(mark.label())
                .lit("</strong>");
        }
        out.lit("<span class=\"cr-map__name\">")
            .text(label)
            .lit("</span><span class=\"cr-map__state\">")
            .text(state)
            .lit("</span></li>");
    };
    for s in &map.stops {
        let class = if s.tried { " cr-map__stop--tried" } else { "" };
        stop(out, class, s.mark, &s.label, &s.state);
    }
    stop(out, " cr-map__end", map.end_mark, END_LABEL, &map.end);
    out.lit("</ol></div>");
}
