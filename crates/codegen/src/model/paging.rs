//! Which list operations page, and how: recognised from the request's query parameters and
//! the response's members by name and by what the page says about them.

use apidoc::ir::Location;

use crate::model::{FieldModel, RustTy, StructModel};
use crate::names::words;

/// How the next page is asked for (mirrors `hwc_runtime::Style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// An item index; `base` is the index of the first record (0, or 1 for a `start`
    /// counted from 1).
    Offset {
        /// Index of the first record.
        base: i64,
    },
    /// A page number; `first` is the first page's.
    PageNumber {
        /// Number of the first page.
        first: i64,
    },
    /// The last record's id, or a marker the response hands out.
    Marker,
}

/// Where the marker of the next page comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerSource {
    /// A member of the last record (Rust name, whether it is an `Option`).
    LastItem(String, bool),
    /// A member of the response, possibly nested (`page_info.next_marker`): Rust names and
    /// whether each is an `Option`.
    Page(Vec<(String, bool)>),
}

/// A member of the request or response (Rust name, type, whether it is an `Option`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// Rust name.
    pub rust: String,
    /// Rust type, without `Option`.
    pub ty: RustTy,
    /// Whether it is an `Option`.
    pub optional: bool,
}

impl Member {
    fn of(f: &FieldModel) -> Self {
        Member {
            rust: f.rust.clone(),
            ty: f.ty.clone(),
            optional: !f.required,
        }
    }
}

/// A paged list operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// How it pages.
    pub style: Style,
    /// The request member that says where a page starts.
    pub position: Member,
    /// The response member with the total number of records, when there is one.
    pub total: Option<Member>,
    /// The response member with the records.
    pub items: Member,
    /// Element type of the records.
    pub item_ty: RustTy,
    /// For markers: where the next one comes from.
    pub marker: Option<MarkerSource>,
}

const SIZE_NAMES: [&str; 6] = [
    "limit",
    "pagesize",
    "perpage",
    "pagelimit",
    "size",
    "maxitems",
];
const PAGE_NAMES: [&str; 9] = [
    "page",
    "pageno",
    "pagenum",
    "pagenumber",
    "curpage",
    "currentpage",
    "pageindex",
    "pagenu",
    "pageidx",
];

fn joined(name: &str) -> String {
    words(name).concat()
}

fn says_page_number(d: &str) -> bool {
    ["页码", "页数", "第几页", "当前页", "page number"]
        .iter()
        .any(|w| d.contains(w))
        && !d.contains("偏移")
}

fn says_item_index(d: &str) -> bool {
    [
        "偏移",
        "序号",
        "索引",
        "起始位置",
        "起始记录",
        "条记录",
        "offset",
    ]
    .iter()
    .any(|w| d.contains(w))
}

fn counted_from_one(f: &FieldModel) -> bool {
    let d = &f.field.description;
    let c = &f.field.constraints;
    let from_one = |v: &str| v.trim() == "1";
    [
        "起始序号为1",
        "从1开始",
        "默认值为1",
        "默认值：1",
        "默认为1",
        "最小为1",
        "最小值为1",
    ]
    .iter()
    .any(|w| d.replace(' ', "").contains(w))
        || c.default.as_deref().is_some_and(from_one)
        || c.minimum.is_some_and(|m| m == 1.0)
}

fn int_or_text(t: &RustTy) -> bool {
    matches!(t, RustTy::I32 | RustTy::I64 | RustTy::String)
}

fn int(t: &RustTy) -> bool {
    matches!(t, RustTy::I32 | RustTy::I64)
}

