//! Reading back what Kith writes into PDF files: every stream inflated, and the text a
//! page shows (glyph codes mapped through the fonts' ToUnicode tables).
#![allow(clippy::unwrap_used, dead_code)]

/// Every string in a PDF's streams, inflated where compressed, as text.
pub fn pdf_text(pdf: &[u8]) -> String {
    let mut out = String::from_utf8_lossy(pdf).into_owned();
    let mut at = 0;
    while let Some(k) = find(&pdf[at..], b"stream") {
        let mut start = at + k + b"stream".len();
        while start < pdf.len() && (pdf[start] == b'\r' || pdf[start] == b'\n') {
            start += 1;
        }
        let Some(end) = find(&pdf[start..], b"endstream") else {
            break;
        };
        let body = &pdf[start..start + end];
        if let Ok(inflated) = miniz_oxide::inflate::decompress_to_vec_zlib(body) {
            out.push_str(&String::from_utf8_lossy(&inflated));
        }
        at = start + end;
    }
    out
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The objects of a PDF: number to (dictionary text, stream bytes inflated if possible).
pub fn pdf_objects(pdf: &[u8]) -> std::collections::BTreeMap<u32, (String, Vec<u8>)> {
    let mut out = std::collections::BTreeMap::new();
    let mut at = 0;
    while let Some(k) = find(&pdf[at..], b" 0 obj\n") {
        let head = &pdf[..at + k];
        let num_start = head
            .iter()
            .rposition(|c| !c.is_ascii_digit())
            .map_or(0, |p| p + 1);
        let num: u32 = std::str::from_utf8(&head[num_start..])
            .unwrap_or("")
            .parse()
            .unwrap_or(u32::MAX);
        let body_start = at + k + b" 0 obj\n".len();
        let body_end = find(&pdf[body_start..], b"\nendobj").map_or(pdf.len(), |e| body_start + e);
        let body = &pdf[body_start..body_end];
        let (dict, stream) = match find(body, b"\nstream\n") {
            Some(sk) => {
                let data_start = sk + b"\nstream\n".len();
                let data_end = find(&body[data_start..], b"\nendstream")
                    .map_or(body.len(), |e| data_start + e);
                let data = &body[data_start..data_end];
                let data = miniz_oxide::inflate::decompress_to_vec_zlib(data)
                    .unwrap_or_else(|_| data.to_vec());
                (String::from_utf8_lossy(&body[..sk]).into_owned(), data)
            }
            None => (String::from_utf8_lossy(body).into_owned(), Vec::new()),
        };
        out.insert(num, (dict, stream));
        at = body_end;
    }
    out
}

/// The reference after `/Key` in a dictionary (`/Key 12 0 R` gives 12).
pub fn reference(dict: &str, key: &str) -> Option<u32> {
    let rest = &dict[dict.find(key)? + key.len()..];
    rest.split_whitespace().next()?.parse().ok()
}

/// Decodes the text a PDF shows: glyph codes in literal strings mapped back to characters
/// through each font's ToUnicode table. Enough for svg2pdf's output, which sets text as
/// two-byte codes in Identity-H fonts.
pub fn pdf_shown_text(pdf: &[u8]) -> String {
    let objects = pdf_objects(pdf);
    // Font resource name (fo0, fo1) to its code -> text table.
    let mut fonts: std::collections::BTreeMap<String, std::collections::BTreeMap<u16, String>> =
        Default::default();
    for (dict, _) in objects.values() {
        let Some(start) = dict.find("/Font <<") else {
            continue;
        };
        let inner = &dict[start + 8..];
        let inner = &inner[..inner.find(">>").unwrap_or(inner.len())];
        for line in inner.lines() {
            let mut parts = line.split_whitespace();
            let (Some(name), Some(num)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Ok(num) = num.parse::<u32>() else {
                continue;
            };
            let Some(cmap) = objects
                .get(&num)
                .and_then(|(d, _)| reference(d, "/ToUnicode"))
                .and_then(|r| objects.get(&r))
            else {
                continue;
            };
            let text = String::from_utf8_lossy(&cmap.1);
            let mut table = std::collections::BTreeMap::new();
            for block in text.split("beginbfchar").skip(1) {
                let body = block.split("endbfchar").next().unwrap_or("");
                for line in body.lines() {
                    let hexes: Vec<&str> = line
                        .split(['<', '>'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .collect();
                    if let [code, uni] = hexes[..] {
                        let units: Vec<u16> = (0..uni.len() / 4)
                            .map(|i| u16::from_str_radix(&uni[i * 4..i * 4 + 4], 16).unwrap())
                            .collect();
                        table.insert(
                            u16::from_str_radix(code, 16).unwrap(),
                            String::from_utf16_lossy(&units),
                        );
                    }
                }
            }
            fonts
                .entry(name.trim_start_matches('/').to_string())
                .or_insert(table);
        }
    }
    let mut out = String::new();
    for (_, stream) in objects.values() {
        let (mut font, mut pending) = (String::new(), String::new());
        let mut i = 0;
        while i < stream.len() {
            match stream[i] {
                b'/' => {
                    let end = stream[i + 1..]
                        .iter()
                        .position(|c| c.is_ascii_whitespace())
                        .map_or(stream.len(), |e| i + 1 + e);
                    pending = String::from_utf8_lossy(&stream[i + 1..end]).into_owned();
                    i = end;
                }
                b'T' if stream.get(i + 1) == Some(&b'f') => {
                    font = pending.clone();
                    i += 2;
                }
                b'(' => {
                    let mut bytes = Vec::new();
                    i += 1;
                    while i < stream.len() && stream[i] != b')' {
                        if stream[i] == b'\\' {
                            i += 1;
                            if (b'0'..=b'7').contains(&stream[i]) {
                                let mut v = 0u32;
                                let mut k = 0;
                                while k < 3
                                    && i < stream.len()
                                    && (b'0'..=b'7').contains(&stream[i])
                                {
                                    v = v * 8 + u32::from(stream[i] - b'0');
                                    i += 1;
                                    k += 1;
                                }
                                bytes.push(v as u8);
                                continue;
                            }
                            bytes.push(match stream[i] {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                b'b' => 8,
                                b'f' => 12,
                                c => c,
                            });
                        } else {
                            bytes.push(stream[i]);
                        }
                        i += 1;
                    }
                    if let Some(table) = fonts.get(&font) {
                        for pair in bytes.chunks(2) {
                            if let [a, b] = pair
                                && let Some(t) = table.get(&u16::from_be_bytes([*a, *b]))
                            {
                                out.push_str(t);
                            }
                        }
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
    out
}
