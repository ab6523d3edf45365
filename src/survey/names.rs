//! Names as people write them: normalised to a comparison key, split into first name,
//! middle initials and surname, and compared with nicknames, initials and typos in mind.
//!
//! Normalisation folds what never tells two people apart: case, spacing, accents
//! ("Zoë" = "Zoe", "Łucja" = "Lucja", via `deunicode`) and punctuation ("O'Neill" =
//! "ONeill", "Kerry E." = "Kerry E"). Comparison then judges what might: a nickname
//! ("Dave" for David), an initial ("David O." for David Okafor), a middle initial written by
//! one respondent and left out by another, and one-letter typos.

use std::collections::HashMap;
use std::sync::LazyLock;

use strsim::damerau_levenshtein;

/// The comparison key of a name: transliterated to ASCII, lower case, apostrophes dropped,
/// other punctuation read as a space, runs of spaces collapsed.
///
/// Two cells with the same key are the same name written twice.
pub fn normalise(name: &str) -> String {
    let ascii = deunicode::deunicode(name);
    let mut out = String::with_capacity(ascii.len());
    let mut space = false;
    for c in ascii.chars() {
        if c == '\'' || c == '`' {
            // "O'Neill" and "ONeill" are one surname; a space would split it.
            continue;
        }
        if c.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// One word of a name: a whole word, or an initial (a single letter, "E." or "E").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A word of two or more letters.
    Word(String),
    /// A single letter standing for a word.
    Initial(char),
}

impl Token {
    fn from_word(w: &str) -> Token {
        let mut chars = w.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Token::Initial(c),
            _ => Token::Word(w.to_string()),
        }
    }

    /// The token's first letter.
    pub fn initial(&self) -> char {
        match self {
            Token::Word(w) => w.chars().next().unwrap_or(' '),
            Token::Initial(c) => *c,
        }
    }

    /// The whole word, if this is not an initial.
    pub fn word(&self) -> Option<&str> {
        match self {
            Token::Word(w) => Some(w),
            Token::Initial(_) => None,
        }
    }
}

/// A person's name split for comparison: first name, middle names or initials, surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The first name (or its initial).
    pub first: Token,
    /// Middle names or initials, in order.
    pub middles: Vec<Token>,
    /// The surname (or its initial); `None` for a name of one word ("Dave").
    pub last: Option<Token>,
}

impl PersonName {
    /// Splits a normalised key ([`normalise`]) into a name; `None` for an empty key.
    pub fn parse(key: &str) -> Option<PersonName> {
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let (first, rest) = words.split_first()?;
        let first = Token::from_word(first);
        let Some((last, middles)) = rest.split_last() else {
            return Some(PersonName {
                first,
                middles: Vec::new(),
                last: None,
            });
        };
        Some(PersonName {
            first,
            middles: middles.iter().map(|w| Token::from_word(w)).collect(),
            last: Some(Token::from_word(last)),
        })
    }

    /// True when both the first name and the surname are written out in full: the name
    /// could stand for one person. "Dave O." and "D. Okafor" are short forms.
    pub fn is_full(&self) -> bool {
        matches!(
            (&self.first, &self.last),
            (Token::Word(_), Some(Token::Word(_)))
        )
    }
}

/// Kith's table of names that are one name, as shipped (`assets/nicknames.csv`, with the
/// sources of each language's forms in its header).
const NICKNAMES_CSV: &str = include_str!("../../assets/nicknames.csv");

/// Names that are one name: a formal first name (or surname) and the forms people write for
/// it, in English and the languages of the neighbourhoods studies run in (Polish,
/// Urdu/Punjabi, Bengali, Arabic, Somali, Yoruba, Igbo, Twi, Romanian, Portuguese, Spanish,
/// Chinese romanisations). A form may belong to several groups ("Jo" is Joanne and
/// Josephine; "Chris" is Christopher and Christine): such a name fits more than one person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NicknameTable {
    /// First-name groups, the formal name first.
    first: Vec<Vec<String>>,
    /// Surname groups (romanisations of one surname), the usual spelling first.
    surnames: Vec<Vec<String>>,
    /// First name -> its groups, sorted.
    first_index: HashMap<String, Vec<u16>>,
    /// Surname -> its groups, sorted.
    surname_index: HashMap<String, Vec<u16>>,
}

