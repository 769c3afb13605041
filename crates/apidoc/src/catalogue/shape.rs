//! What an error-code table's cells look like, whatever their header says: the evidence a
//! column is read by when its header is phrased in a way no list of phrasings foresaw.

/// A service error code of the dotted form every service uses: a name, optional middle parts,
/// and a number of at least two digits (`DCS.4919`, `Ecs.0001`, `APIGW.0101`,
/// `SVC.XXXX.1234`, `dcs.08.0001`, `MRS.101`). A space after a dot (`DCS. 4001`) is a typo
/// pages have; any other space means prose.
pub(crate) fn is_dotted_code(text: &str) -> bool {
    let mut parts = text.split('.');
    let Some(name) = parts.next() else {
        return false;
    };
    let mut name_chars = name.chars();
    let name_ok = name_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && name_chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    // Every later part may start with spaces (the typo) and is otherwise one word.
    let rest: Vec<&str> = parts.map(str::trim_start).collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    let word = |m: &&str| !m.is_empty() && m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    name_ok
        && last.len() >= 2
        && last.chars().all(|c| c.is_ascii_digit())
        && middle.iter().all(word)
}

/// A numeric service code: 4 to 10 digits (`111400002`, `12000017`, `1001`).
pub(crate) fn is_numeric_code(text: &str) -> bool {
    (4..=10).contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Either form of a service error code.
pub(crate) fn is_code(text: &str) -> bool {
    is_dotted_code(text) || is_numeric_code(text)
}

/// An HTTP status (`404`), or several a row shares (`404/500`, `400、404`).
pub(crate) fn is_status(text: &str) -> bool {
    text.split(['/', ',', '、', '，']).all(|part| {
        let part = part.trim();
        part.len() == 3
            && part.chars().all(|c| c.is_ascii_digit())
            && ('1'..='5').contains(&part.chars().next().unwrap_or('0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_shapes() {
        for yes in [
            "DCS.4919",
            "Ecs.0001",
            "APIGW.0101",
            "SVC.XXXX.1234",
            "dcs.08.0001",
            "MRS.101",
            "DCS. 4001",
            "ModelArts.0101",
            "CBR-X.1000",
        ] {
            assert!(is_dotted_code(yes), "{yes}");
        }
        for no in [
            "v1.0",
            "1.2.3",
            "error_code",
            "DCS.",
            ".4919",
            "DCS.49a",
            "see DCS.4919",
            "DCS 4919",
            "DCS..4919",
            "",
        ] {
            assert!(!is_dotted_code(no), "{no}");
        }
        assert!(is_numeric_code("111400002") && is_numeric_code("1001"));
        assert!(!is_numeric_code("404") && !is_numeric_code("12345678901"));
    }

    #[test]
    fn statuses() {
        assert!(is_status("404") && is_status("404/500") && is_status("400、 404"));
        assert!(!is_status("4xx") && !is_status("600") && !is_status("") && !is_status("4040"));
    }
}