/// The response member holding the total: an integer whose name ends in `count`, `total`,
/// `num` or `number`, or whose description says 总数 (total), unless the description says it
/// counts only this page (当前, 本页, 本次).
fn total_member(root: &StructModel) -> Option<Member> {
    let this_page = |d: &str| {
        ["当前", "本页", "本次", "每页"]
            .iter()
            .any(|w| d.contains(w))
    };
    let says_total = |d: &str| {
        [
            "总数",
            "总条数",
            "总记录数",
            "总个数",
            "总量",
            "总共",
            "total",
        ]
        .iter()
        .any(|w| d.contains(w))
    };
    let ints = root.fields.iter().filter(|f| int(&f.ty));
    let by_text = ints.clone().find(|f| says_total(&f.field.description));
    let by_name = ints.clone().find(|f| {
        let w = words(&f.field.name);
        let last = w.last().map(String::as_str).unwrap_or("");
        matches!(last, "count" | "total" | "num" | "number")
            && !w
                .iter()
                .any(|x| matches!(x.as_str(), "page" | "pages" | "per"))
            && !this_page(&f.field.description)
    });
    by_text.or(by_name).map(Member::of)
}

/// Recognises pagination from the operation's parameters and its response root.
pub fn detect(
    params: &[(Location, FieldModel)],
    root: Option<&StructModel>,
    structs: &[StructModel],
) -> Option<Pagination> {
    let query: Vec<&FieldModel> = params
        .iter()
        .filter(|(l, _)| *l == Location::Query)
        .map(|(_, f)| f)
        .collect();
    if !query
        .iter()
        .any(|f| SIZE_NAMES.contains(&joined(&f.field.name).as_str()))
    {
        return None;
    }
    let root = root?;
    let arrays: Vec<&FieldModel> = root
        .fields
        .iter()
        .filter(|f| matches!(f.ty, RustTy::Vec(_)))
        .collect();
    let items = match arrays.as_slice() {
        [one] => *one,
        many => {
            let objects: Vec<&FieldModel> = many
                .iter()
                .copied()
                .filter(|f| matches!(&f.ty, RustTy::Vec(i) if matches!(**i, RustTy::Named(_))))
                .collect();
            match objects.as_slice() {
                [one] => *one,
                [] => return None,
                several => counted_by_total(several, root)?,
            }
        }
    };
    let RustTy::Vec(item_ty) = &items.ty else {
        return None;
    };
    let item_ty = (**item_ty).clone();

    let mut found = None;
    for f in &query {
        let name = joined(&f.field.name);
        let d = &f.field.description;
        let style = if name == "marker" && f.ty == RustTy::String {
            Style::Marker
        } else if !int_or_text(&f.ty)
            || f.ty == RustTy::String
                && name != "offset"
                && name != "start"
                && !(PAGE_NAMES.contains(&name.as_str()) && says_page_number(d))
        {
            // Text is a position only where the name and the page agree (MRS documents its
            // `currentPage`, 当前查询页码, as a String): a text `page` alone may be anything.
            continue;
        } else if PAGE_NAMES.contains(&name.as_str()) || name == "offset" && says_page_number(d) {
            Style::PageNumber {
                first: if d.contains("从0开始") { 0 } else { 1 },
            }
        } else if name == "offset" {
            Style::Offset { base: 0 }
        } else if name == "start" && says_page_number(d) {
            Style::PageNumber {
                first: if counted_from_one(f) { 1 } else { 0 },
            }
        } else if name == "start" && says_item_index(d) {
            Style::Offset {
                base: if counted_from_one(f) { 1 } else { 0 },
            }
        } else {
            continue;
        };
        found = Some((style, Member::of(f)));
        break;
    }
    let (style, position) = found?;
    let marker = if style == Style::Marker {
        Some(marker_source(root, &item_ty, structs)?)
    } else {
        None
    };
    Some(Pagination {
        style,
        position,
        total: total_member(root),
        items: Member::of(items),
        item_ty,
        marker,
    })
}

