//! Every table of a folder of pages, indexed by page, anchor, caption and caption number: what
//! a link, a caption or a "详情请参见表5" can lead to, on the operation's own page or on a
//! shared data-structure page beside it.

use std::collections::HashMap;

use crate::page::{Raw, RawTable};
use crate::roles::{SectionRole, caption_keys, squash};

/// A table: (page, table) indices into the [`Library`].
pub(crate) type TableId = (usize, usize);

/// One page's first-pass result.
#[derive(Debug)]
pub(crate) struct PageDoc {
    /// The page name, as the caller gave it (`查询云服务器详情.md`, `spec/dcs/x.md`).
    pub file: String,
    pub raw: Raw,
}

/// Indexes over one page.
#[derive(Debug, Default)]
struct PageIndex {
    anchors: HashMap<String, usize>,
    numbers: HashMap<String, usize>,
    /// Lower-cased caption key → field tables with that key, in page order.
    captions: HashMap<String, Vec<usize>>,
    /// Field tables, in page order.
    fields: Vec<usize>,
    /// Every table's caption as [`words`] writes it, in page order (read for every cell that
    /// mentions a table, so made once).
    caption_words: Vec<String>,
}

/// The tables of a folder.
#[derive(Debug)]
pub(crate) struct Library {
    pub pages: Vec<PageDoc>,
    by_file: HashMap<String, usize>,
    index: Vec<PageIndex>,
}

