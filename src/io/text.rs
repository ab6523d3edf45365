//! Turning the bytes of a text file into a string, and finding its delimiter.

use std::borrow::Cow;

/// Decodes a text file: UTF-8 (a byte-order mark is dropped), UTF-16 with a byte-order
/// mark, or Windows-1252 when the bytes are not valid UTF-8 (old Excel exports). Line
/// endings are left as they are.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (text, _) = encoding.decode_without_bom_handling(body);
        return text;
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

/// The delimiters Kith recognises, in order of preference when the counts tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Guesses the delimiter of a delimited text: the candidate that splits the first lines into
/// the same number (greater than one) of cells most consistently, quotes respected.
///
/// Written here because the csv crate reads a known delimiter but does not guess one, and
/// the sniffing crates are unmaintained.
pub fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for &d in &DELIMITERS {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == first).count();
        // More lines agreeing wins; among equals, more cells.
        if (agreeing, first) > (best.1, best.2) {
            best = (d, agreeing, first);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_windows_1252() {
        assert_eq!(decode(b"\xEF\xBB\xBFid,name"), "id,name");
        assert_eq!(decode(b"\xFF\xFEa\x00,\x00b\x00"), "a,b");
        assert_eq!(decode(b"\xFE\xFF\x00a\x00,\x00b"), "a,b");
        assert_eq!(decode(b"Ren\xE9e"), "Renée");
        assert_eq!(decode("Renée".as_bytes()), "Renée");
    }

    #[test]
    fn sniffs_each_delimiter_and_respects_quotes() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\r\n1;2,5;3\r\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter("name;note\n\"Smith, J\";x\n"), b';');
    }
}
