//! The import recipe: how to read one survey layout, as human-editable TOML.
//!
//! A recipe names the id and name columns, the attribute columns with their types, the
//! relations (each a name, its columns and whether they name people, places or groups), the
//! wellbeing scales with their item columns, the cells that mean "no answer", and the
//! automatic-merge threshold. Kith proposes one from the file ([`super::propose`]); saved with
//! `--write-recipe`, edited, and passed back with `--recipe`, it makes next wave's file read
//! the same way.
//!
//! ```toml
//! id = "respondent_id"
//! name = "name"
//! # wave = "wave"   (only when one file holds several waves)
//! no_answer = ["N/A", "-", "don't know", "dk", "refused", "none"]
//!
//! [[attribute]]
//! column = "gender"
//! type = "categorical"
//!
//! [[relation]]
//! name = "rely_on"
//! names = "people"
//! columns = ["rely_on_1", "rely_on_2", "rely_on_3"]
//!
//! [[scale]]
//! kind = "life_satisfaction"
//! name = "life_satisfaction"
//! columns = ["life_satisfaction"]
//! ```

use crate::io::ImportError;
use crate::model::{AttrType, NodeKind};

use super::scales::ScaleKind;

/// The tokens that mean "no answer" unless a recipe says otherwise; blank cells always do.
pub const DEFAULT_NO_ANSWER: [&str; 10] = [
    "N/A",
    "n/a",
    "NA",
    "-",
    "none",
    "don't know",
    "dont know",
    "dk",
    "refused",
    "missing",
];

/// How to read one survey layout.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// The column holding each respondent's unique id.
    pub id: String,
    /// The column holding each respondent's name, used to recognise respondents when others
    /// name them; without one, respondents are known by id only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The column naming each row's wave, when one file holds several waves of a study
    /// (baseline, interim, follow-up): the rows of each wave are read as a survey of their
    /// own, in which a respondent appears once, and the waves are combined into one study
    /// (see [`crate::waves`]). Waves are ordered by their first row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wave: Option<String>,
    /// Cells that mean "no answer", compared without regard to case (blank always counts).
    #[serde(default = "default_no_answer")]
    pub no_answer: Vec<String>,
    /// Whether a nomination is directed (from the respondent to the person named).
    #[serde(default = "default_true")]
    pub directed: bool,
    /// Attribute columns copied onto respondents.
    #[serde(default, rename = "attribute")]
    pub attributes: Vec<AttributeSpec>,
    /// Relations: groups of columns that name people, places or groups.
    #[serde(default, rename = "relation")]
    pub relations: Vec<RelationSpec>,
    /// Wellbeing scales and their item columns.
    #[serde(default, rename = "scale")]
    pub scales: Vec<ScaleSpec>,
    /// How names are matched.
    #[serde(default)]
    pub matching: MatchingSpec,
    /// Columns marked identifying or analytic by hand, whatever their names and values
    /// say (see [`crate::privacy`]).
    #[serde(default, skip_serializing_if = "PrivacySpec::is_empty")]
    pub privacy: PrivacySpec,
}

/// Columns a recipe marks identifying (left out when names are hidden) or analytic (kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySpec {
    /// Columns that identify people.
    #[serde(default)]
    pub identifying: Vec<String>,
    /// Columns that are data for analysis.
    #[serde(default)]
    pub analytic: Vec<String>,
}

impl PrivacySpec {
    /// Whether nothing is marked.
    pub fn is_empty(&self) -> bool {
        self.identifying.is_empty() && self.analytic.is_empty()
    }

    /// Marks the columns on `study`.
    pub fn mark(&self, study: &mut crate::model::Study) {
        for c in &self.identifying {
            study.mark_column(c, Some(crate::model::ColumnPrivacy::Identifying));
        }
        for c in &self.analytic {
            study.mark_column(c, Some(crate::model::ColumnPrivacy::Analytic));
        }
    }
}

fn default_no_answer() -> Vec<String> {
    DEFAULT_NO_ANSWER.iter().map(|s| s.to_string()).collect()
}

fn default_true() -> bool {
    true
}

/// One attribute column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeSpec {
    /// The column's header.
    pub column: String,
    /// The attribute's type.
    #[serde(rename = "type")]
    pub ty: AttrType,
}

/// What the cells of a relation name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Names {
    /// People: respondents or alters.
    People,
    /// Places: a library, a shop, a job centre.
    Places,
    /// Groups, organisations or events: a club, a class, a Facebook group.
    Groups,
}

