//! Wellbeing scales: WEMWBS total, SWEMWBS metric score and ONS life satisfaction.
//!
//! A scale is scored only when every item is present and in range; otherwise it is missing
//! for that respondent (never summed over the items that happen to be there), and the
//! import report counts it.

use crate::model::{AttrType, NodeId, Study, Value};

/// The wellbeing scales Kith scores.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ScaleKind {
    /// Warwick-Edinburgh Mental Wellbeing Scale: 14 items scored 1-5, total 14-70.
    Wemwbs,
    /// Short WEMWBS: 7 items (WEMWBS 1, 2, 3, 6, 7, 9, 11) scored 1-5; the raw total 7-35 is
    /// converted to the published Rasch metric score.
    Swemwbs,
    /// ONS life satisfaction: one item, 0-10.
    LifeSatisfaction,
}

/// The WEMWBS items (1-based) that make up SWEMWBS.
pub const SWEMWBS_ITEMS: [usize; 7] = [1, 2, 3, 6, 7, 9, 11];

/// The published SWEMWBS raw-to-metric conversion table (raw 7-35).
const SWEMWBS_TABLE: &str = include_str!("../../assets/swemwbs_conversion.csv");

impl ScaleKind {
    /// How many items the scale has.
    pub fn items(self) -> usize {
        match self {
            ScaleKind::Wemwbs => 14,
            ScaleKind::Swemwbs => 7,
            ScaleKind::LifeSatisfaction => 1,
        }
    }

    /// The smallest and largest valid answer to one item.
    pub fn item_range(self) -> (f64, f64) {
        match self {
            ScaleKind::Wemwbs | ScaleKind::Swemwbs => (1.0, 5.0),
            ScaleKind::LifeSatisfaction => (0.0, 10.0),
        }
    }

    /// The name used in recipes and as the default attribute name.
    pub fn name(self) -> &'static str {
        match self {
            ScaleKind::Wemwbs => "wemwbs",
            ScaleKind::Swemwbs => "swemwbs",
            ScaleKind::LifeSatisfaction => "life_satisfaction",
        }
    }

    /// True when `x` is a valid answer to one item: a whole number in the item range.
    pub fn item_valid(self, x: f64) -> bool {
        let (lo, hi) = self.item_range();
        x.fract() == 0.0 && x >= lo && x <= hi
    }

    /// The score from the items in order, or `None` when an item is missing or out of
    /// range (or the number of items is wrong). For SWEMWBS this is the metric score.
    pub fn score(self, items: &[Option<f64>]) -> Option<f64> {
        let raw = self.raw(items)?;
        match self {
            ScaleKind::Swemwbs => swemwbs_metric(raw),
            ScaleKind::Wemwbs | ScaleKind::LifeSatisfaction => Some(raw),
        }
    }

    /// The raw total of the items, or `None` when one is missing or out of range.
    pub fn raw(self, items: &[Option<f64>]) -> Option<f64> {
        if items.len() != self.items() {
            return None;
        }
        let mut total = 0.0;
        for item in items {
            let x = (*item)?;
            if !self.item_valid(x) {
                return None;
            }
            total += x;
        }
        Some(total)
    }
}

/// The SWEMWBS metric score for a raw total of 7-35, from the published conversion table.
pub fn swemwbs_metric(raw: f64) -> Option<f64> {
    if raw.fract() != 0.0 {
        return None;
    }
    SWEMWBS_TABLE.lines().skip(1).find_map(|line| {
        let (r, m) = line.trim().split_once(',')?;
        let r: f64 = r.trim().parse().ok()?;
        (r == raw).then(|| m.trim().parse().ok()).flatten()
    })
}

/// Adds the WEMWBS total and the SWEMWBS metric score to a study whose node attributes
/// hold every item of the scale (named as a recipe proposal names them: `wemwbs_1` to
/// `wemwbs_14`, `swemwbs_1` to `swemwbs_7`) but not the score itself, as `kith survey`
/// would have scored them. A person with an item missing or out of range gets no score.
/// Returns the names of the scores added, in the order added.
pub fn score_items(study: &mut Study) -> Vec<String> {
    let names: Vec<String> = study
        .node_attributes()
        .iter()
        .map(|a| a.name().to_string())
        .collect();
    let headers: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut added = Vec::new();
    for (spec, _) in super::propose::item_scales(&headers) {
        if study.node_attribute(&spec.name).is_some() {
            continue;
        }
        let items: Vec<Vec<Option<f64>>> = spec
            .columns
            .iter()
            .map(|c| {
                let attr = study.node_attribute(c);
                (0..study.node_count())
                    .map(|v| attr.and_then(|a| a.value(v)).and_then(Value::as_number))
                    .collect()
            })
            .collect();
        let scores: Vec<Option<f64>> = (0..study.node_count())
            .map(|v| {
                let xs: Vec<Option<f64>> = items.iter().map(|col| col[v]).collect();
                spec.kind.score(&xs)
            })
            .collect();
        if scores.iter().all(Option::is_none) {
            continue;
        }
        let Ok(column) = study.declare_node_attribute(&spec.name, AttrType::Numeric) else {
            continue;
        };
        for (v, x) in scores.into_iter().enumerate() {
            study.set_node_value(column, NodeId(v as u32), x.map(Value::Number));
        }
        added.push(spec.name);
    }
    added
}

