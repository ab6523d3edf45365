//! Typed attribute columns with explicit missing values.

use std::fmt;

/// The type of an attribute column.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum AttrType {
    /// A small set of labels, such as gender or employment status.
    Categorical,
    /// Numbers, such as age or a wellbeing score.
    Numeric,
    /// Free text, such as a comment; shown but not used to colour or group.
    Text,
}

impl AttrType {
    /// The lower-case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AttrType::Categorical => "categorical",
            AttrType::Numeric => "numeric",
            AttrType::Text => "text",
        }
    }
}

impl fmt::Display for AttrType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One present attribute value. A missing value is `None` in an `Option<Value>`, never a
/// zero or an empty string.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A number.
    Number(f64),
    /// A label or a piece of text.
    Text(String),
}

impl Value {
    /// The number, if this value is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Text(_) => None,
        }
    }

    /// The text, if this value is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            Value::Number(_) => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(x) => write!(f, "{}", format_number(*x)),
            Value::Text(s) => f.write_str(s),
        }
    }
}

/// Formats a number the shortest way that reads back to the same value ("3" rather than
/// "3.0", full precision otherwise).
pub(crate) fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// True when a cell means "no value": blank, or one of the usual no-answer tokens
/// (`NA`, `N/A`, `-`, `none`, `don't know`, `dk`, `refused`, `missing`, `.`), in any case.
pub fn is_missing_token(cell: &str) -> bool {
    let t = cell.trim();
    if t.is_empty() {
        return true;
    }
    const TOKENS: [&str; 12] = [
        "na",
        "n/a",
        "n.a.",
        "-",
        "none",
        "don't know",
        "dont know",
        "don’t know",
        "dk",
        "refused",
        "missing",
        ".",
    ];
    TOKENS.iter().any(|tok| t.eq_ignore_ascii_case(tok)) || t.to_lowercase() == "don’t know"
}

/// A node or tie attribute column: a name, a type and one value slot per node (or tie).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Attribute {
    name: String,
    ty: AttrType,
    values: Vec<Option<Value>>,
}

impl Attribute {
    /// An attribute with every value missing for `len` nodes.
    pub fn new(name: impl Into<String>, ty: AttrType, len: usize) -> Self {
        Attribute {
            name: name.into(),
            ty,
            values: vec![None; len],
        }
    }

    /// The attribute's name as it appears in files and on screen.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The attribute's type.
    pub fn ty(&self) -> AttrType {
        self.ty
    }

    /// The value for the node (or tie) at `index`; `None` when missing.
    pub fn value(&self, index: usize) -> Option<&Value> {
        self.values.get(index).and_then(Option::as_ref)
    }

    /// All value slots, one per node (or tie), in index order.
    pub fn values(&self) -> &[Option<Value>] {
        &self.values
    }

    /// How many values are present (not missing).
    pub fn present_count(&self) -> usize {
        self.values.iter().filter(|v| v.is_some()).count()
    }