impl Names {
    /// The node kind of what is named (people named are alters until matched to a
    /// respondent).
    pub fn kind(self) -> NodeKind {
        match self {
            Names::People => NodeKind::Alter,
            Names::Places => NodeKind::Place,
            Names::Groups => NodeKind::Group,
        }
    }
}

/// One relation: its name and the columns that hold it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    /// The relation's name, such as `rely_on`.
    pub name: String,
    /// What the cells name.
    pub names: Names,
    /// The columns, in order.
    pub columns: Vec<String>,
}

/// One wellbeing scale.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleSpec {
    /// Which scale.
    pub kind: ScaleKind,
    /// The attribute the score is stored in.
    pub name: String,
    /// The item columns in item order (14 for WEMWBS, the 7 SWEMWBS items for SWEMWBS, one
    /// for life satisfaction).
    pub columns: Vec<String>,
}

/// How names are matched into people.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchingSpec {
    /// Suggestions scoring at least this are merged by `--merge auto` (ambiguous ones never).
    #[serde(default = "default_threshold")]
    pub auto_merge_threshold: f64,
    /// A short form that fits several people is read as one of them when that reading has
    /// at least this share of the weight of all readings, counting who else names each and
    /// the mention's context (the matching's mention weights); above 1 turns this off,
    /// leaving every such name for review.
    #[serde(default = "default_share")]
    pub well_known_share: f64,
    /// Read from recipes written by earlier versions, which read an ambiguous name as the
    /// person named by at least this many; the weighing above has replaced that rule, so
    /// the value is not used and not written.
    #[serde(default, skip_serializing)]
    pub well_known_min: Option<usize>,
    /// More first names that are one name, added to Kith's table (`assets/nicknames.csv`):
    /// each list holds one name and the forms written for it, such as
    /// `["katarzyna", "kasia", "kasienka"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nicknames: Vec<Vec<String>>,
}

/// Suggestions scoring at least this are merged by `--merge auto`, unless ambiguous (the
/// default of `matching.threshold`).
pub const AUTO_MERGE_THRESHOLD: f64 = 0.8;
/// A short form that fits several people joins the one with at least this share of the
/// weight of all readings (the default of `matching.well_known_share`).
pub const RESOLVE_SHARE: f64 = 0.75;

fn default_share() -> f64 {
    RESOLVE_SHARE
}

fn default_threshold() -> f64 {
    AUTO_MERGE_THRESHOLD
}

impl Default for MatchingSpec {
    fn default() -> Self {
        MatchingSpec {
            auto_merge_threshold: default_threshold(),
            well_known_share: default_share(),
            well_known_min: None,
            nicknames: Vec::new(),
        }
    }
}

