//! A problem found in someone's data: where it is and what is wrong, in words
//! a buyer can act on. Validation collects every problem before refusing, so a
//! file can be fixed in one pass.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file (or table) the problem is in, e.g. `skus.csv`.
    pub file: String,
    /// Spreadsheet row number: the header is row 1, the first data row is 2.
    pub row: Option<usize>,
    pub column: Option<String>,
    /// The offending value as it appeared in the file.
    pub value: Option<String>,
    pub reason: String,
}

impl Problem {
    /// A problem with a whole file (missing column, unreadable encoding…).
    pub fn in_file(file: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { file: file.into(), row: None, column: None, value: None, reason: reason.into() }
    }

    /// A problem with one cell.
    pub fn at(
        file: impl Into<String>,
        row: usize,
        column: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            row: Some(row),
            column: Some(column.into()),
            value: Some(value.into()),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value {value:?}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_problem_names_file_row_column_value_and_reason() {
        let problem = Problem::at("offers.csv", 7, "moq", "-5", "must not be negative");
        assert_eq!(problem.to_string(), r#"offers.csv, row 7, column moq, value "-5": must not be negative"#);
        assert_eq!(Problem::in_file("skus.csv", "missing column id").to_string(), "skus.csv: missing column id");
    }
}
