//! String literals for emitted code, written the way `proc_macro2::Literal::string` writes
//! them, at a fraction of its cost on the pages' Chinese text.
//!
//! `Literal::string` escapes with `char::escape_debug`, which looks every non-ASCII character
//! up in Unicode's printable and grapheme-extend tables: on DCS that was an eighth of all the
//! instructions of `xtask gen`. Here each character is looked up once per process, on first
//! use, with the same `escape_debug`, so the text is byte for byte what `Literal::string`
//! writes (the tests compare both over every character).

use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};

use proc_macro2::Literal;

/// Characters of the Basic Multilingual Plane (those beyond it take the slow path).
const BMP: usize = 0x1_0000;
const UNKNOWN: u8 = 0;
const PLAIN: u8 = 1;
const ESCAPED: u8 = 2;

/// Per character, what `escape_debug` does with it, found on first use (a page's text uses
/// a few thousand distinct characters, and looking one up costs thousands of instructions).
/// Two threads may both look a character up; they store the same answer.
static SEEN: [AtomicU8; BMP] = [const { AtomicU8::new(UNKNOWN) }; BMP];

/// Whether `c` is written as itself inside a string literal.
fn plain(c: char) -> bool {
    let n = c as usize;
    if n < 0x80 {
        // Printable ASCII but the quote and the backslash.
        return (0x20..0x7f).contains(&n) && c != '"' && c != '\\';
    }
    let Some(seen) = SEEN.get(n) else {
        return false;
    };
    match seen.load(Ordering::Relaxed) {
        PLAIN => true,
        ESCAPED => false,
        _ => {
            let same = c.escape_debug().eq(std::iter::once(c));
            seen.store(if same { PLAIN } else { ESCAPED }, Ordering::Relaxed);
            same
        }
    }
}

/// The string literal of `s`, as `Literal::string(s)` writes it.
pub fn str_lit(s: &str) -> Literal {
    let mut repr = String::with_capacity(s.len() + 2);
    repr.push('"');
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if plain(c) || c == '\'' {
            repr.push(c);
        } else if c == '\0' {
            // As proc_macro2 does: `\x00` before a digit that would read as octal.
            let octal_next = chars
                .as_str()
                .starts_with(|n: char| ('0'..='7').contains(&n));
            repr.push_str(if octal_next { r"\x00" } else { r"\0" });
        } else {
            repr.extend(c.escape_debug());
        }
    }
    repr.push('"');
    // Reading the literal back is a scan, far cheaper than the escaping; it cannot fail on
    // what was written above, and if it ever did the slow path gives the same token.
    Literal::from_str(&repr).unwrap_or_else(|_| Literal::string(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        assert_eq!(
            str_lit(s).to_string(),
            Literal::string(s).to_string(),
            "{s:?}"
        );
    }

    #[test]
    fn every_character_is_written_as_literal_string_writes_it() {
        let all: Vec<char> = (0..0x11_0000).filter_map(char::from_u32).collect();
        for chunk in all.chunks(4096) {
            same(&chunk.iter().collect::<String>());
        }
    }

    #[test]
    fn escapes_and_nul_before_digits_match() {
        for s in [
            "",
            "plain ascii",
            "引号\"反斜杠\\单引号'",
            "制表\t换行\n回车\r",
            "\0",
            "\x001",
            "\x008",
            "a\0\0 7",
            "组合\u{301}符号\u{200b}零宽",
            "表情😀与\u{10ffff}",
        ] {
            same(s);
        }
    }
}
