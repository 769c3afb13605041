//! The command line as words: positionals (service, operation), `--name=value` or
//! `--name value` pairs, and bare flags. What a name means (an API parameter or a `cli-`
//! option) is decided once the operation is known ([`classify`]).

use crate::Failure;

/// Flags that never take a value from the next word.
pub const BARE_FLAGS: [&str; 6] = [
    "help",
    "debug",
    "dryrun",
    "skeleton",
    "interactive",
    "cli-all-pages",
];

/// The `cli-` options this command line knows, with a one-line description for help.
pub const OPTIONS: [(&str, &str); 20] = [
    (
        "cli-region",
        "region of the endpoint (not needed with --cli-endpoint)",
    ),
    (
        "cli-endpoint",
        "the service's URL, e.g. https://dcs.example.com (enough on its own)",
    ),
    (
        "cli-profile",
        "an hwc profile (hwc configure), else a section of ~/.huaweicloud/credentials",
    ),
    ("cli-mode", "authentication mode; AKSK only"),
    ("cli-access-key", "access key id (with --cli-secret-key)"),
    (
        "cli-secret-key",
        "secret access key (with --cli-access-key)",
    ),
    (
        "cli-security-token",
        "security token of temporary credentials",
    ),
    (
        "cli-project-id",
        "project id (else from the credentials, or looked up by region)",
    ),
    ("cli-domain-id", "account (domain) id, for global services"),
    (
        "cli-connect-timeout",
        "seconds to connect, default 5, at least 1",
    ),
    (
        "cli-read-timeout",
        "seconds per attempt, default 10, at least 1",
    ),
    (
        "cli-retry-count",
        "retries after a network failure, 0-5, default 0",
    ),
    (
        "cli-jsonInput",
        "a .json file of parameters: {\"path\":{},\"query\":{},\"header\":{},\"body\":...}",
    ),
    (
        "cli-output",
        "json, table or tsv (default: the body as the service sent it)",
    ),
    ("cli-query", "JMESPath expression applied to the response"),
    (
        "cli-output-num",
        "true|false: row numbers in table output (default true)",
    ),
    (
        "cli-waiter",
        "{\"expr\":\"JMESPath\",\"to\":\"value\",\"timeout\":180,\"interval\":5}",
    ),
    (
        "cli-all-pages",
        "walk every page of a paged list and print all its records",
    ),
    (
        "cli-skip-secure-verify",
        "not supported: use a trusted endpoint",
    ),
    ("cli-lang", "profile setting; not accepted in API commands"),
];

/// KooCLI's names from before the `cli-` prefix: still options when the API has no
/// parameter of that name.
pub const OLD_NAMES: [&str; 16] = [
    "region",
    "endpoint",
    "profile",
    "mode",
    "access-key",
    "secret-key",
    "security-token",
    "project-id",
    "domain-id",
    "connect-timeout",
    "read-timeout",
    "retry-count",
    "jsonInput",
    "output",
    "query",
    "waiter",
];

/// One `--name[=value]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Without the dashes.
    pub name: String,
    /// The value, if one was given.
    pub value: Option<String>,
}

/// The words, split.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    /// Words that are not flags, in order (service, operation, ...).
    pub positionals: Vec<String>,
    /// Flags, in order.
    pub flags: Vec<Flag>,
}

/// Splits `args` (without the program name).
pub fn split(args: &[String]) -> Result<Words, Failure> {
    let mut words = Words::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "-h" {
            words.flags.push(Flag {
                name: "help".into(),
                value: None,
            });
            continue;
        }
        let Some(rest) = a.strip_prefix("--") else {
            words.positionals.push(a.clone());
            continue;
        };
        if rest.is_empty() {
            return Err(Failure::Usage("`--` is not a parameter".into()));
        }
        let (name, value) = match rest.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None if BARE_FLAGS.contains(&rest) => (rest.to_owned(), None),
            None => match args.get(i) {
                Some(next) if !next.starts_with("--") => {
                    i += 1;
                    (rest.to_owned(), Some(next.clone()))
                }
                _ => (rest.to_owned(), None),
            },
        };
        words.flags.push(Flag { name, value });
    }
    Ok(words)
}

