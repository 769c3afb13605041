//! Rows of a parameter table that name no placeholder of the request line although the table
//! is the path's (by its label, or because most of its rows are placeholders).
//!
//! - When the table leaves exactly one placeholder undocumented and has exactly one such row,
//!   the row is that placeholder misspelt (`port_mirror_filter_rule_id` beside
//!   `/{traffic_mirror_filter_rule_id}`): it documents the placeholder and takes its name.
//! - When every placeholder has its row, such a row of an unlabelled table cannot travel in
//!   the path (`cascade` listed under `/{loadbalancer_id}`): it is a query parameter, the
//!   place of any other URI parameter. A table the page labels as the path's keeps the label.

/// What a row that names no placeholder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Stray {
    /// The one undocumented placeholder, misspelt.
    Placeholder(String),
    /// Not in the path: every placeholder has its row.
    NotInPath,
    /// Undecided: several rows or several placeholders are left over.
    Unknown,
}

/// Decides the row `name` of a table with rows `rows`, given the path's `placeholders` and
/// `named`, which tells the placeholder a row name matches.
pub(super) fn stray<'p>(
    name: &str,
    rows: &[&str],
    placeholders: &'p [String],
    named: impl Fn(&str) -> Option<&'p str>,
) -> Stray {
    let open: Vec<&String> = placeholders
        .iter()
        .filter(|p| !rows.iter().any(|r| named(r) == Some(p.as_str())))
        .collect();
    let strays = rows.iter().filter(|r| named(r).is_none()).count();
    match (open.as_slice(), strays) {
        ([], _) => Stray::NotInPath,
        ([one], 1) if named(name).is_none() => Stray::Placeholder((*one).clone()),
        _ => Stray::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::{Stray, stray};

    fn decide(name: &str, rows: &[&str], placeholders: &[&str]) -> Stray {
        let ps: Vec<String> = placeholders.iter().map(|s| (*s).to_owned()).collect();
        let ps: &[String] = &ps;
        stray(name, rows, ps, |r| {
            ps.iter().find(|p| p.as_str() == r).map(String::as_str)
        })
    }

    #[test]
    fn one_open_placeholder_and_one_stray_row_pair_up() {
        assert_eq!(
            decide(
                "pond_key",
                &["farm_id", "pond_key"],
                &["farm_id", "pond_id"]
            ),
            Stray::Placeholder("pond_id".into())
        );
    }

    #[test]
    fn every_placeholder_documented_leaves_the_row_out_of_the_path() {
        assert_eq!(
            decide(
                "force",
                &["farm_id", "pond_id", "force"],
                &["farm_id", "pond_id"]
            ),
            Stray::NotInPath
        );
    }

    #[test]
    fn several_candidates_stay_undecided() {
        assert_eq!(
            decide("a", &["farm_id", "a", "b"], &["farm_id", "x"]),
            Stray::Unknown
        );
        assert_eq!(
            decide("a", &["farm_id", "a"], &["farm_id", "x", "y"]),
            Stray::Unknown
        );
    }
}
