//! The loader's report: one mistake ([`ProtocolError`]) and the checker's
//! text for a list of them, each with its source line.

use std::fmt;

/// One mistake in a protocol file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolError {
    pub file: String,
    /// 1-based line and column.
    pub line: usize,
    pub column: usize,
    /// Dotted field path, e.g. `routes[0].stages[2].cite`.
    pub path: String,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        if !self.path.is_empty() {
            write!(f, "`{}`: ", self.path)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Formats a list of errors the way the checker prints them, with the
/// offending source line under each.
pub fn render_errors(source: &str, errors: &[ProtocolError]) -> String {
    render(source, errors, "error")
}

/// [`render_errors`] for warnings.
pub fn render_warnings(source: &str, warnings: &[ProtocolError]) -> String {
    render(source, warnings, "warning")
}

fn render(source: &str, errors: &[ProtocolError], label: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!("{label}: {e}\n"));
        if let Some(text) = lines.get(e.line.saturating_sub(1)) {
            out.push_str(&format!("  {:>4} | {}\n", e.line, text));
        }
    }
    out
}