    /// The distinct present values of a categorical or text column, sorted.
    pub fn categories(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .values
            .iter()
            .flatten()
            .map(|v| v.to_string())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    pub(crate) fn set(&mut self, index: usize, value: Option<Value>) {
        if index >= self.values.len() {
            self.values.resize(index + 1, None);
        }
        self.values[index] = value;
    }

    pub(crate) fn grow_to(&mut self, len: usize) {
        if self.values.len() < len {
            self.values.resize(len, None);
        }
    }

    pub(crate) fn set_ty(&mut self, ty: AttrType) {
        self.ty = ty;
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        self.values.truncate(len);
    }

    pub(crate) fn retain_indices(&mut self, keep: &[bool]) {
        let mut i = 0;
        self.values.retain(|_| {
            let k = keep.get(i).copied().unwrap_or(false);
            i += 1;
            k
        });
    }

    /// Builds a typed column from raw text cells: missing tokens become `None`; the column is
    /// numeric when every present cell is a number, categorical when it has few distinct
    /// values, and text otherwise.
    pub fn infer(name: impl Into<String>, cells: &[Option<&str>]) -> Self {
        let present: Vec<&str> = cells
            .iter()
            .flatten()
            .map(|c| c.trim())
            .filter(|c| !is_missing_token(c))
            .collect();
        let ty = infer_type(&present);
        let values = cells
            .iter()
            .map(|c| match c {
                Some(c) if !is_missing_token(c) => Some(parse_value(c.trim(), ty)),
                _ => None,
            })
            .collect();
        Attribute {
            name: name.into(),
            ty,
            values,
        }
    }
}

/// Parses one present cell as a value of type `ty`; a cell that is not a number in a numeric
/// column is kept as text rather than lost.
pub(crate) fn parse_value(cell: &str, ty: AttrType) -> Value {
    match ty {
        AttrType::Numeric => match parse_number(cell) {
            Some(x) => Value::Number(x),
            None => Value::Text(cell.to_string()),
        },
        AttrType::Categorical | AttrType::Text => Value::Text(cell.to_string()),
    }
}

/// Parses a number as written in data files: `3`, `-2.5`, `1e3`, with a decimal comma
/// accepted when there is no other comma (`2,5`).
pub fn parse_number(cell: &str) -> Option<f64> {
    let t = cell.trim();
    if t.is_empty() {
        return None;
    }
    let parsed = t.parse::<f64>().ok().or_else(|| {
        if t.matches(',').count() == 1 && !t.contains('.') {
            t.replace(',', ".").parse::<f64>().ok()
        } else {
            None
        }
    })?;
    // "inf" and "NaN" parse as floats but are not data anyone typed as a number.
    parsed.is_finite().then_some(parsed)
}

/// The type a column of present cells reads as.
pub(crate) fn infer_type(present: &[&str]) -> AttrType {
    if present.is_empty() {
        return AttrType::Categorical;
    }
    if present.iter().all(|c| parse_number(c).is_some()) {
        return AttrType::Numeric;
    }
    let mut distinct: Vec<&str> = present.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    // A column is a category when its values repeat: few distinct labels, or at most half
    // as many distinct labels as cells. Names and comments rarely repeat.
    let long = distinct.iter().any(|d| d.chars().count() > 40);
    if !long && (distinct.len() <= 12 || distinct.len() * 2 <= present.len()) {
        AttrType::Categorical
    } else {
        AttrType::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tokens_are_recognised_in_any_case() {
        for t in [
            "",
            "  ",
            "N/A",
            "n/a",
            "NA",
            "-",
            "None",
            "Don't know",
            "DK",
            "refused",
            "don’t know",
        ] {
            assert!(is_missing_token(t), "{t:?}");
        }
        for t in ["0", "no", "Nadia", "Dave"] {
            assert!(!is_missing_token(t), "{t:?}");
        }
    }

    #[test]
    fn inference_picks_numeric_categorical_and_text() {
        let a = Attribute::infer("age", &[Some("34"), Some("N/A"), Some("2,5"), None]);
        assert_eq!(a.ty(), AttrType::Numeric);
        assert_eq!(a.value(0), Some(&Value::Number(34.0)));
        assert_eq!(a.value(1), None);
        assert_eq!(a.value(2), Some(&Value::Number(2.5)));
        let g = Attribute::infer("gender", &[Some("Female"), Some("Male"), Some(" Female ")]);
        assert_eq!(g.ty(), AttrType::Categorical);
        assert_eq!(
            g.categories(),
            vec!["Female".to_string(), "Male".to_string()]
        );
        let cells: Vec<String> = (0..30).map(|i| format!("comment number {i}")).collect();
        let refs: Vec<Option<&str>> = cells.iter().map(|c| Some(c.as_str())).collect();
        assert_eq!(Attribute::infer("note", &refs).ty(), AttrType::Text);
    }

    #[test]
    fn numbers_print_back_the_same() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(parse_number("inf"), None);
    }
}