impl NicknameTable {
    /// The table Kith ships.
    pub fn standard() -> &'static NicknameTable {
        static TABLE: LazyLock<NicknameTable> =
            LazyLock::new(|| NicknameTable::parse(NICKNAMES_CSV));
        &TABLE
    }

    /// Reads a table in the shipped format: `kind,language,names` lines, `kind` being
    /// `first` or `surname` and the names separated by `|`; `#` lines and the header are
    /// skipped, and so are lines of another kind.
    pub fn parse(text: &str) -> NicknameTable {
        let mut table = NicknameTable::default();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') || line.starts_with("kind,") {
                continue;
            }
            let mut cells = line.splitn(3, ',');
            let (Some(kind), Some(_language), Some(names)) =
                (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            let names: Vec<String> = names.split('|').map(normalise).collect();
            match kind.trim() {
                "first" => table.add_first(names),
                "surname" => table.add_surname(names),
                _ => {}
            }
        }
        table
    }

    /// The table with more first-name groups, such as a recipe's `matching.nicknames`.
    pub fn with_first_names(&self, groups: &[Vec<String>]) -> NicknameTable {
        let mut table = self.clone();
        for g in groups {
            table.add_first(g.iter().map(|n| normalise(n)).collect());
        }
        table
    }

    fn add_first(&mut self, names: Vec<String>) {
        add_group(&mut self.first, &mut self.first_index, names);
    }

    fn add_surname(&mut self, names: Vec<String>) {
        add_group(&mut self.surnames, &mut self.surname_index, names);
    }

    /// The groups a first name belongs to (indices into the table), sorted.
    pub fn groups(&self, first: &str) -> &[u16] {
        self.first_index.get(first).map_or(&[], Vec::as_slice)
    }

    /// The groups a surname belongs to, sorted.
    pub fn surname_groups(&self, last: &str) -> &[u16] {
        self.surname_index.get(last).map_or(&[], Vec::as_slice)
    }

    /// The formal name of a first-name group, for evidence sentences.
    pub fn formal(&self, group: u16) -> &str {
        self.first
            .get(group as usize)
            .and_then(|g| g.first())
            .map_or("", String::as_str)
    }

    /// True for a formal first name ("Michael"), false for a nickname ("Mike"); a name the
    /// table does not know counts as formal.
    pub fn is_formal(&self, first: &str) -> bool {
        let groups = self.groups(first);
        groups.is_empty() || groups.iter().any(|g| self.formal(*g) == first)
    }

    /// How many first-name groups the table holds.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Whether the table holds no first-name group.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }
}

fn add_group(
    groups: &mut Vec<Vec<String>>,
    index: &mut HashMap<String, Vec<u16>>,
    names: Vec<String>,
) {
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    if names.len() < 2 {
        return;
    }
    let g = groups.len() as u16;
    for n in &names {
        let e = index.entry(n.clone()).or_default();
        if !e.contains(&g) {
            e.push(g);
        }
    }
    groups.push(names);
}

/// The nickname groups a first name belongs to in the shipped table, sorted.
pub fn nickname_groups(first: &str) -> &'static [u16] {
    NicknameTable::standard().groups(first)
}

/// True for a formal first name ("Michael"), false for a nickname ("Mike"), in the shipped
/// table; a name the table does not know counts as formal.
pub fn is_formal(first: &str) -> bool {
    NicknameTable::standard().is_formal(first)
}