/// The name a link uses for a page: its last path segment, percent-decoded.
fn page_key(href_file: &str) -> String {
    let last = href_file.rsplit('/').next().unwrap_or(href_file);
    percent_decode(last)
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && b[i + 1].is_ascii_hexdigit()
            && b[i + 2].is_ascii_hexdigit()
        {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

impl Library {
    /// Indexes `pages`.
    pub(crate) fn new(pages: Vec<PageDoc>) -> Library {
        let mut by_file = HashMap::new();
        let mut index = Vec::with_capacity(pages.len());
        for (p, page) in pages.iter().enumerate() {
            by_file.entry(page_key(&page.file)).or_insert(p);
            let mut ix = PageIndex::default();
            // A heading's anchor leads to the first table under it; a table's own anchor wins.
            for (a, i, section) in &page.raw.section_anchors {
                let under = page
                    .raw
                    .tables
                    .get(*i)
                    .is_some_and(|t| t.section_no == *section);
                if under {
                    ix.anchors.insert(a.clone(), *i);
                }
            }
            for (i, t) in page.raw.tables.iter().enumerate() {
                ix.caption_words
                    .push(words(&crate::markdown::unescape(&t.name)));
                for a in &t.aliases {
                    ix.anchors.entry(a.clone()).or_insert(i);
                }
                if let Some(a) = &t.anchor {
                    ix.anchors.insert(a.clone(), i);
                }
                if !t.columns.is_fields() {
                    continue;
                }
                if let Some(n) = &t.number {
                    ix.numbers.entry(n.clone()).or_insert(i);
                }
                ix.fields.push(i);
                for key in caption_keys(&t.name) {
                    if !key.is_empty() {
                        ix.captions.entry(key.to_lowercase()).or_default().push(i);
                    }
                }
            }
            index.push(ix);
        }
        Library {
            pages,
            by_file,
            index,
        }
    }

    pub(crate) fn raw(&self, page: usize) -> &Raw {
        &self.pages[page].raw
    }

    pub(crate) fn table(&self, t: TableId) -> &RawTable {
        &self.pages[t.0].raw.tables[t.1]
    }

    pub(crate) fn file(&self, page: usize) -> &str {
        &self.pages[page].file
    }

    /// The table anchored `anchor` on `page`. Links often carry the topic id the anchor had
    /// in the source document (`ZH-CN_TOPIC_0057329431__table44`, `zh-cn_topic_0057_table44`
    /// for `table44`): those lead to the anchor without it.
    pub(crate) fn anchor(&self, page: usize, anchor: &str) -> Option<TableId> {
        let anchors = &self.index[page].anchors;
        if let Some(&i) = anchors.get(anchor) {
            return Some((page, i));
        }
        let bare = anchor.rsplit("__").next().unwrap_or(anchor);
        let bare = match bare.to_ascii_lowercase().find("topic_") {
            Some(at) => bare[at + 6..]
                .split_once('_')
                .map_or(bare, |(_, rest)| rest),
            None => bare,
        };
        anchors.get(bare).map(|&i| (page, i))
    }

    /// The field table captioned `表 number` on `page`.
    pub(crate) fn number(&self, page: usize, number: &str) -> Option<TableId> {
        self.index[page].numbers.get(number).map(|&i| (page, i))
    }

    /// The table of `page` whose whole caption a cell's text `said` names after 表 or Table,
    /// as the documentation tool writes a cross-reference ("参考表 前端parameters参数说明", "see
    /// Table backend parameters"): the link's text, which stays where the link does not. The
    /// longest caption named wins (`后端parameters参数说明` over `parameters参数说明`); a caption
    /// under three characters is a word, not a reference.
    pub(crate) fn caption_named(&self, page: usize, said: &str) -> Option<TableId> {
        if !may_name_table(said) {
            return None;
        }
        let said = words(said);
        // Found once for the text, not once per caption of the page.
        let tails = after_table_word(&said);
        if tails.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        for (i, caption) in self.index[page].caption_words.iter().enumerate() {
            if caption.chars().count() < 3 || best.is_some_and(|(len, _)| caption.len() <= len) {
                continue;
            }
            if names_caption(&tails, caption) {
                best = Some((caption.len(), i));
            }
        }
        best.map(|(_, i)| (page, i))
    }

    /// Field tables on `page` whose caption key is `key` (compared lower-cased).
    pub(crate) fn captioned(&self, page: usize, key: &str) -> &[usize] {
        self.index[page]
            .captions
            .get(&key.to_lowercase())
            .map_or(&[], Vec::as_slice)
    }

    /// The one field table of the whole folder captioned `key`, if exactly one is.
    pub(crate) fn only_captioned(&self, key: &str) -> Option<TableId> {
        if key.is_empty() {
            return None;
        }
        let key = key.to_lowercase();
        let mut found = None;
        for (p, ix) in self.index.iter().enumerate() {
            match ix.captions.get(&key).map(Vec::as_slice) {
                None | Some([]) => {}
                Some([one]) if found.is_none() => found = Some((p, *one)),
                Some(_) => return None,
            }
        }
        found
    }

    /// Field tables on `page`, in page order.
    pub(crate) fn field_tables(&self, page: usize) -> &[usize] {
        &self.index[page].fields
    }

    /// The page a link's file part names (`数据结构.md`, `./x.md`), if it is in the folder.
    pub(crate) fn page_named(&self, href_file: &str) -> Option<usize> {
        self.by_file.get(&page_key(href_file)).copied()
    }

    /// Where a link leads: a table on a page of the folder. `from` is the page the link is
    /// on. Links without a fragment lead to the page's first field table that is not about
    /// errors; fragments that name no table lead nowhere.
    pub(crate) fn follow(&self, from: usize, href: &str) -> Link {
        let (file, frag) = match href.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (href, None),
        };
        if file.contains("://") {
            return Link::Web;
        }
        let page = if file.is_empty() {
            from
        } else {
            match self.page_named(file) {
                Some(p) => p,
                None => return Link::MissingPage,
            }
        };
        match frag.filter(|a| !a.is_empty()) {
            Some(a) => match self.anchor(page, a) {
                Some(t) => Link::Table(t),
                None => Link::MissingAnchor(page),
            },
            // A link to the page itself, without a fragment, names no table.
            None if page == from => Link::NoTable(page),
            // A link to an operation page names the operation ("see 查询云服务器详情"), not a
            // table of it; a data-structure page is the tables it holds.
            None if !self.raw(page).candidates.is_empty() => Link::NoTable(page),
            None => match self.first_body_table(page) {
                Some(t) => Link::Table(t),
                None => Link::NoTable(page),
            },
        }
    }

    /// The first field table of a page that is not introduced as an error response.
    pub(crate) fn first_body_table(&self, page: usize) -> Option<TableId> {
        self.field_tables(page)
            .iter()
            .copied()
            .find(|&i| {
                let t = &self.raw(page).tables[i];
                !crate::page::mentions_error(&t.lead) && !crate::page::mentions_error(&t.name)
            })
            .map(|i| (page, i))
    }

    /// The body a section that says "see page X" means: on a data-structure page its first
    /// table, on an operation page the first table of its section for the same side.
    pub(crate) fn body_table_for(&self, page: usize, section: SectionRole) -> Option<TableId> {
        if self.raw(page).candidates.is_empty() {
            return self.first_body_table(page);
        }
        self.field_tables(page)
            .iter()
            .copied()
            .find(|&i| {
                let t = &self.raw(page).tables[i];
                t.section == section
                    && !crate::page::mentions_error(&t.lead)
                    && !crate::roles::squash(&t.name).contains("header")
            })
            .map(|i| (page, i))
    }
}

/// Where a link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Link {
    Table(TableId),
    /// The page is in the folder, but nothing on it carries the fragment.
    MissingAnchor(usize),
    /// The page is in the folder but has no field table.
    NoTable(usize),
    /// A page that is not in the folder.
    MissingPage,
    /// A web address.
    Web,
}