/// Whether the attribute `name` is an item of a scale Kith scores (`wemwbs_3`,
/// `swemwbs_7`), which the Inspector folds away under the score.
pub fn is_item_name(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let prefix = squashed.trim_end_matches(|c: char| c.is_ascii_digit());
    prefix.len() < squashed.len()
        && matches!(
            prefix,
            "wemwbs"
                | "wemwbsitem"
                | "wemwbsq"
                | "warwickedinburgh"
                | "swemwbs"
                | "swemwbsitem"
                | "swemwbsq"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(xs: &[f64]) -> Vec<Option<f64>> {
        xs.iter().map(|x| Some(*x)).collect()
    }

    #[test]
    fn wemwbs_totals_14_to_70() {
        assert_eq!(ScaleKind::Wemwbs.score(&some(&[1.0; 14])), Some(14.0));
        assert_eq!(ScaleKind::Wemwbs.score(&some(&[5.0; 14])), Some(70.0));
        let mut items = some(&[3.0; 14]);
        assert_eq!(ScaleKind::Wemwbs.score(&items), Some(42.0));
        items[4] = None;
        assert_eq!(ScaleKind::Wemwbs.score(&items), None);
        items[4] = Some(6.0);
        assert_eq!(ScaleKind::Wemwbs.score(&items), None);
        items[4] = Some(2.5);
        assert_eq!(ScaleKind::Wemwbs.score(&items), None);
        assert_eq!(ScaleKind::Wemwbs.score(&some(&[3.0; 13])), None);
    }

    #[test]
    fn swemwbs_uses_the_published_table() {
        assert_eq!(swemwbs_metric(7.0), Some(7.0));
        assert_eq!(swemwbs_metric(8.0), Some(9.51));
        assert_eq!(swemwbs_metric(21.0), Some(19.25));
        assert_eq!(swemwbs_metric(35.0), Some(35.0));
        assert_eq!(swemwbs_metric(6.0), None);
        assert_eq!(swemwbs_metric(36.0), None);
        assert_eq!(ScaleKind::Swemwbs.score(&some(&[3.0; 7])), Some(19.25));
        assert_eq!(ScaleKind::Swemwbs.raw(&some(&[3.0; 7])), Some(21.0));
        // Every raw total has a metric score, rising with the raw total.
        let mut last = 0.0;
        for raw in 7..=35 {
            let m = swemwbs_metric(f64::from(raw)).unwrap();
            assert!(m > last);
            last = m;
        }
    }

    #[test]
    fn life_satisfaction_is_0_to_10() {
        let ls = ScaleKind::LifeSatisfaction;
        assert_eq!(ls.score(&[Some(0.0)]), Some(0.0));
        assert_eq!(ls.score(&[Some(10.0)]), Some(10.0));
        assert_eq!(ls.score(&[Some(11.0)]), None);
        assert_eq!(ls.score(&[Some(-1.0)]), None);
        assert_eq!(ls.score(&[None]), None);
    }

    #[test]
    fn a_study_with_every_item_gets_its_scores() {
        use crate::model::NodeKind;
        let mut s = Study::new(false);
        for id in ["a", "b", "c"] {
            s.add_node(id, id, NodeKind::Respondent).unwrap();
        }
        s.add_node("x", "x", NodeKind::Alter).unwrap();
        for k in 1..=14 {
            let c = s
                .declare_node_attribute(&format!("wemwbs_{k}"), AttrType::Numeric)
                .unwrap();
            s.set_node_value(c, NodeId(0), Some(Value::Number(3.0)));
            s.set_node_value(c, NodeId(1), Some(Value::Number(5.0)));
            // c skipped item 5: not scored.
            if k != 5 {
                s.set_node_value(c, NodeId(2), Some(Value::Number(2.0)));
            }
        }
        assert_eq!(score_items(&mut s), vec!["wemwbs", "swemwbs"]);
        let w = s.node_attribute("wemwbs").unwrap();
        let got: Vec<Option<f64>> = (0..4)
            .map(|v| w.value(v).and_then(Value::as_number))
            .collect();
        assert_eq!(got, vec![Some(42.0), Some(70.0), None, None]);
        let sw = s.node_attribute("swemwbs").unwrap();
        // Raw 21 is metric 19.25; raw 35 is 35. c's SWEMWBS items are all there: raw 14.
        let got: Vec<Option<f64>> = (0..4)
            .map(|v| sw.value(v).and_then(Value::as_number))
            .collect();
        assert_eq!(got, vec![Some(19.25), Some(35.0), Some(15.32), None]);
        // Scores already there are left alone.
        assert!(score_items(&mut s).is_empty());
        assert!(is_item_name("wemwbs_14") && is_item_name("SWEMWBS 3"));
        assert!(!is_item_name("wemwbs") && !is_item_name("swemwbs_raw"));
    }
}