/// How sure a name comparison is, with one sentence per piece of evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct NameMatch {
    /// From 0 (no reason to think so) to 1 (the same name).
    pub score: f64,
    /// What was found, one short phrase each: "nickname: dave = david".
    pub evidence: Vec<String>,
}

/// Weights of each kind of name difference, multiplied together. A pair above
/// [`super::matching::AUTO_MERGE_THRESHOLD`] (0.8) may be merged automatically; the
/// factors are set so that one nickname, one initial or one typo alone passes, while a
/// typo with anything else, a surname initial matched against another short form, or a
/// middle initial written in only one of two full names does not without network evidence.
mod weight {
    pub const NICKNAME: f64 = 0.92;
    pub const FIRST_INITIAL: f64 = 0.9;
    pub const LAST_INITIAL: f64 = 0.92;
    pub const BOTH_SHORT: f64 = 0.82;
    pub const TYPO: f64 = 0.85;
    /// First names one letter apart are more often two names than one typo ("Maria" and
    /// "Marie"): below the threshold without network evidence.
    pub const FIRST_TYPO: f64 = 0.78;
    pub const MIDDLE_IN_ONE: f64 = 0.65;
}

/// Compares two names with the shipped nickname table; `None` when they cannot be one
/// person (different first names or surnames, conflicting middle initials, or too little
/// written to tell).
pub fn compare(a: &PersonName, b: &PersonName) -> Option<NameMatch> {
    compare_with(a, b, NicknameTable::standard())
}

/// Compares two names as [`compare`] does, with a nickname table of the study's own.
pub fn compare_with(a: &PersonName, b: &PersonName, table: &NicknameTable) -> Option<NameMatch> {
    let mut score = 1.0;
    let mut evidence = Vec::new();
    // A one-word name ("Dave", "Mum") says too little to match anyone on its own.
    let (la, lb) = (a.last.as_ref()?, b.last.as_ref()?);
    match (&a.first, &b.first) {
        (Token::Word(x), Token::Word(y)) if x == y => {}
        (Token::Word(x), Token::Word(y)) => {
            let (gx, gy) = (table.groups(x), table.groups(y));
            if let Some(g) = gx.iter().find(|g| gy.contains(g)) {
                score *= weight::NICKNAME;
                let formal = table.formal(*g);
                evidence.push(if formal == x || formal == y {
                    format!("nickname: {x} = {y}")
                } else {
                    format!("nickname: {x} = {y} ({formal})")
                });
            } else if is_typo(x, y) {
                score *= weight::FIRST_TYPO;
                evidence.push(format!("first names one letter apart: {x} / {y}"));
            } else {
                return None;
            }
        }
        (Token::Initial(c), Token::Word(w)) | (Token::Word(w), Token::Initial(c)) => {
            if !w.starts_with(*c) {
                return None;
            }
            score *= weight::FIRST_INITIAL;
            evidence.push(format!("first initial: {} = {w}", c.to_ascii_uppercase()));
        }
        (Token::Initial(x), Token::Initial(y)) => {
            if x != y {
                return None;
            }
            // Two initials and a surname: too little to join on the name alone.
            score *= weight::FIRST_INITIAL * weight::BOTH_SHORT;
            evidence.push("both give only a first initial".into());
        }
    }
    let mut short = !matches!(a.first, Token::Word(_)) || !matches!(b.first, Token::Word(_));
    match (la, lb) {
        (Token::Word(x), Token::Word(y)) if x == y => {}
        (Token::Word(x), Token::Word(y)) => {
            let (gx, gy) = (table.surname_groups(x), table.surname_groups(y));
            if gx.iter().any(|g| gy.contains(g)) {
                score *= weight::NICKNAME;
                evidence.push(format!("one surname romanised two ways: {x} / {y}"));
            } else if is_typo(x, y) {
                score *= weight::TYPO;
                evidence.push(format!("surnames one letter apart: {x} / {y}"));
            } else {
                return None;
            }
        }
        (Token::Initial(c), Token::Word(w)) | (Token::Word(w), Token::Initial(c)) => {
            if !w.starts_with(*c) {
                return None;
            }
            if short {
                // "D. O." against "David Okafor": nothing but two letters agree.
                return None;
            }
            score *= weight::LAST_INITIAL;
            short = true;
            evidence.push(format!(
                "surname initial: {}. = {w}",
                c.to_ascii_uppercase()
            ));
        }
        (Token::Initial(x), Token::Initial(y)) => {
            if x != y || short {
                return None;
            }
            score *= weight::BOTH_SHORT;
            short = true;
            evidence.push("both give only a surname initial".into());
        }
    }
    match (a.middles.is_empty(), b.middles.is_empty()) {
        (false, false) => {
            let ia: Vec<char> = a.middles.iter().map(Token::initial).collect();
            let ib: Vec<char> = b.middles.iter().map(Token::initial).collect();
            if ia != ib {
                return None;
            }
        }
        (true, true) => {}
        _ => {
            // Short forms leave out middle names as a matter of course; two full names that
            // differ only by a middle initial are often two people the initial tells apart.
            if !short {
                score *= weight::MIDDLE_IN_ONE;
                evidence.push("middle initial in one name only".into());
            }
        }
    }
    Some(NameMatch { score, evidence })
}