/// Words that end in 表 without naming a table: `列表` (a list), `代表`, `图表`, `报表`, `发表`.
const NOT_TABLE_WORDS: [char; 6] = ['列', '代', '图', '报', '发', '仪'];

/// `表5`, `表 5`, `表2-1` references in a text: the numbers. The number follows on the same
/// line (`列表` at the end of one list item and `4：…` starting the next is no `表4`), and
/// `表` must not end another word (`样本列表 2`).
pub(crate) fn table_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut before: Option<char> = None;
    for (at, c) in text.char_indices() {
        let prev = before.replace(c);
        if c != '表' || prev.is_some_and(|p| NOT_TABLE_WORDS.contains(&p)) {
            continue;
        }
        let after = text[at + c.len_utf8()..].trim_start_matches([' ', '\u{a0}', '\t']);
        let n: String = after
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        let n = n.trim_end_matches('-').to_owned();
        if !n.is_empty() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// True for a name that reads as an HTTP header: `X-Auth-Token`, `Content-Type`.
pub(crate) fn looks_like_header(name: &str) -> bool {
    let n = name.trim();
    if matches!(
        squash(n).as_str(),
        "authorization" | "host" | "accept" | "cookie" | "user-agent"
    ) {
        return true;
    }
    n.contains('-')
        && n.split('-').all(|seg| {
            seg.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && seg.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Text lower-cased, markup stars and escapes dropped, every run of white space one space.
fn words(text: &str) -> String {
    text.replace(['*', '\\'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `text` has `表` or `table` (any case) once [`words`] has dropped `*` and `\\`:
/// the words a text naming a table by its caption uses, checked before anything is copied.
pub(crate) fn may_name_table(text: &str) -> bool {
    let mut kept = text.chars().filter(|c| !matches!(c, '*' | '\\'));
    let mut matched = 0;
    kept.any(|c| {
        if c == '表' {
            return true;
        }
        matched = if c.eq_ignore_ascii_case(&"table".as_bytes()[matched].into()) {
            matched + 1
        } else {
            usize::from(c.eq_ignore_ascii_case(&'t'))
        };
        matched == 5
    })
}

/// What follows each `表` or `table` of `said` ([`words`]) that is a word of its own
/// (`bootable参数说明` holds no "table 参数说明"), one space after it skipped.
fn after_table_word(said: &str) -> Vec<&str> {
    let mut tails = Vec::new();
    for word in ["表", "table"] {
        for (at, _) in said.match_indices(word) {
            let glued = said[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
            if !glued {
                let tail = &said[at + word.len()..];
                tails.push(tail.strip_prefix(' ').unwrap_or(tail));
            }
        }
    }
    tails
}

/// Whether one of the texts after a table word ([`after_table_word`]) starts with `caption`.
fn names_caption(tails: &[&str], caption: &str) -> bool {
    tails.iter().any(|tail| tail.starts_with(caption))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_may_name_a_table() {
        for yes in [
            "参见表1",
            "see Table 2",
            "TABLE",
            "ta*ble x",
            "t\\able",
            "ttable",
            "tatable",
        ] {
            assert!(may_name_table(yes), "{yes}");
        }
        for no in ["", "tabl", "stab le", "参数说明", "t able"] {
            assert!(!may_name_table(no), "{no}");
        }
    }

    #[test]
    fn numbers_and_headers() {
        assert_eq!(table_numbers("详情请参见表5。"), vec!["5"]);
        let named = |said: &str, caption: &str| names_caption(&after_table_word(said), caption);
        assert!(named("参考 表 paths参数说明", "paths参数说明"));
        assert!(named("参考表paths参数说明", "paths参数说明"));
        assert!(named(
            &words("See **Table** backend  parameters."),
            "backend parameters"
        ));
        assert!(!named("请参见os-set_bootable参数说明", "参数说明"));
        assert!(!named("参考表 paths", "paths参数说明"));
        assert_eq!(table_numbers("见表 3 和表2-1"), vec!["3", "2-1"]);
        assert!(table_numbers("表格").is_empty());
        // A list item ending in 列表 before one starting with a number names no table.
        assert!(table_numbers("3：查看样本列表\n4：其他").is_empty());
        assert!(table_numbers("样本列表 2 个").is_empty());
        assert!(table_numbers("见表\n4").is_empty());
        assert!(looks_like_header("X-Auth-Token"));
        assert!(looks_like_header("Content-Type"));
        assert!(!looks_like_header("project_id"));
        assert!(!looks_like_header("x-trace.id"));
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(page_key("../x/%E8%A1%A8.md"), "表.md");
    }
}