fn marker_source(
    root: &StructModel,
    item: &RustTy,
    structs: &[StructModel],
) -> Option<MarkerSource> {
    let next = |s: &StructModel| {
        s.fields
            .iter()
            .find(|f| joined(&f.field.name) == "nextmarker" && f.ty == RustTy::String)
            .map(|f| (f.rust.clone(), !f.required))
    };
    if let Some(m) = next(root) {
        return Some(MarkerSource::Page(vec![m]));
    }
    for f in &root.fields {
        if let RustTy::Named(n) = &f.ty
            && let Some(inner) = structs.iter().find(|s| s.rust == *n)
            && let Some(m) = next(inner)
        {
            return Some(MarkerSource::Page(vec![(f.rust.clone(), !f.required), m]));
        }
    }
    let RustTy::Named(n) = item else { return None };
    let s = structs.iter().find(|s| s.rust == *n)?;
    let id = s
        .fields
        .iter()
        .find(|f| f.field.name == "id" && f.ty == RustTy::String)?;
    Some(MarkerSource::LastItem(id.rust.clone(), !id.required))
}

/// Of several arrays of records, the one the total counts: the total's description names
/// what it counts (主维度监控对象的总数, the number of monitored objects), so the array whose
/// description shares the longest run of words with it (监控对象列表) is the one. A tie is
/// no answer.
fn counted_by_total<'a>(arrays: &[&'a FieldModel], root: &StructModel) -> Option<&'a FieldModel> {
    let total = total_member(root)?;
    let text = &root
        .fields
        .iter()
        .find(|f| f.rust == total.rust)?
        .field
        .description;
    let total_chars: Vec<char> = text.chars().collect();
    let longest = |d: &str| {
        let d: Vec<char> = d.chars().collect();
        let mut best = 0;
        for i in 0..d.len() {
            for j in 0..total_chars.len() {
                let mut n = 0;
                while i + n < d.len() && j + n < total_chars.len() && d[i + n] == total_chars[j + n]
                {
                    n += 1;
                }
                best = best.max(n);
            }
        }
        best
    };
    let mut scored: Vec<(usize, &FieldModel)> = arrays
        .iter()
        .map(|f| (longest(&f.field.description), *f))
        .collect();
    scored.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    match scored.as_slice() {
        [(a, f), (b, _), ..] if a > b && *a >= 2 => Some(*f),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use apidoc::ir::{Field, Schema, Side, Type};

    use super::*;

    fn field(name: &str, ty: RustTy, description: &str) -> FieldModel {
        FieldModel {
            rust: name.to_owned(),
            field: Field {
                name: name.into(),
                required: Some(false),
                ty: Type::String,
                type_text: String::new(),
                description: description.into(),
                enum_values: vec![],
                constraints: Default::default(),
                source: Default::default(),
            },
            ty,
            required: false,
            boxed: false,
            sensitive: false,
        }
    }

    fn response(fields: Vec<FieldModel>) -> StructModel {
        StructModel {
            rust: "ListHostsResponse".into(),
            base: "ListHostsResponse".into(),
            schema: Schema {
                id: "response".into(),
                name: "ListHostsResponse".into(),
                side: Side::Response,
                fields: vec![],
                source: Default::default(),
            },
            fields,
            alias: None,
            described_by: None,
        }
    }

    fn query(page: &str, ty: RustTy, description: &str) -> Vec<(Location, FieldModel)> {
        vec![
            (
                Location::Query,
                field("pageSize", RustTy::String, "每页返回的最大数量。"),
            ),
            (Location::Query, field(page, ty, description)),
        ]
    }

    #[test]
    fn a_page_number_documented_as_text_pages_when_the_page_says_so() {
        let root = response(vec![
            field(
                "hosts",
                RustTy::Vec(Box::new(RustTy::Named("HostModel".into()))),
                "主机参数。",
            ),
            field("total", RustTy::I32, "主机列表总数。"),
        ]);
        let p = detect(
            &query("currentPage", RustTy::String, "当前查询页码。默认值为1。"),
            Some(&root),
            &[],
        )
        .expect("a paged list");
        assert_eq!(p.style, Style::PageNumber { first: 1 });
        assert_eq!(p.position.rust, "currentPage");
        assert_eq!(p.total.map(|t| t.rust).as_deref(), Some("total"));
        // Text named like a page but not said to be a page number is not a position.
        assert!(
            detect(
                &query("page", RustTy::String, "过滤条件。"),
                Some(&root),
                &[]
            )
            .is_none()
        );
    }
}