impl Recipe {
    /// Reads a recipe from TOML text; errors name the file, line and column.
    pub fn from_toml(file: &str, text: &str) -> Result<Recipe, ImportError> {
        let recipe: Recipe = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            match e.span() {
                Some(span) => {
                    let (line, column) = line_column(text, span.start);
                    ImportError::at(file, line, column, message)
                }
                None => ImportError::file(file, message),
            }
        })?;
        recipe.check(file)?;
        Ok(recipe)
    }

    /// The recipe as TOML, with a comment at the top saying what it is.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# Kith survey recipe: how to read this survey file. Edit it and pass it back with\n\
             # `kith survey FILE --recipe THIS.toml`.\n\
             # relation `names`: people, places or groups. attribute `type`: categorical,\n\
             # numeric or text. scale `kind`: wemwbs (14 items), swemwbs (7 items) or\n\
             # life_satisfaction (1 item).\n\n{body}"
        )
    }

    /// True when `cell` means "no answer": blank, or one of the recipe's tokens in any case
    /// (a typographic apostrophe reads as a plain one).
    pub fn is_no_answer(&self, cell: &str) -> bool {
        let t = cell.trim();
        if t.is_empty() {
            return true;
        }
        let t = t.replace('\u{2019}', "'");
        self.no_answer
            .iter()
            .any(|tok| tok.trim().replace('\u{2019}', "'").eq_ignore_ascii_case(&t))
    }

    /// Every column the recipe reads, in recipe order (the same column may appear twice,
    /// e.g. a WEMWBS item that SWEMWBS reuses).
    pub fn columns(&self) -> Vec<&str> {
        let mut out = vec![self.id.as_str()];
        out.extend(self.name.as_deref());
        out.extend(self.wave.as_deref());
        out.extend(self.attributes.iter().map(|a| a.column.as_str()));
        for r in &self.relations {
            out.extend(r.columns.iter().map(String::as_str));
        }
        for s in &self.scales {
            out.extend(s.columns.iter().map(String::as_str));
        }
        out
    }

    /// Checks what TOML cannot: scales have the right number of items, names are unique.
    fn check(&self, file: &str) -> Result<(), ImportError> {
        for s in &self.scales {
            if s.columns.len() != s.kind.items() {
                return Err(ImportError::file(
                    file,
                    format!(
                        "scale \"{}\" ({}) needs {} item columns, the recipe gives {}",
                        s.name,
                        s.kind.name(),
                        s.kind.items(),
                        s.columns.len()
                    ),
                ));
            }
        }
        let mut names: Vec<&str> = self.relations.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(ImportError::file(
                file,
                format!("relation \"{}\" is given twice", w[0]),
            ));
        }
        if !(0.0..=1.0).contains(&self.matching.auto_merge_threshold) {
            return Err(ImportError::file(
                file,
                "matching.auto_merge_threshold must be between 0 and 1",
            ));
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Recipe {
        Recipe {
            id: "respondent_id".into(),
            name: Some("name".into()),
            wave: None,
            no_answer: default_no_answer(),
            directed: true,
            attributes: vec![AttributeSpec {
                column: "gender".into(),
                ty: AttrType::Categorical,
            }],
            relations: vec![RelationSpec {
                name: "rely_on".into(),
                names: Names::People,
                columns: vec!["rely_on_1".into(), "rely_on_2".into()],
            }],
            scales: vec![ScaleSpec {
                kind: ScaleKind::LifeSatisfaction,
                name: "life_satisfaction".into(),
                columns: vec!["life_satisfaction".into()],
            }],
            matching: MatchingSpec::default(),
            privacy: Default::default(),
        }
    }

    #[test]
    fn toml_round_trips() {
        let r = sample();
        let text = r.to_toml();
        assert!(text.contains("[[relation]]"), "{text}");
        assert!(text.contains("names = \"people\""), "{text}");
        assert_eq!(Recipe::from_toml("r.toml", &text).unwrap(), r);
    }

    #[test]
    fn a_recipe_marks_columns_identifying_or_analytic() {
        let text = "id = \"id\"\n[privacy]\nidentifying = [\"interviewer\"]\nanalytic = [\"first_name_known\"]\n";
        let r = Recipe::from_toml("r.toml", text).unwrap();
        assert_eq!(r.privacy.identifying, ["interviewer"]);
        assert_eq!(Recipe::from_toml("r.toml", &r.to_toml()).unwrap(), r);
        let mut study = crate::model::Study::new(false);
        r.privacy.mark(&mut study);
        assert_eq!(
            study.column_privacy().get("interviewer"),
            Some(&crate::model::ColumnPrivacy::Identifying)
        );
        assert_eq!(
            study.column_privacy().get("first_name_known"),
            Some(&crate::model::ColumnPrivacy::Analytic)
        );
        assert!(
            !sample().to_toml().contains("privacy"),
            "no section when nothing is marked"
        );
    }

    #[test]
    fn a_minimal_recipe_gets_defaults() {
        let r = Recipe::from_toml("r.toml", "id = \"id\"\n").unwrap();
        assert!(r.directed);
        assert!(r.is_no_answer("Don't Know"));
        assert!(r.is_no_answer("don’t know"));
        assert!(r.is_no_answer("  "));
        assert!(!r.is_no_answer("Dave"));
        assert_eq!(r.matching.auto_merge_threshold, 0.8);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Recipe::from_toml(
            "r.toml",
            "id = \"id\"\n[[relation]]\nname = \"x\"\nnames = \"pets\"\ncolumns = []\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(4), "{e}");
        assert!(e.to_string().starts_with("r.toml line 4, column"), "{e}");
        let e = Recipe::from_toml("r.toml", "id = \"id\"\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Recipe::from_toml(
            "r.toml",
            "id = \"id\"\n[[scale]]\nkind = \"wemwbs\"\nname = \"w\"\ncolumns = [\"a\"]\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("needs 14 item columns"), "{e}");
    }
}
