//! Which attribute columns identify people: read from the column's name (the usual
//! spellings and abbreviations of several languages) and from its values (email
//! addresses, phone numbers, UK postcodes, dates of birth, people's names, free text).
//!
//! Written by hand: no crate classifies survey columns for personal data, and the rules are
//! a short list of words and value shapes that a reviewer can read in one sitting.

use std::collections::HashSet;

use crate::model::{AttrType, Attribute, ColumnPrivacy, Study, Value};

/// What a column holds that identifies people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Identifying {
    /// Names of any kind: full, first, last, nickname, alias, written names of alters.
    Names,
    /// Email addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Street addresses.
    Address,
    /// Postcodes or zip codes.
    Postcode,
    /// Dates of birth.
    BirthDate,
    /// NHS, national insurance, passport and other personal numbers.
    PersonalNumber,
    /// Free-text notes and comments, which can say anything about anyone.
    FreeText,
}

impl Identifying {
    /// What the column holds, in words ("email addresses").
    pub fn what(self) -> &'static str {
        match self {
            Identifying::Names => "names",
            Identifying::Email => "email addresses",
            Identifying::Phone => "phone numbers",
            Identifying::Address => "addresses",
            Identifying::Postcode => "postcodes",
            Identifying::BirthDate => "dates of birth",
            Identifying::PersonalNumber => "personal identity numbers",
            Identifying::FreeText => "free text",
        }
    }
}

/// How a column was found to be identifying or analytic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// Marked by hand (a survey recipe, the command line or the workbench).
    Marked,
    /// Its values have the shape of what it holds.
    Values,
    /// Its name says what it holds.
    Name,
}

/// Whether a column may leave Kith when names are hidden, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The column's name.
    pub column: String,
    /// Whether it is a tie attribute (else a node attribute).
    pub tie: bool,
    /// What identifying content it holds (`None`: analytic, kept).
    pub identifying: Option<Identifying>,
    /// How that was found (`None` for analytic columns nobody marked).
    pub evidence: Option<Evidence>,
}

impl Verdict {
    /// Why the column is removed, in one phrase: "looks like email addresses", "its name
    /// says postcodes", "marked identifying".
    pub fn reason(&self) -> String {
        match (self.identifying, self.evidence) {
            (None, Some(Evidence::Marked)) => "marked analytic".into(),
            (None, _) => "analytic".into(),
            (Some(_), Some(Evidence::Marked)) => "marked identifying".into(),
            (Some(Identifying::Names), Some(Evidence::Values)) => "holds people's names".into(),
            (Some(Identifying::FreeText), Some(Evidence::Values)) => "looks like free text".into(),
            (Some(what), Some(Evidence::Values)) => format!("looks like {}", what.what()),
            (Some(what), _) => format!("its name says {}", what.what()),
        }
    }

    /// `"email: looks like email addresses"`, with `(tie)` for a tie attribute.
    pub fn describe(&self) -> String {
        let table = if self.tie { " (tie attribute)" } else { "" };
        format!("{}{table}: {}", self.column, self.reason())
    }
}

/// Every node and tie attribute column of `study` with its verdict, node columns first, in
/// the study's column order.
pub fn classify(study: &Study) -> Vec<Verdict> {
    let people = PeopleNames::of(study);
    let marks = study.column_privacy();
    let one = |a: &Attribute, tie: bool| {
        let (identifying, evidence) = match marks.get(a.name()) {
            Some(ColumnPrivacy::Identifying) => (
                Some(column_kind(a, &people).map_or(Identifying::FreeText, |(k, _)| k)),
                Some(Evidence::Marked),
            ),
            Some(ColumnPrivacy::Analytic) => (None, Some(Evidence::Marked)),
            None => match column_kind(a, &people) {
                Some((k, e)) => (Some(k), Some(e)),
                None => (None, None),
            },
        };
        Verdict {
            column: a.name().to_string(),
            tie,
            identifying,
            evidence,
        }
    };
    let mut out: Vec<Verdict> = study
        .node_attributes()
        .iter()
        .map(|a| one(a, false))
        .collect();
    out.extend(study.tie_attributes().iter().map(|a| one(a, true)));
    out
}

