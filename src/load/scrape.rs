//! Undoing what scrapers do to text.
//!
//! The commonest damage is mojibake: UTF-8 bytes read as Windows-1252
//! (`â€™` for `’`, `JoÃ£o` for `João`) or as a Thai code page (`โ` for an
//! em dash). We repair only sequences that decode to valid UTF-8 when
//! re-encoded, so genuine accented text (`Väänänen`, `Estádio`) is left
//! alone.

/// Windows-1252's mapping of bytes 0x80–0x9F; other bytes map to the same
/// code point as in Latin-1. `None` marks the five bytes it leaves undefined.
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// The byte Windows-1252 encodes `c` as, if any.
fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 || (0xA0..=0xFF).contains(&cp) {
        return Some(cp as u8);
    }
    CP1252_HIGH
        .iter()
        .position(|&m| m == Some(c))
        .map(|i| 0x80 + i as u8)
}

/// Repairs UTF-8 that was decoded as Windows-1252 or Latin-1, one
/// multi-byte sequence at a time, and the Thai-code-page em dash.
pub fn repair_mojibake(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let thai_text = has_thai_words(text);
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    // Byte offsets, each on a character boundary.
    let mut i = 0;
    while i < text.len() {
        // Most of the text is ASCII, which neither starts a mis-decoded
        // sequence nor is Thai: copied a run at a time.
        let ascii = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
        if ascii > 0 {
            out.push_str(&text[i..i + ascii]);
            i += ascii;
            continue;
        }
        // A sequence is at most four characters.
        let mut next = ['\0'; 4];
        let mut n = 0;
        for c in text[i..].chars().take(4) {
            next[n] = c;
            n += 1;
        }
        if let Some((fixed, used)) = decode_sequence(&next[..n]) {
            out.push(fixed);
            i += next[..used].iter().map(|c| c.len_utf8()).sum::<usize>();
            continue;
        }
        let c = next[0];
        i += c.len_utf8();
        // Windows-874 shows the em dash's lead byte E2 as THAI CHARACTER
        // SARA E; scrapers often keep only that. A lone Thai letter between
        // spaces in otherwise non-Thai text is that dash.
        if is_thai(c) && !thai_text {
            out.push('—');
            // Drop the trailing bytes of the dash if the scraper kept them.
            while let Some(t) = text[i..]
                .chars()
                .next()
                .filter(|t| matches!(t, '€' | '”' | '“'))
            {
                i += t.len_utf8();
            }
            continue;
        }
        out.push(c);
    }
    out
}

fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// Real Thai text has runs of Thai letters; a mis-decoded dash does not.
fn has_thai_words(text: &str) -> bool {
    text.chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| is_thai(a) && is_thai(b))
}

/// If `chars` starts with a UTF-8 sequence mis-decoded as Windows-1252,
/// the character it meant and how many characters it used.
fn decode_sequence(chars: &[char]) -> Option<(char, usize)> {
    let lead = cp1252_byte(*chars.first()?)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = vec![lead];
    for k in 1..len {
        let c = *chars.get(k)?;
        match cp1252_byte(c) {
            Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
            // U+FFFD stands where the decoder met a byte Windows-1252 leaves
            // undefined. At the end of `â€` that byte was 0x9D: `”`.
            _ if c == '\u{FFFD}' && k == len - 1 && bytes == [0xE2, 0x80] => bytes.push(0x9D),
            _ => return None,
        }
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    let fixed = s.chars().next()?;
    // Only characters that plausibly appear in news text; this keeps rare
    // legitimate pairs like "Ã©" in a list of symbols from being rewritten
    // into something odd.
    (!fixed.is_control()).then_some((fixed, len))
}

/// Normalises line endings and strips a byte-order mark and the control
/// characters that have no business in article text.
pub fn normalize_text(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .map(|c| match c {
            '\t' | '\u{A0}' | '\u{2007}' | '\u{202F}' => ' ',
            _ => c,
        })
        // Zero-width characters, and the bidirectional controls that can
        // make text display in an order other than the one it is read in.
        .filter(|&c| {
            !matches!(
                c,
                '\u{200B}'
                    | '\u{200E}'
                    | '\u{200F}'
                    | '\u{FEFF}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2066}'..='\u{2069}'
            )
        })
        .collect()
}

/// Removes HTML tags from a fragment, keeping the text between them but
/// not the contents of elements whose text is code (`script`, `style`).
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(end) = after.find('>') else {
            // A lone `<` is text.
            out.push_str(after);
            return out;
        };
        let tag = &after[1..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() && !tag.starts_with('!') {
            // `a < b > c` is text, not a tag.
            out.push('<');
            rest = &after[1..];
            continue;
        }
        rest = &after[end + 1..];
        if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style" | "noscript") {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(i) => {
                    let tail = &rest[i..];
                    rest = tail.find('>').map_or("", |j| &tail[j + 1..]);
                }
                None => rest = "",
            }
        }
        if matches!(name.as_str(), "br" | "p" | "div" | "li") {
            out.push(' ');
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Decodes the handful of character references scraped HTML carries.
/// Everything is escaped again on output, so this cannot open a hole.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "mdash" => Some('—'),
                "ndash" => Some('–'),
                "rsquo" => Some('’'),
                "lsquo" => Some('‘'),
                "rdquo" => Some('”'),
                "ldquo" => Some('“'),
                "hellip" => Some('…'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32)
                    .filter(|c| !c.is_control() || *c == '\n'),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_cp1252_mojibake() {
        assert_eq!(repair_mojibake("Harperâ€™s"), "Harper’s");
        assert_eq!(repair_mojibake("JoÃ£o Pedro"), "João Pedro");
        assert_eq!(
            repair_mojibake("â€œNobody can tell me,â€\u{FFFD} she said"),
            "“Nobody can tell me,” she said"
        );
    }

    #[test]
    fn leaves_real_accents_alone() {
        for s in [
            "Kaisa Väänänen",
            "Estádio do Farol",
            "Demirtaş",
            "Gonçalves",
            "Müller",
        ] {
            assert_eq!(repair_mojibake(s), s);
        }
    }

    #[test]
    fn thai_dash() {
        assert_eq!(
            repair_mojibake("Washington โ President"),
            "Washington — President"
        );
        // Real Thai text stays.
        assert_eq!(repair_mojibake("กรุงเทพ โ x"), "กรุงเทพ โ x");
    }

    #[test]
    fn strips_tags_but_not_text() {
        assert_eq!(
            strip_tags("a <u>12-point draft</u> b"),
            "a 12-point draft b"
        );
        assert_eq!(strip_tags("x<script>alert(1)</script>y"), "xy");
        assert_eq!(strip_tags("3 < 4 and 5 > 2"), "3 < 4 and 5 > 2");
        assert_eq!(strip_tags("AT&amp;T &#x3C;b&#62;"), "AT&T <b>");
    }

    #[test]
    fn normalizes_line_endings() {
        assert_eq!(normalize_text("\u{FEFF}a\r\nb\rc"), "a\nb\nc");
    }
}
