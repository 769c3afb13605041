//! The INI dialect of `~/.huaweicloud/credentials`, read the way Python's `configparser` reads it.

use std::collections::HashMap;

/// configparser applies this section's keys to every other section.
const INI_DEFAULTS_SECTION: &str = "DEFAULT";

/// Sections in file order; keys already normalised (lower-case, `_` for `-`).
pub(super) struct Ini {
    sections: Vec<(String, HashMap<String, String>)>,
}

/// A profile's keys with the `[DEFAULT]` section underneath.
pub(super) struct Section<'a> {
    own: &'a HashMap<String, String>,
    defaults: Option<&'a HashMap<String, String>>,
}

impl Ini {
    fn section(&self, name: &str) -> Option<&HashMap<String, String>> {
        self.sections
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, kv)| kv)
    }

    pub(super) fn profile(&self, name: &str) -> Option<Section<'_>> {
        // Exact name, then any case; [DEFAULT] itself only as the last resort.
        let any_case = |defaults_ok: bool| {
            self.sections
                .iter()
                .filter(|(n, _)| defaults_ok || n != INI_DEFAULTS_SECTION)
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, kv)| kv)
        };
        let own = self
            .section(name)
            .or_else(|| any_case(false))
            .or_else(|| any_case(true))?;
        Some(Section {
            own,
            defaults: self.section(INI_DEFAULTS_SECTION),
        })
    }
}

impl Section<'_> {
    /// The first non-empty value among `keys`, own keys before `[DEFAULT]` ones.
    pub(super) fn get(&self, keys: &[&str]) -> Option<&str> {
        fn lookup<'m>(map: &'m HashMap<String, String>, keys: &[&str]) -> Option<&'m str> {
            keys.iter()
                .filter_map(|k| map.get(*k))
                .map(String::as_str)
                .find(|v| !v.is_empty())
        }
        lookup(self.own, keys).or_else(|| self.defaults.and_then(|d| lookup(d, keys)))
    }
}

/// Parses INI text; the error is the 1-based number of the offending line.
pub(super) fn parse_ini(text: &str) -> Result<Ini, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<(String, HashMap<String, String>)> = Vec::new();
    // The key a continuation line extends, with the indentation of its line.
    let mut last_key: Option<(String, usize)> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let indent = raw.len() - raw.trim_start().len();
        if let (Some((key, key_indent)), Some((_, map))) = (&last_key, sections.last_mut()) {
            if indent > *key_indent {
                if let Some(value) = map.get_mut(key) {
                    value.push('\n');
                    value.push_str(trimmed);
                }
                continue;
            }
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            let name = name.trim().to_owned();
            if !sections.iter().any(|(n, _)| *n == name) {
                sections.push((name.clone(), HashMap::new()));
            }
            // Re-opened sections merge, as configparser does with strict=False.
            if let Some(pos) = sections.iter().position(|(n, _)| *n == name) {
                let entry = sections.remove(pos);
                sections.push(entry);
            }
            last_key = None;
            continue;
        }
        let (_, map) = sections.last_mut().ok_or(line_no)?;
        let split = trimmed.find(['=', ':']).ok_or(line_no)?;
        let key = normalise_key(&trimmed[..split]);
        if key.is_empty() {
            return Err(line_no);
        }
        let value = trimmed[split + 1..].trim().to_owned();
        map.insert(key.clone(), value);
        last_key = Some((key, indent));
    }
    Ok(Ini { sections })
}

fn normalise_key(raw: &str) -> String {
    raw.trim().to_lowercase().replace('-', "_")
}

impl Section<'_> {
    /// Every key with a non-empty value, own and `[DEFAULT]`'s.
    pub(super) fn keys(&self) -> impl Iterator<Item = &str> {
        self.own
            .iter()
            .chain(self.defaults.into_iter().flatten())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, _)| k.as_str())
    }
}
