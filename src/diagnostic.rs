//! Problems found in the content: data, collected and printed together.
//!
//! An error stops a build and writes nothing; a warning is printed and the build goes on
//! (`mieruka check --strict` fails on warnings too).

use std::fmt;
use std::path::PathBuf;

/// How serious a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The site cannot be built as the content stands.
    Error,
    /// The site builds, but something needs a look (e.g. a figure not filled in yet).
    Warning,
}

/// One problem in one content file, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file or folder, as the user would type it from where mieruka was started
    /// (`content/sunagawa/2022.yaml`, or `../site/content/…` with `--root ../site`).
    pub path: PathBuf,
    /// 1-based line and column, when the problem sits at one place in the file.
    pub position: Option<(u32, u32)>,
    pub severity: Severity,
    /// The field the problem is in, as a dotted path (`kpis.hs-rate.actual`); may be empty.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is more to say than the message.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `line`:`column` (1-based); a line of 0 means the problem concerns the whole
    /// file, and no position is shown.
    pub fn new(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            position: (line > 0).then(|| (saturate(line), saturate(column.max(1)))),
            severity: Severity::Error,
            field: String::new(),
            message: message.into(),
            hint: None,
        }
    }

    /// Makes the problem a warning: printed, but the site still builds.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Names the field the problem is in.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = field.into();
        self
    }

    /// Adds a hint on how to fix the problem.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether the problem stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}:", self.path.display())?;
        if let Some((line, column)) = self.position {
            write!(f, "{line}:{column}:")?;
        }
        f.write_str(" ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every problem of a load or validation, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether any problem stops the build.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        (errors, self.0.len() - errors)
    }

    /// "2 errors and 1 warning", "1 warning", …
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match self.counts() {
            (0, warnings) => plural(warnings, "warning"),
            (errors, 0) => plural(errors, "error"),
            (errors, warnings) => {
                format!(
                    "{} and {}",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                )
            }
        }
    }
}

impl fmt::Display for Diagnostics {
    /// Every problem, then a closing line: for a failed build, that nothing was written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        if self.has_errors() {
            write!(f, "{} found; nothing was written", self.summary())
        } else {
            write!(f, "{} found", self.summary())
        }
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_shown_only_when_known() {
        let at = Diagnostic::new("content/town/2022.yaml", 10, 3, "bad").field("kpis.x");
        assert_eq!(
            at.to_string(),
            "error: content/town/2022.yaml:10:3: kpis.x: bad"
        );
        let whole = Diagnostic::new("content/town", 0, 0, "no city.yaml").hint("add it");
        assert_eq!(
            whole.to_string(),
            "error: content/town: no city.yaml\n    hint: add it"
        );
    }

    #[test]
    fn warnings_do_not_fail_and_are_counted() {
        let warning = Diagnostic::new("a.yaml", 1, 1, "not filled in yet").warning();
        let only = Diagnostics(vec![warning.clone()]);
        assert!(!only.has_errors());
        assert_eq!(
            only.to_string(),
            "warning: a.yaml:1:1: not filled in yet\n1 warning found"
        );
        let both = Diagnostics(vec![Diagnostic::new("a.yaml", 2, 1, "bad"), warning]);
        assert!(both.has_errors());
        assert!(
            both.to_string()
                .ends_with("1 error and 1 warning found; nothing was written")
        );
    }
}