/// The names of `study`'s node attribute columns that are identifying.
pub fn identifying_node_columns(study: &Study) -> HashSet<String> {
    classify(study)
        .into_iter()
        .filter(|v| !v.tie && v.identifying.is_some())
        .map(|v| v.column)
        .collect()
}

/// What identifying content the column holds and how that shows, or `None` when it is
/// analytic: the values speak first, then the name.
fn column_kind(a: &Attribute, people: &PeopleNames) -> Option<(Identifying, Evidence)> {
    if let Some(k) = by_values(a, people) {
        return Some((k, Evidence::Values));
    }
    by_name(a.name()).map(|k| (k, Evidence::Name))
}

/// One kind of identifying column, told by its name's words: any of `words`, any of `joined`
/// inside the words run together, or a word of each list of a pair in `both`.
struct NameRule {
    kind: Identifying,
    words: &'static [&'static str],
    joined: &'static [&'static str],
    both: &'static [(&'static [&'static str], &'static [&'static str])],
}

/// The rules for contact details, dates of birth, personal numbers, addresses and free text,
/// in the order they are tried; names of people come last ([`by_name`]).
const NAME_RULES: [NameRule; 7] = [
    NameRule {
        kind: Identifying::Email,
        words: &[
            "email",
            "emails",
            "mail",
            "correo",
            "courriel",
            "emailadres",
            "eposta",
            "iimayl",
        ],
        joined: &["emailaddress", "email"],
        both: &[],
    },
    NameRule {
        kind: Identifying::Phone,
        words: &[
            "phone",
            "phones",
            "telephone",
            "tel",
            "telefono",
            "telefone",
            "telefon",
            "telephon",
            "mobile",
            "mob",
            "cell",
            "cellphone",
            "cellular",
            "handy",
            "whatsapp",
            "landline",
            "tlf",
            "telefonu",
            "nambarka",
            "taleefan",
            "foon",
            "fone",
        ],
        joined: &[
            "phonenumber",
            "mobileno",
            "telno",
            "contactnumber",
            "contactno",
        ],
        both: &[(&["contact"], &["number", "no", "details", "info", "tel"])],
    },
    NameRule {
        kind: Identifying::Postcode,
        words: &[
            "postcode",
            "postcodes",
            "postal",
            "zip",
            "zipcode",
            "plz",
            "eircode",
            "postleitzahl",
            "pocztowy",
            "cep",
        ],
        joined: &["postcode", "codigopostal", "codepostal", "kodpocztowy"],
        both: &[],
    },
    NameRule {
        kind: Identifying::BirthDate,
        words: &[
            "dob",
            "birth",
            "birthday",
            "birthdate",
            "born",
            "nacimiento",
            "naissance",
            "nascita",
            "urodzenia",
            "geburtsdatum",
            "geburt",
            "nasterii",
            "nascimento",
            "dogum",
            "dhalashada",
        ],
        joined: &["dateofbirth", "birthdate", "geburtsdatum", "datanasterii"],
        both: &[],
    },
    NameRule {
        kind: Identifying::PersonalNumber,
        words: &[
            "nhs",
            "nino",
            "passport",
            "ssn",
            "pesel",
            "dni",
            "nif",
            "nie",
            "cnp",
            "paszport",
            "pasaporte",
            "passaporte",
            "passeport",
        ],
        joined: &[
            "nationalinsurance",
            "socialsecurity",
            "drivinglicence",
            "drivinglicense",
            "nhsnumber",
            "ninumber",
            "insurancenumber",
        ],
        both: &[(&["ni"], &["number", "no"])],
    },
    NameRule {
        kind: Identifying::Address,
        words: &[
            "address",
            "addresses",
            "addr",
            "street",
            "streetname",
            "addressline",
            "direccion",
            "domicilio",
            "adresse",
            "indirizzo",
            "endereco",
            "adres",
            "ulica",
            "strasse",
            "adresa",
            "cinwaan",
            "morada",
        ],
        joined: &["address", "housenumber", "flatnumber", "houseno", "flatno"],
        both: &[(
            &["house", "flat", "apartment", "door", "road"],
            &["number", "no", "name"],
        )],
    },
    NameRule {
        kind: Identifying::FreeText,
        words: &[
            "note",
            "notes",
            "comment",
            "comments",
            "remark",
            "remarks",
            "memo",
            "freetext",
            "specify",
            "observation",
            "observations",
            "observaciones",
            "uwagi",
            "bemerkung",
            "bemerkungen",
            "kommentar",
            "commentaire",
            "commentaires",
            "nota",
            "notas",
            "comentario",
            "comentarios",
            "opmerking",
            "opmerkingen",
            "notatki",
            "narrative",
            "verbatim",
        ],
        joined: &[],
        both: &[(&["free"], &["text"]), (&["anything"], &["else"])],
    },
];

/// The identifying content a column's name announces, in English and in the languages of
/// the neighbourhoods these studies run in (Polish, Urdu and Punjabi romanised, Bengali,
/// Arabic, Somali, Yoruba, Romanian, Portuguese, Spanish, French, Italian, German, Dutch,
/// Turkish).
pub fn by_name(name: &str) -> Option<Identifying> {
    let words = words(name);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let joined: String = words.concat();
    let joined_has = |list: &[&str]| list.iter().any(|p| joined.contains(p));
    for rule in &NAME_RULES {
        if has(rule.words)
            || joined_has(rule.joined)
            || rule.both.iter().any(|(x, y)| has(x) && has(y))
        {
            return Some(rule.kind);
        }
    }
    const NAME_WORDS: [&str; 47] = [
        "name",
        "names",
        "firstname",
        "forename",
        "forenames",
        "surname",
        "surnames",
        "lastname",
        "fullname",
        "givenname",
        "familyname",
        "nickname",
        "nicknames",
        "nick",
        "alias",
        "aliases",
        "aka",
        "alsoknownas",
        "maidenname",
        "middlename",
        "initials",
        "written",
        "nombre",
        "nombres",
        "apellido",
        "apellidos",
        "nom",
        "prenom",
        "nome",
        "cognome",
        "sobrenome",
        "imie",
        "nazwisko",
        "naam",
        "voornaam",
        "achternaam",
        "vorname",
        "nachname",
        "familienname",
        "isim",
        "soyad",
        "soyadi",
        "ism",
        "magac",
        "oruko",
        "nume",
        "prenume",
    ];
    let names = has(&NAME_WORDS)
        || joined_has(&[
            "firstname",
            "lastname",
            "fullname",
            "surname",
            "alsoknownas",
        ])
        || (has(&["known"]) && has(&["as"]));
    // "place name", "group name", "scale name" name things, not people.
    let of_a_thing = has(&[
        "place",
        "places",
        "group",
        "groups",
        "org",
        "organisation",
        "organization",
        "school",
        "venue",
        "team",
        "service",
        "services",
        "area",
        "ward",
        "neighbourhood",
        "neighborhood",
        "estate",
        "site",
        "project",
        "programme",
        "program",
        "scale",
        "item",
        "wave",
        "file",
        "relation",
        "column",
        "variable",
        "event",
        "club",
        "church",
        "mosque",
        "temple",
        "gurdwara",
        "language",
        "country",
        "city",
        "town",
        "village",
        "study",
        "survey",
        "business",
        "shop",
        "employer",
        "company",
        "course",
        "activity",
    ]);
    (names && !of_a_thing).then_some(Identifying::Names)
}

/// The words of a column name, lower case and without accents: `DateOfBirth`,
/// `date_of_birth` and `Date of birth` all give `date`, `of`, `birth`.
fn words(name: &str) -> Vec<String> {
    let plain = deunicode::deunicode(name);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in plain.chars() {
        if c.is_ascii_alphanumeric() {
            // A capital after a small letter starts a word (camelCase).
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            cur.push(c.to_ascii_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    // Digits on their own ("name_2") say nothing.
    out.retain(|w| !w.bytes().all(|b| b.is_ascii_digit()));
    for w in &mut out {
        // "phone2", "email1": a trailing number is an item number.
        while w.len() > 1 && w.ends_with(|c: char| c.is_ascii_digit()) {
            w.pop();
        }
    }
    out
}

/// The normalised names and ids of a study's people, to recognise columns that repeat them.
struct PeopleNames(HashSet<String>);

impl PeopleNames {
    fn of(study: &Study) -> Self {
        let mut set = HashSet::new();
        for n in study.nodes().iter().filter(|n| n.kind.is_person()) {
            for s in [&n.label, &n.id] {
                let k = fold(s);
                // Short or letter-free keys ("7", "R1") are not names.
                if k.chars().count() >= 3 && k.chars().any(char::is_alphabetic) {
                    set.insert(k);
                }
            }
        }
        PeopleNames(set)
    }
}

/// Lower case, accents folded, runs of spaces as one.
fn fold(s: &str) -> String {
    deunicode::deunicode(s)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The identifying content a column's values show, when most of them show it.
fn by_values(a: &Attribute, people: &PeopleNames) -> Option<Identifying> {
    // A sample is enough to see a shape; columns of thousands are read in their first 2,000.
    let present: Vec<&Value> = a.values().iter().flatten().take(2000).collect();
    if present.is_empty() {
        return None;
    }
    if a.ty() == AttrType::Numeric {
        // Phone and identity numbers typed as numbers: long whole numbers.
        let long = present
            .iter()
            .filter(|v| {
                v.as_number()
                    .is_some_and(|x| x.fract() == 0.0 && (1e8..1e13).contains(&x.abs()))
            })
            .count();
        return (long * 10 >= present.len() * 8).then_some(Identifying::Phone);
    }
    let texts: Vec<&str> = present
        .iter()
        .map(|v| match v {
            Value::Text(t) => t.trim(),
            Value::Number(_) => "",
        })
        .filter(|t| !t.is_empty())
        .collect();
    if texts.is_empty() {
        return None;
    }
    let share = |f: &dyn Fn(&str) -> bool| {
        texts.iter().filter(|t| f(t)).count() as f64 / texts.len() as f64
    };
    if share(&is_email) >= 0.5 {
        return Some(Identifying::Email);
    }
    if share(&is_uk_postcode) >= 0.5 {
        return Some(Identifying::Postcode);
    }
    if share(&is_phone) >= 0.5 {
        return Some(Identifying::Phone);
    }
    if share(&is_street_address) >= 0.5 {
        return Some(Identifying::Address);
    }
    if birth_dates(&texts) {
        return Some(Identifying::BirthDate);
    }
    let distinct: HashSet<String> = texts.iter().map(|t| fold(t)).collect();
    let known = distinct.iter().filter(|t| people.0.contains(*t)).count();
    if known >= 2 && known * 2 >= distinct.len() {
        return Some(Identifying::Names);
    }
    let unique = distinct.len() as f64 / texts.len() as f64;
    if distinct.len() >= 5 && unique >= 0.9 && share(&looks_like_person_name) >= 0.7 {
        return Some(Identifying::Names);
    }
    if unique >= 0.5 && share(&is_free_text) >= 0.5 {
        return Some(Identifying::FreeText);
    }
    None
}

/// `name@host.tld`.
fn is_email(t: &str) -> bool {
    let Some((user, host)) = t.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && !user.contains(char::is_whitespace)
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains(char::is_whitespace)
}

/// Nine to fifteen digits, written with spaces, dashes, dots, brackets or a leading `+`.
fn is_phone(t: &str) -> bool {
    let mut digits = 0;
    for (i, c) in t.chars().enumerate() {
        match c {
            '0'..='9' => digits += 1,
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            _ => return false,
        }
    }
    (9..=15).contains(&digits)
}

/// A full UK postcode: `SW1A 1AA`, `M14 5RF`, `B33 8TH`, with or without the space.
fn is_uk_postcode(t: &str) -> bool {
    let s: Vec<char> = t
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&s.len()) {
        return false;
    }
    // The inward code: a digit and two letters.
    let (outward, inward) = s.split_at(s.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic();
    // The outward code: one or two letters, a digit, then a digit or letter at most.
    let letters = outward
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let rest = &outward[letters..];
    let outward_ok = (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 2
        && rest[0].is_ascii_digit()
        && rest.iter().all(|c| c.is_ascii_alphanumeric());
    inward_ok && outward_ok
}

/// A house number and a street: `12 Acacia Avenue`, `Flat 3, 4 Mill Lane`.
fn is_street_address(t: &str) -> bool {
    const STREETS: [&str; 24] = [
        "street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
        "court", "ct", "crescent", "place", "terrace", "grove", "gardens", "square", "hill",
        "walk", "row", "mews",
    ];
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let number = words
        .iter()
        .any(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
    number && words.len() >= 3 && words.iter().skip(1).any(|w| STREETS.contains(w))
}

/// Two to four capitalised words of letters: `Ann Smith`, `Mary-Jane O'Neill`.
fn looks_like_person_name(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let mut c = w.chars();
            c.next().is_some_and(char::is_uppercase)
                && c.all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.' | '’'))
        })
}

/// A sentence rather than a category: five words or more, or forty characters.
fn is_free_text(t: &str) -> bool {
    t.split_whitespace().count() >= 5 || t.chars().count() >= 40
}

/// Whether most values are full dates that spread over years as birth dates do (survey
/// and visit dates fall within a few years; birth dates over decades).
fn birth_dates(texts: &[&str]) -> bool {
    let years: Vec<i32> = texts.iter().filter_map(|t| date_year(t)).collect();
    if years.len() < 2 || years.len() * 10 < texts.len() * 8 {
        return false;
    }
    let (lo, hi) = years
        .iter()
        .fold((i32::MAX, i32::MIN), |(lo, hi), &y| (lo.min(y), hi.max(y)));
    let mut sorted = years.clone();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    hi - lo >= 10 || median < 2005
}

/// The year of a full date: `1984-03-21`, `21/03/1984`, `21.03.1984`, `3-21-1984`.
fn date_year(t: &str) -> Option<i32> {
    let parts: Vec<&str> = t.trim().split(['-', '/', '.']).map(str::trim).collect();
    if parts.len() != 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n: Vec<i32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    let (year, a, b) = if parts[0].len() == 4 {
        (n[0], n[1], n[2])
    } else if parts[2].len() == 4 {
        (n[2], n[0], n[1])
    } else {
        return None;
    };
    let plausible = |d: i32, m: i32| (1..=31).contains(&d) && (1..=12).contains(&m);
    ((1900..=2100).contains(&year) && (plausible(a, b) || plausible(b, a))).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeKind;

    #[test]
    fn names_of_columns_in_several_languages() {
        for (name, want) in [
            ("name", Some(Identifying::Names)),
            ("First Name", Some(Identifying::Names)),
            ("lastName", Some(Identifying::Names)),
            ("full_name", Some(Identifying::Names)),
            ("nickname", Some(Identifying::Names)),
            ("also_known_as", Some(Identifying::Names)),
            ("nazwisko", Some(Identifying::Names)),
            ("Nombre", Some(Identifying::Names)),
            ("prénom", Some(Identifying::Names)),
            ("written_name", Some(Identifying::Names)),
            ("E-mail", Some(Identifying::Email)),
            ("email_address", Some(Identifying::Email)),
            ("correo", Some(Identifying::Email)),
            ("phone", Some(Identifying::Phone)),
            ("Mobile No.", Some(Identifying::Phone)),
            ("tel", Some(Identifying::Phone)),
            ("contact_number", Some(Identifying::Phone)),
            ("Teléfono", Some(Identifying::Phone)),
            ("address", Some(Identifying::Address)),
            ("street", Some(Identifying::Address)),
            ("house_number", Some(Identifying::Address)),
            ("adres", Some(Identifying::Address)),
            ("postcode", Some(Identifying::Postcode)),
            ("Post Code", Some(Identifying::Postcode)),
            ("zip", Some(Identifying::Postcode)),
            ("kod_pocztowy", Some(Identifying::Postcode)),
            ("DOB", Some(Identifying::BirthDate)),
            ("date_of_birth", Some(Identifying::BirthDate)),
            ("DateOfBirth", Some(Identifying::BirthDate)),
            ("fecha_nacimiento", Some(Identifying::BirthDate)),
            ("NHS number", Some(Identifying::PersonalNumber)),
            ("national_insurance", Some(Identifying::PersonalNumber)),
            ("NI no", Some(Identifying::PersonalNumber)),
            ("passport", Some(Identifying::PersonalNumber)),
            ("notes", Some(Identifying::FreeText)),
            ("Interviewer comments", Some(Identifying::FreeText)),
            ("other_specify", Some(Identifying::FreeText)),
            ("uwagi", Some(Identifying::FreeText)),
            // Analytic: no identifying word, or a name of a thing.
            ("gender", None),
            ("employment_status", None),
            ("migration_status", None),
            ("wemwbs", None),
            ("swemwbs_3", None),
            ("life_satisfaction", None),
            ("age_band", None),
            ("household_size", None),
            ("housing_tenure", None),
            ("place_name", None),
            ("group_name", None),
            ("nomination_count", None),
            ("contact_frequency", None),
            ("mobility", None),
            ("telling", None),
            ("religion", None),
        ] {
            assert_eq!(by_name(name), want, "{name}");
        }
    }

    #[test]
    fn value_shapes() {
        assert!(is_email("ann.smith@example.org"));
        assert!(!is_email("@home"));
        assert!(is_phone("07700 900123"));
        assert!(is_phone("+44 (0)161 496 0000"));
        assert!(!is_phone("42"));
        assert!(!is_phone("2024-03-01"));
        assert!(is_uk_postcode("SW1A 1AA"));
        assert!(is_uk_postcode("m14 5rf"));
        assert!(is_uk_postcode("B338TH"));
        assert!(!is_uk_postcode("employed"));
        assert!(!is_uk_postcode("M14"));
        assert!(is_street_address("12 Acacia Avenue"));
        assert!(is_street_address("Flat 3, 4 Mill Lane"));
        assert!(!is_street_address("Employed full time"));
        assert_eq!(date_year("1984-03-21"), Some(1984));
        assert_eq!(date_year("21/03/1984"), Some(1984));
        assert_eq!(date_year("3.21.1984"), Some(1984));
        assert_eq!(date_year("21/13/84"), None);
        assert!(birth_dates(&["1984-03-21", "1962-11-02", "1999-07-30"]));
        assert!(!birth_dates(&["2024-03-21", "2024-03-22", "2025-01-30"]));
        assert!(looks_like_person_name("Mary-Jane O'Neill"));
        assert!(!looks_like_person_name("unemployed"));
    }

    fn column(name: &str, values: &[&str]) -> Attribute {
        let cells: Vec<Option<&str>> = values.iter().map(|v| Some(*v)).collect();
        Attribute::infer(name, &cells)
    }

    #[test]
    fn values_speak_before_names_and_marks_before_both() {
        let mut s = Study::new(false);
        for (id, label) in [
            ("R1", "Ann Smith"),
            ("R2", "Bob Jones"),
            ("R3", "Cy Young"),
            ("R4", "Dee Patel"),
            ("R5", "Eve Okafor"),
        ] {
            s.add_node(id, label, NodeKind::Respondent).unwrap();
        }
        s.put_node_attribute(column(
            "contact",
            &["a@x.org", "b@y.org", "c@z.org", "d@w.org", "e@v.org"],
        ));
        s.put_node_attribute(column(
            "best_friend",
            &["bob jones", "Ann Smith", "", "", ""],
        ));
        s.put_node_attribute(column("gender", &["woman", "man", "man", "woman", "woman"]));
        s.put_node_attribute(column("where", &["M14 5RF", "B33 8TH", "SW1A 1AA", "", ""]));
        s.put_node_attribute(column("code", &["0770090012", "0770090013", "", "", ""]));
        s.put_node_attribute(column("wemwbs", &["50", "44", "61", "38", "52"]));
        s.put_node_attribute(column("surname", &["Smith", "Jones", "", "", ""]));
        s.put_node_attribute(column("first_name", &["A", "B", "C", "D", "E"]));
        s.mark_column("first_name", Some(ColumnPrivacy::Analytic));
        s.mark_column("gender", Some(ColumnPrivacy::Identifying));
        let v = classify(&s);
        let reason = |c: &str| v.iter().find(|x| x.column == c).unwrap().reason();
        assert_eq!(reason("contact"), "looks like email addresses");
        assert_eq!(reason("best_friend"), "holds people's names");
        assert_eq!(reason("where"), "looks like postcodes");
        assert_eq!(reason("code"), "looks like phone numbers");
        assert_eq!(reason("wemwbs"), "analytic");
        assert_eq!(reason("surname"), "its name says names");
        assert_eq!(reason("first_name"), "marked analytic");
        assert_eq!(reason("gender"), "marked identifying");
        let ids = identifying_node_columns(&s);
        assert!(ids.contains("gender") && !ids.contains("first_name") && !ids.contains("wemwbs"));
    }
}