/// One edit apart (Damerau-Levenshtein, so a swapped pair counts as one), for words long
/// enough that one letter is a slip rather than another name ("Jon"/"Jan" are not typos),
/// and not a final "a" or "e" more, which makes another name ("Michael"/"Michaela",
/// "Louis"/"Louise").
fn is_typo(a: &str, b: &str) -> bool {
    let long = a.len().min(b.len()) >= 5;
    let (short, longer) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let suffix = longer
        .strip_prefix(short)
        .is_some_and(|rest| rest == "a" || rest == "e");
    long && !suffix && a.chars().next() == b.chars().next() && damerau_levenshtein(a, b) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> PersonName {
        PersonName::parse(&normalise(s)).unwrap()
    }

    fn score(a: &str, b: &str) -> Option<f64> {
        compare(&name(a), &name(b)).map(|m| m.score)
    }

    #[test]
    fn normalisation_folds_case_spacing_accents_and_punctuation() {
        assert_eq!(normalise("  ZOË   Ali "), "zoe ali");
        assert_eq!(normalise("Łucja B. Hussain"), "lucja b hussain");
        assert_eq!(normalise("Sarah O'Neill"), normalise("sarah o’neill"));
        assert_eq!(normalise("Grace Müller"), "grace muller");
        assert_eq!(normalise("Mary-Jane  Smith"), "mary jane smith");
        assert_eq!(normalise("Renée"), normalise("Renee"));
        assert_eq!(normalise("?!"), "");
    }

    #[test]
    fn parse_splits_first_middles_and_last() {
        let n = name("Kerry E. Mensah");
        assert_eq!(n.first, Token::Word("kerry".into()));
        assert_eq!(n.middles, vec![Token::Initial('e')]);
        assert_eq!(n.last, Some(Token::Word("mensah".into())));
        assert!(n.is_full());
        assert!(!name("Dave O.").is_full());
        assert_eq!(name("Dave").last, None);
    }

    #[test]
    fn nicknames_initials_and_typos_match() {
        assert!(score("Dave Okafor", "David Okafor").unwrap() >= 0.9);
        assert!(score("Jo Ali", "Joanne Ali").unwrap() >= 0.9);
        assert!(score("Mike O'Neill", "Michael O'Neill").unwrap() >= 0.9);
        assert!(score("Mo Campbell", "Mohammed Campbell").unwrap() >= 0.9);
        assert!(score("Sally Kowalski", "Sarah Kowalski").unwrap() >= 0.9);
        assert!(score("Steven Okafor", "Steve Okafor").unwrap() >= 0.9);
        assert!(score("David O.", "David Okafor").unwrap() >= 0.9);
        assert!(score("Dave O.", "David Okafor").unwrap() >= 0.8);
        assert!(score("D. Okafor", "David Okafor").unwrap() >= 0.8);
        assert!(score("Aisha S.", "Aisha G. Smith").unwrap() >= 0.9);
        assert!(score("Mohammed Adeymi", "Mohammed Adeyemi").unwrap() >= 0.8);
    }

    #[test]
    fn different_people_do_not_match() {
        assert_eq!(score("David Okafor", "David Osei"), None);
        assert_eq!(score("David O.", "David Mensah"), None);
        assert_eq!(score("Dan Jones", "Dave Jones"), None);
        assert_eq!(score("Kerry E. Mensah", "Kerry J. Mensah"), None);
        assert_eq!(score("Dave", "David Okafor"), None);
        assert_eq!(score("D. O.", "David Okafor"), None);
        // Short names one letter apart are different names, not typos; nor is a final "a".
        assert_eq!(score("Jon Ali", "Jan Ali"), None);
        assert_eq!(score("Michael Jones", "Michaela Jones"), None);
        // A first name one letter off is only a weak match.
        assert!(score("Mohamed Ali", "Mohammad Ali").unwrap() >= 0.9);
        assert!(score("Andrzej Ali", "Andrezj Ali").unwrap() < 0.8);
    }

    #[test]
    fn a_middle_initial_in_one_name_only_is_a_weak_match() {
        let s = score("Kerry E. Mensah", "Kerry Mensah").unwrap();
        assert!(s < 0.8 && s > 0.5, "{s}");
        // But short forms drop middle names as a matter of course.
        assert!(score("Kerry M.", "Kerry E. Mensah").unwrap() >= 0.9);
    }

    #[test]
    fn nicknames_beyond_english_match() {
        for (a, b) in [
            ("Tom Nowak", "Tomasz Nowak"),
            ("Kasia Nowak", "Katarzyna Nowak"),
            ("Gosia Khan", "Małgorzata Khan"),
            ("Funmi Adeyemi", "Olufunmilayo Adeyemi"),
            ("Mo Hussain", "Mohammed Hussain"),
            ("Emeka Okafor", "Chukwuemeka Okafor"),
            ("Kobby Mensah", "Kwabena Mensah"),
            ("Paco Silva", "Francisco Silva"),
            ("Zé Silva", "José Silva"),
            ("Gica Popescu", "Gheorghe Popescu"),
            ("Maxamed Cali", "Mohamed Cali"),
            ("Wei Wong", "Wei Wang"),
        ] {
            assert!(score(a, b).is_some_and(|s| s >= 0.9), "{a} / {b}");
        }
        assert_eq!(score("Kasia Nowak", "Gosia Nowak"), None);
    }

    #[test]
    fn a_recipe_adds_nickname_groups() {
        let extra =
            NicknameTable::standard().with_first_names(&[vec!["Bolesław".into(), "Bolek".into()]]);
        let (a, b) = (name("Bolek Nowak"), name("Boleslaw Nowak"));
        assert!(compare(&a, &b).is_none());
        assert!(compare_with(&a, &b, &extra).is_some_and(|m| m.score >= 0.9));
        assert!(extra.len() > NicknameTable::standard().len());
        assert!(!extra.is_formal("bolek"));
    }

    #[test]
    fn the_shipped_table_reads_every_line() {
        let lines = NICKNAMES_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#') && !l.starts_with("kind,"))
            .count();
        let t = NicknameTable::standard();
        assert_eq!(t.first.len() + t.surnames.len(), lines);
        assert!(t.first.iter().chain(&t.surnames).all(|g| g.len() >= 2));
    }

    #[test]
    fn nickname_groups_can_overlap() {
        assert_eq!(nickname_groups("jo").len(), 3);
        assert!(nickname_groups("zebedee").is_empty());
    }
}