/// Flags sorted out for one operation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classified {
    /// API parameters (flat or dotted names), in order.
    pub params: Vec<(String, String)>,
    /// `cli-` options by canonical name (`cli-region`).
    pub options: Vec<(String, String)>,
    /// Bare flags given (`help`, `dryrun`, ...), and `skeleton`'s optional target.
    pub bare: Vec<(String, Option<String>)>,
}

impl Classified {
    /// The value of option `name` (canonical).
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether bare flag `name` was given.
    pub fn has(&self, name: &str) -> bool {
        self.bare.iter().any(|(n, _)| n == name)
    }

    /// The value given to a bare flag (`--skeleton=-`).
    pub fn bare_value(&self, name: &str) -> Option<&str> {
        self.bare
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// Sorts `flags` into API parameters, options and bare flags. `is_api` says whether a
/// name's first segment is one of the operation's parameters or body members.
pub fn classify(flags: &[Flag], is_api: impl Fn(&str) -> bool) -> Result<Classified, Failure> {
    let mut out = Classified::default();
    for f in flags {
        let head = f.name.split('.').next().unwrap_or("");
        let canonical = if OPTIONS.iter().any(|(o, _)| *o == f.name) {
            Some(f.name.clone())
        } else if OLD_NAMES.contains(&f.name.as_str()) && !is_api(head) {
            Some(format!("cli-{}", f.name))
        } else {
            None
        };
        if BARE_FLAGS.contains(&f.name.as_str()) {
            if f.name == "cli-all-pages" {
                match f.value.as_deref() {
                    None | Some("true") => {}
                    Some("false") => continue,
                    Some(v) => {
                        return Err(Failure::Usage(format!(
                            "--cli-all-pages takes true or false, not `{v}`"
                        )));
                    }
                }
            }
            out.bare.push((f.name.clone(), f.value.clone()));
            continue;
        }
        if let Some(name) = canonical {
            let Some(value) = &f.value else {
                return Err(Failure::Usage(format!(
                    "--{name} needs a value: --{name}=VALUE"
                )));
            };
            if out.options.iter().any(|(n, _)| *n == name) {
                return Err(Failure::Usage(format!("Duplicate parameter: {name}")));
            }
            out.options.push((name, value.clone()));
            continue;
        }
        if f.name.starts_with("cli-") {
            return Err(Failure::unknown(
                "option",
                &f.name,
                OPTIONS.iter().map(|(o, _)| *o),
            ));
        }
        let Some(value) = &f.value else {
            return Err(Failure::Usage(format!(
                "--{} needs a value: --{}=VALUE",
                f.name, f.name
            )));
        };
        if out.params.iter().any(|(n, _)| *n == f.name) {
            return Err(Failure::Usage(format!("Duplicate parameter: {}", f.name)));
        }
        out.params.push((f.name.clone(), value.clone()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &[&str]) -> Words {
        split(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn both_value_forms_and_bare_flags() {
        let w = words(&[
            "DCS", "Op", "--a=1", "--b", "2", "--dryrun", "--c", "--d=x=y", "-h",
        ]);
        assert_eq!(w.positionals, ["DCS", "Op"]);
        let got: Vec<_> = w
            .flags
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", Some("1")),
                ("b", Some("2")),
                ("dryrun", None),
                ("c", None),
                ("d", Some("x=y")),
                ("help", None)
            ]
        );
    }

    #[test]
    fn old_option_names_yield_to_api_parameters() {
        let w = words(&["--region=r1", "--cli-region=r2", "--output=json"]);
        let c = classify(&w.flags, |n| n == "region").unwrap();
        assert_eq!(c.params, [("region".to_owned(), "r1".to_owned())]);
        assert_eq!(c.option("cli-region"), Some("r2"));
        assert_eq!(c.option("cli-output"), Some("json"));
    }

    #[test]
    fn duplicates_and_unknown_options_are_usage_errors() {
        let w = words(&["--a=1", "--a=2"]);
        assert!(classify(&w.flags, |_| true).is_err());
        let w = words(&["--cli-regoin=x"]);
        let e = classify(&w.flags, |_| true).unwrap_err();
        assert!(e.to_string().contains("did you mean --cli-region"), "{e}");
    }
}
