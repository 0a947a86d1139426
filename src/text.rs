//! Small text helpers shared by messages and the condition language, kept
//! free of the standard library's Unicode case tables (which would be a large
//! part of the `.wasm`).

/// The lower-case form of `c` for the Latin (Basic, Latin-1, Extended-A),
/// Greek and Cyrillic alphabets; other characters are returned unchanged.
pub fn lower_char(c: char) -> char {
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => n + 0x20,
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 0 && n != 0x130 => n + 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 1 => n + 1,
        0x178 => 0xFF,
        0x391..=0x3A1 | 0x3A3..=0x3AB => n + 0x20,
        0x400..=0x40F => n + 0x50,
        0x410..=0x42F => n + 0x20,
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// The upper-case form of `c`, the inverse of [`lower_char`] on the same alphabets.
pub fn upper_char(c: char) -> char {
    let n = c as u32;
    let upper = match n {
        0x61..=0x7A | 0xE0..=0xF6 | 0xF8..=0xFE => n - 0x20,
        0xFF => 0x178,
        0x100..=0x137 | 0x14A..=0x177 if n % 2 == 1 && n != 0x131 => n - 1,
        0x139..=0x148 | 0x179..=0x17E if n % 2 == 0 => n - 1,
        0x3B1..=0x3C1 | 0x3C3..=0x3CB => n - 0x20,
        0x430..=0x44F => n - 0x20,
        0x450..=0x45F => n - 0x50,
        _ => n,
    };
    char::from_u32(upper).unwrap_or(c)
}

/// `s` with [`lower_char`] applied to every character.
pub fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// An action's name as words for a sentence: `"blockSignIn"` → `"block
/// sign in"`, `"cancel_deletion"` → `"cancel deletion"`; a name of one
/// lower-case word stays as it is.
pub fn words(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for c in s.chars() {
        if c == '_' || c == '-' || c == ' ' {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            prev_lower = false;
        } else if c.is_uppercase() {
            if prev_lower {
                out.push(' ');
            }
            out.push(lower_char(c));
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
        }
    }
    out.trim_end().to_string()
}

/// The space-separated words of `s` joined, each starting in upper case:
/// `"share role"` → `"ShareRole"`.
pub fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut up = true;
    for c in s.chars() {
        if c == ' ' {
            up = true;
        } else {
            out.push(if up { upper_char(c) } else { c });
            up = false;
        }
    }
    out
}

/// `word` for one, else with an English plural ending on its last word:
/// "deal" → "deals", "activity" → "activities", "box" → "boxes", "day" → "days".
pub fn plural(word: &str, n: u64) -> String {
    if n == 1 {
        return word.to_string();
    }
    if let Some(stem) = word
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'i', 'o', 'u']))
    {
        return format!("{stem}ies");
    }
    if word.ends_with('s') || word.ends_with('x') || word.ends_with("ch") || word.ends_with("sh") {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// `phrase` after the English indefinite article it takes: "a member", "an
/// owner", "an Admin", "a user", "an hour", "an SSO user".
pub fn with_article(phrase: &str) -> String {
    let word = phrase.split(' ').next().unwrap_or("");
    let low = lower(word);
    let an = if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
        // An initialism is read letter by letter.
        word.starts_with(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X'])
    } else if ["hour", "honest", "honor", "honour", "heir"]
        .iter()
        .any(|p| low.starts_with(p))
    {
        true
    } else if [
        "uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ewe",
    ]
    .iter()
    .any(|p| low.starts_with(p))
    {
        false
    } else {
        low.starts_with(['a', 'e', 'i', 'o', 'u'])
    };
    if phrase.is_empty() {
        String::new()
    } else if an {
        format!("an {phrase}")
    } else {
        format!("a {phrase}")
    }
}

/// Names in a sentence: "Ann", "Ann and Bob", "Ann, Bob and Cy"; more than
/// three as "N users".
pub fn names(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [a] => a.clone(),
        [init @ .., last] if list.len() <= 3 => format!("{} and {last}", init.join(", ")),
        _ => format!("{} users", list.len()),
    }
}

/// A number as a template or message shows it: integers without a fraction,
/// other values with up to six decimals and no trailing zeros.
pub fn format_number(n: f64) -> String {
    if !n.is_finite() {
        return if n.is_nan() {
            "NaN".into()
        } else if n > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let sign = if n < 0.0 { "-" } else { "" };
    let a = n.abs();
    if a >= 1e15 {
        // Beyond exact integers: a mantissa and a power of ten.
        let mut e = 0;
        let mut m = a;
        while m >= 10.0 {
            m /= 10.0;
            e += 1;
        }
        let m = format_number(m);
        return format!("{sign}{m}e{e}");
    }
    // At most 15 significant digits (what an f64 holds), and six decimals.
    let mut int_digits = 1;
    let mut t = 10.0;
    while a >= t {
        int_digits += 1;
        t *= 10.0;
    }
    let decimals = 6usize.min(15usize.saturating_sub(int_digits));
    let scale = 10u64.pow(decimals as u32);
    let scaled = (a * scale as f64).round() as u64;
    let (whole, frac) = (scaled / scale, scaled % scale);
    if frac == 0 {
        return if whole == 0 {
            "0".into()
        } else {
            format!("{sign}{whole}")
        };
    }
    let frac = format!("{frac:0decimals$}");
    format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_plurals_and_names() {
        for (w, a) in [
            ("owner", "an owner"),
            ("Admin", "an Admin"),
            ("member", "a member"),
            ("user", "a user"),
            ("hour entry", "an hour entry"),
            ("SSO user", "an SSO user"),
            ("Regular user", "a Regular user"),
            ("", ""),
        ] {
            assert_eq!(with_article(w), a);
        }
        assert_eq!(plural("activity", 2), "activities");
        assert_eq!(plural("day", 2), "days");
        assert_eq!(plural("time tracking entry", 3), "time tracking entries");
        assert_eq!(plural("seat", 1), "seat");
        let n = |v: &[&str]| names(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(n(&["Ann"]), "Ann");
        assert_eq!(n(&["Ann", "Bob"]), "Ann and Bob");
        assert_eq!(n(&["Ann", "Bob", "Cy"]), "Ann, Bob and Cy");
        assert_eq!(n(&["a", "b", "c", "d"]), "4 users");
    }

    #[test]
    fn case_maps_are_inverse_on_their_alphabets() {
        assert_eq!(
            lower("ÀÉÎÕÜ ŁĄĘ ΑΒΓ ЖЁ Straße Ÿ"),
            "àéîõü łąę αβγ жё straße ÿ"
        );
        assert_eq!(pascal_case("élan vital"), "ÉlanVital");
        assert_eq!(words("blockSignIn"), "block sign in");
        assert_eq!(words("cancel_deletion"), "cancel deletion");
        assert_eq!(words("deactivate"), "deactivate");
        assert_eq!(words("remove-from-org"), "remove from org");
        for n in 0x20..0x500 {
            let Some(c) = char::from_u32(n) else { continue };
            let l = lower_char(c);
            if l != c {
                assert_eq!(upper_char(l), c, "U+{n:04X}");
                assert_eq!(Some(l), c.to_lowercase().next(), "U+{n:04X}");
            }
        }
    }

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(-1.0 / 3.0), "-0.333333");
        assert_eq!(format_number(1e15), "1e15");
        assert_eq!(format_number(123456789.125), "123456789.125");
        assert_eq!(format_number(999999999999.5), "999999999999.5");
        assert_eq!(format_number(-5e13 - 0.75), "-50000000000000.8");
        assert_eq!(format_number(f64::NAN), "NaN");
    }
}
