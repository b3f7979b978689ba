// The Devon DCFP questionnaire the two peers ask, copied by hand from
// protocols/devon-dcfp.toml and the widget's own wording (src/ui/). The
// widget reads the protocol file itself; the peers are generated from this
// file by `node bench/make-peers.mjs` (static/devon.html, surveyjs/devon.json).
//
// Steps, in the widget's order: safety, urgency, disagreement, stages
// attempted (with special cases), details for the form.

export const PROTOCOL = "Devon Children and Families Partnership";

export const SAFETY = {
  id: "immediate_harm",
  title: "Is anyone at risk of immediate harm?",
  hint: "For example a child who is in danger now.",
  options: [
    ["yes", "Yes"],
    ["no", "No"],
  ],
  follow_up: {
    id: "immediate_action",
    title: "What have you done, or are you doing, about the immediate risk? (optional)",
    hint: "For example: called 999 at 10:40; contacted the MASH. This goes on the form.",
  },
};

export const URGENCY = {
  id: "urgency",
  title: "How urgent is this?",
  options: [
    ["immediate", "A child may be at risk of immediate harm",
      "Take the emergency actions first. The protocol lets you choose which stage to start at."],
    ["quick", "A decision is needed quickly",
      "No immediate harm, but waiting would put the child's safety or welfare at risk."],
    ["routine", "Routine: no urgent risk", ""],
  ],
};

export const DISAGREEMENT = {
  id: "disagreement",
  title: "What is the disagreement about?",
  options: [
    ["referral-or-assessment", "A decision or response after a referral or assessment outcome",
      "You are unhappy with a decision or a response from any agency following a referral or an assessment outcome."],
    ["other-case-decision", "Another disagreement about a child's case between agencies",
      "Disagreements with your own manager or employer are covered by whistleblowing policies instead."],
  ],
};

export const STAGES = {
  title: "Which stages have you tried?",
  hint: "Add each time you raised the disagreement: when, with whom and what happened. If you have not tried any stage yet, continue.",
  stages: [
    ["stage-1", "Stage 1: clarify your thinking in your own agency"],
    ["stage-2", "Stage 2: discuss it with the other professional"],
    ["stage-3", "Stage 3: manager to manager"],
    ["stage-4", "Stage 4: operations managers or named designated safeguarding representatives"],
    ["stage-5", "Stage 5: formal Case Resolution form to the DCFP"],
  ],
  attempt_fields: [
    ["date", "Date", "date"],
    ["with_name", "With whom: name", "text"],
    ["with_role", "Their role", "text"],
    ["with_agency", "Their agency", "text"],
  ],
  outcomes: [
    ["resolved", "Resolved"],
    ["not_resolved", "Not resolved"],
    ["no_response_yet", "No response yet"],
  ],
  special_cases_title: "Does any of these apply?",
  special_cases: [
    ["serious-concern", "The matter raises a potentially serious concern beyond this one case"],
    ["stuck", "The professional network is 'stuck'"],
    ["conference-or-review", "The difference arose in a child protection conference or a child in care review"],
  ],
};

export const DETAILS = {
  title: "Details for the form",
  hint: "Only what the form needs. Use initials, not names, and an age, not a date of birth.",
  sections: [
    ["About you", [
      ["your_name", "Your name", "text"],
      ["your_role", "Your role", "text"],
      ["your_agency", "Your agency or organisation", "text"],
      ["your_contact", "Your work phone or email", "text"],
    ]],
    ["Manager or designated lead you consulted", [
      ["consulted_name", "Their name", "text"],
      ["consulted_role", "Their role", "text"],
    ]],
    ["The child", [
      ["subject_initials", "Initials", "text"],
      ["subject_reference", "Agency reference (optional)", "text"],
      ["subject_age", "Age", "text"],
    ]],
    ["The decision you disagree with", [
      ["decision_agency", "Agency that made it", "text"],
      ["decision_role", "Team or role of the person who made it", "text"],
      ["decision_date", "Date of the decision", "date"],
    ]],
    ["Your concern", [
      ["concern", "What is your concern, and what is it based on?", "textarea", true],
      ["basis", "Is your concern based on evidence or professional judgement?", "radio",
        false, [["evidence", "Evidence (facts I can point to)"], ["judgement", "Professional judgement or gut feeling"], ["both", "Both evidence and professional judgement"]]],
      ["outcome_sought", "What outcome are you seeking?", "textarea"],
    ]],
  ],
};
