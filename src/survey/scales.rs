//! Wellbeing scales: WEMWBS total, SWEMWBS metric score and ONS life satisfaction.
//!
//! A scale is scored only when every item is present and in range; otherwise it is missing
//! for that respondent (never summed over the items that happen to be there), and the
//! import report counts it.

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
    fn item_names() {
        assert!(is_item_name("wemwbs_14") && is_item_name("SWEMWBS 3"));
        assert!(!is_item_name("wemwbs") && !is_item_name("swemwbs_raw"));
    }
}
