//! What a heading, a column header or a caption means, recognised by the words in it rather
//! than by one template's exact spelling. This is the only place that knows the phrasings;
//! everything else works on the roles.

/// What a section of a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum SectionRole {
    /// Before the first section heading.
    Preamble,
    /// 功能介绍, 功能说明, 接口说明 ...
    Intro,
    /// URI, 请求URI, URL ...: the request line and path/query parameters.
    Uri,
    /// 请求消息, 请求参数, 请求 ...
    Request,
    /// 响应消息, 响应参数, 返回参数 ...
    Response,
    /// 请求示例, 请求样例 ...
    RequestExample,
    /// 响应示例, 响应样例, 返回示例 ...
    ResponseExample,
    /// 样例, 示例: request and response examples together.
    Example,
    /// 状态码, 返回值, 返回码, 响应码.
    Status,
    /// 错误码.
    ErrorCodes,
    /// Anything else: 调试, 接口约束, 前提条件 ...
    Other,
}

impl SectionRole {
    /// True for the roles that only operation pages have.
    pub(crate) fn is_operation_part(self) -> bool {
        matches!(
            self,
            SectionRole::Uri
                | SectionRole::Request
                | SectionRole::Response
                | SectionRole::RequestExample
                | SectionRole::ResponseExample
                | SectionRole::Status
        )
    }

    /// The example role of an example written inside this section (`**示例**` under URI is a
    /// request example, under 响应消息 a response example).
    pub(crate) fn example_within(self) -> SectionRole {
        match self {
            SectionRole::Uri | SectionRole::Request | SectionRole::RequestExample => {
                SectionRole::RequestExample
            }
            SectionRole::Response | SectionRole::ResponseExample => SectionRole::ResponseExample,
            _ => SectionRole::Example,
        }
    }
}

/// Lower-cased text without whitespace, markup stars or a trailing colon: what the phrase
/// tables compare against.
pub(crate) fn squash(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\\')
        .flat_map(char::to_lowercase)
        .collect();
    while out.ends_with([':', '：']) {
        out.pop();
    }
    out
}

/// A lower bound of `squash(text).chars().count()` that copies nothing: lower-casing never
/// makes fewer characters, so a paragraph is known to be long without being squashed.
fn squashed_len_at_least(text: &str) -> usize {
    let (mut kept, mut colons) = (0, 0);
    for c in text.chars() {
        if c.is_whitespace() || c == '*' || c == '\\' {
            continue;
        }
        kept += 1;
        colons = if matches!(c, ':' | '：') {
            colons + 1
        } else {
            0
        };
    }
    kept - colons
}

pub(crate) fn has_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| contains(s, w))
}

/// `s.contains(word)` for the short texts and words of table headers and headings: each
/// place the word's first byte occurs is compared (memchr), where `str::contains` would build
/// a two-way searcher on every call.
pub(crate) fn contains(s: &str, word: &str) -> bool {
    let (s, word) = (s.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    memchr::memchr_iter(first, s).any(|at| s[at + 1..].starts_with(rest))
}

const EXAMPLE: [&str; 5] = ["示例", "样例", "例子", "example", "sample"];
const REQUEST: [&str; 2] = ["请求", "request"];
const RESPONSE: [&str; 4] = ["响应", "返回", "response", "应答"];
const STATUS: [&str; 8] = [
    "状态码",
    "返回值",
    "返回码",
    "响应码",
    "statuscode",
    "httpcode",
    "returnedvalue",
    "returnvalue",
];
const URI: [&str; 6] = ["uri", "url", "请求地址", "请求路径", "接口地址", "请求行"];
const INTRO: [&str; 10] = [
    "功能介绍",
    "功能说明",
    "功能简介",
    "功能描述",
    "接口说明",
    "接口描述",
    "接口功能",
    "概述",
    "description",
    "function",
];

/// The role of a section heading (or of a short line written as one).
pub(crate) fn section_role(heading: &str) -> SectionRole {
    let h = squash(heading);
    if h.contains("错误码") || h.contains("errorcode") {
        SectionRole::ErrorCodes
    } else if has_any(&h, &EXAMPLE) {
        if has_any(&h, &REQUEST) {
            SectionRole::RequestExample
        } else if has_any(&h, &RESPONSE) {
            SectionRole::ResponseExample
        } else {
            SectionRole::Example
        }
    } else if has_any(&h, &STATUS) {
        SectionRole::Status
    } else if has_any(&h, &URI) {
        SectionRole::Uri
    } else if has_any(&h, &REQUEST) {
        SectionRole::Request
    } else if has_any(&h, &RESPONSE) {
        SectionRole::Response
    } else if has_any(&h, &INTRO) {
        SectionRole::Intro
    } else {
        SectionRole::Other
    }
}

/// A short line (bold or plain) that works as a sub-heading: `**请求参数**`, `**示例**`,
/// `响应样例：`. Long lines are prose that happens to contain the words.
pub(crate) fn sub_heading_role(text: &str) -> Option<SectionRole> {
    let s = squash(text);
    // Short: a heading, not a sentence. English words are longer than the Chinese ones
    // (`请求示例`, `examplerequests`).
    let longest = if s.is_ascii() { 32 } else { 12 };
    if s.is_empty() || s.chars().count() > longest || s.starts_with('表') || s.starts_with("table")
    {
        return None;
    }
    match section_role(text) {
        SectionRole::Other | SectionRole::Intro => None,
        r => Some(r),
    }
}

/// What a table column holds, from its header text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Column {
    Name,
    Required,
    Type,
    Description,
    /// 参数位置: where a parameter travels (path, query, header, body).
    Location,
    /// 默认值 / 缺省值.
    Default,
    /// 取值范围 / 约束: kept as part of the description.
    Range,
    /// HTTP method of a request-line table.
    Method,
    /// URI of a request-line table.
    Uri,
    /// Status code of a status table.
    Status,
    /// Error code of an error-code table.
    ErrorCode,
    /// Error message of an error-code table.
    Message,
    /// What to do about an error.
    Handling,
    Other,
}

/// Words of a header that says "the names".
const NAME_WORDS: [&str; 9] = [
    "参数",
    "名称",
    "字段",
    "属性",
    "名字",
    "name",
    "parameter",
    "key",
    "field",
];

/// The role of one header cell.
pub(crate) fn column(header: &str) -> Column {
    let h = squash(header);
    let h = h.as_str();
    if has_any(
        h,
        &[
            "必选",
            "必填",
            "必须",
            "必需",
            "可选",
            "mandatory",
            "required",
            "optional",
        ],
    ) {
        Column::Required
    } else if has_any(h, &["错误码", "errorcode"]) {
        Column::ErrorCode
    } else if has_any(
        h,
        &[
            "状态码",
            "返回值",
            "返回码",
            "响应码",
            "statuscode",
            "httpstatus",
        ],
    ) || h == "status"
        || h == "code"
    {
        Column::Status
    } else if has_any(h, &["处理", "解决", "措施", "handling", "solution"]) {
        Column::Handling
    } else if has_any(h, &["错误信息", "错误描述", "errormessage", "message"]) {
        Column::Message
    } else if has_any(h, &["位置", "location"]) || h == "in" {
        Column::Location
    } else if has_any(h, &["类型", "type"]) {
        Column::Type
    } else if has_any(h, &["默认", "缺省", "default"]) {
        Column::Default
    } else if has_any(h, &["取值", "范围", "约束", "range", "constraint"]) {
        Column::Range
    } else if has_any(
        h,
        &[
            "描述",
            "说明",
            "含义",
            "备注",
            "解释",
            "description",
            "remark",
        ],
    ) {
        Column::Description
    } else if has_any(h, &["方法", "method"]) {
        Column::Method
    } else if h == "uri" || h == "url" || h.ends_with("uri") || h.ends_with("url") || h == "路径"
    {
        Column::Uri
    } else if has_any(h, &NAME_WORDS) {
        Column::Name
    } else {
        Column::Other
    }
}

/// Column positions of a table, by role (the first column of each role).
#[derive(Debug, Default, Clone)]
pub(crate) struct Columns {
    pub name: Option<usize>,
    pub required: Option<usize>,
    pub ty: Option<usize>,
    pub description: Option<usize>,
    pub location: Option<usize>,
    pub default: Option<usize>,
    pub range: Option<usize>,
    pub method: Option<usize>,
    pub uri: Option<usize>,
    pub status: Option<usize>,
    pub error_code: Option<usize>,
    pub message: Option<usize>,
    pub handling: Option<usize>,
    /// Columns of no known role.
    pub other: Vec<usize>,
}

impl Columns {
    /// Positions of every column from the header row.
    pub(crate) fn of(header: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match column(h) {
                Column::Name => &mut c.name,
                Column::Required => &mut c.required,
                Column::Type => &mut c.ty,
                Column::Description => &mut c.description,
                Column::Location => &mut c.location,
                Column::Default => &mut c.default,
                Column::Range => &mut c.range,
                Column::Method => &mut c.method,
                Column::Uri => &mut c.uri,
                Column::Status => &mut c.status,
                Column::ErrorCode => &mut c.error_code,
                Column::Message => &mut c.message,
                Column::Handling => &mut c.handling,
                Column::Other => {
                    c.other.push(i);
                    continue;
                }
            };
            // Two headers of one role (`类型` and `操作类型`): the one that says only that
            // wins, wherever it stands; the other is a column of no role.
            match *slot {
                Some(j) if plainer(h, &header[j]) => {
                    *slot = Some(i);
                    c.other.push(j);
                }
                Some(_) => c.other.push(i),
                None => *slot = Some(i),
            }
        }
        c.other.sort_unstable();
        c.names_among_descriptions(header);
        c
    }

    /// `参数说明 | 参数类型 | 说明`: a table with two description columns and no name column
    /// names its members in the one whose header also says "parameter" (the names are what the
    /// column "describes"), wherever it stands; the other one is the description.
    fn names_among_descriptions(&mut self, header: &[String]) {
        if self.name.is_some() {
            return;
        }
        let described: Vec<usize> = (0..header.len())
            .filter(|&i| column(&header[i]) == Column::Description)
            .collect();
        let named = described
            .iter()
            .copied()
            .find(|&i| has_any(&squash(&header[i]), &NAME_WORDS));
        let (Some(named), true) = (named, described.len() >= 2) else {
            return;
        };
        self.name = Some(named);
        self.other.retain(|&i| i != named);
        if self.description == Some(named) {
            let rest = described.iter().copied().find(|&i| i != named);
            self.description = rest;
            self.other.retain(|&i| Some(i) != rest);
        }
    }

    /// A table of parameters or fields: a name column and something said about each name.
    pub(crate) fn is_fields(&self) -> bool {
        self.name.is_some() && (self.ty.is_some() || self.required.is_some())
    }
}

/// True when header `a` says its role with fewer other words than header `b`: `类型` and
/// `参数类型` over `操作类型` (the words that only say "of the parameter" do not count).
fn plainer(a: &str, b: &str) -> bool {
    let extra = |h: &str| {
        let h = squash(h);
        let core = ["参数", "字段", "数据", "属性", "parameter"]
            .iter()
            .find_map(|p| h.strip_prefix(p))
            .unwrap_or(&h)
            .to_owned();
        core.chars().count()
    };
    extra(a) < extra(b)
}

/// Reads a required-ness cell: 是 / 否 and their spellings; `None` when it says neither.
pub(crate) fn required_of(text: &str) -> Option<bool> {
    let t = squash(text);
    let t = t.trim_matches(['。', '.', '，', ',']);
    if t.is_empty() {
        return None;
    }
    const YES: [&str; 8] = [
        "是",
        "必选",
        "必填",
        "yes",
        "true",
        "mandatory",
        "required",
        "y",
    ];
    const NO: [&str; 9] = [
        "否",
        "可选",
        "非必选",
        "no",
        "false",
        "optional",
        "n",
        "选填",
        "条件必选",
    ];
    if NO.contains(&t) || t.starts_with('否') || t.starts_with("可选") {
        return Some(false);
    }
    if t.starts_with("条件") || t.starts_with("非") {
        return Some(false);
    }
    // `type = 2时必选`, `如果vpc_status=1，则…必填`: required only under a condition, so not
    // required as such.
    if t.contains('时') || t.contains("如果") || t.contains("当") {
        return Some(false);
    }
    if YES.contains(&t) || t.starts_with('是') || t.starts_with("必选") {
        return Some(true);
    }
    match t {
        "m" => Some(true),
        "o" => Some(false),
        _ => None,
    }
}

/// Words around an object's name in a caption: `server字段数据结构说明`, `allocation_pool对象`,
/// `instance参数说明`, `image 参数`, `versions属性列表`, `data_source 参数列表`,
/// `location定义数据结构说明`. Longest first.
const CAPTION_SUFFIXES: [&str; 28] = [
    "字段数据结构说明",
    "属性列表说明",
    "参数数据结构说明",
    "数据结构说明",
    "对象数据结构",
    "字段结构说明",
    "结构体说明",
    "字段说明",
    "参数说明",
    "对象说明",
    "结构说明",
    "属性列表",
    "属性说明",
    "参数列表",
    "数据结构",
    "结构体",
    "的结构",
    "对象",
    "参数",
    "字段",
    "属性",
    "定义",
    "说明",
    "结构",
    "详情",
    "信息",
    "objects",
    "object",
];

/// The English words before an object's name in a caption (`Description of the server
/// field`, `Parameters in X`), compared without case. Longest first.
const CAPTION_PREFIXES_EN: [&str; 11] = [
    "data structure description of the",
    "data structure description of",
    "parameter description of the",
    "description of the",
    "description of",
    "parameters in the",
    "parameters in",
    "parameters of the",
    "parameters of",
    "structure of the",
    "structure of",
];

/// The English words after an object's name in a caption (`server field data structure
/// description`, `tags parameters`), each a whole word, compared without case. Longest first.
const CAPTION_SUFFIXES_EN: [&str; 14] = [
    "field data structure description",
    "data structure description",
    "structure description",
    "parameter description",
    "field description",
    "object description",
    "description",
    "parameters",
    "parameter",
    "structure",
    "fields",
    "field",
    "objects",
    "object",
];

/// `k` without one English prefix or suffix of [`CAPTION_PREFIXES_EN`] /
/// [`CAPTION_SUFFIXES_EN`] (a whole word, leaving a name behind), or `k` itself.
fn strip_english(k: &str) -> &str {
    let lower = k.to_ascii_lowercase();
    for pre in CAPTION_PREFIXES_EN {
        if let Some(rest) = lower.strip_prefix(pre)
            && rest.starts_with(' ')
            && !rest.trim().is_empty()
        {
            return k[pre.len()..].trim_start();
        }
    }
    for suf in CAPTION_SUFFIXES_EN {
        if let Some(rest) = lower.strip_suffix(suf)
            && rest.ends_with(' ')
            && !rest.trim().is_empty()
        {
            return k[..rest.len()].trim_end();
        }
    }
    k
}

/// English words that name no object in a caption: `Parameters`, `Response body parameters`,
/// `Description` (what `参数说明` and `响应Body参数` say in Chinese).
const GENERIC_EN: [&str; 17] = [
    "parameter",
    "parameters",
    "description",
    "descriptions",
    "field",
    "fields",
    "object",
    "objects",
    "structure",
    "data",
    "request",
    "response",
    "body",
    "header",
    "headers",
    "message",
    "the",
];

/// Whether a caption names no object because it is English words of [`GENERIC_EN`] only
/// (`Parameters`, `Response body parameters`), as `参数说明` names none. A field may still be
/// called `parameter`, and `parameter属性列表` names it: this is for whole captions only.
pub(crate) fn names_no_object(caption: &str) -> bool {
    let k = crate::markdown::unescape(caption).replace("**", "");
    let k = k.trim().trim_end_matches([':', '.']);
    k.is_ascii()
        && k.split_whitespace().next().is_some()
        && k.split_whitespace()
            .all(|w| GENERIC_EN.contains(&w.to_ascii_lowercase().as_str()))
}

/// The object name a caption (or a field name) is keyed by for matching: escapes and bold
/// marks undone, the words around the name removed (`server字段数据结构说明` → `server`,
/// `Description of the server field` → `server`).
pub(crate) fn caption_key(s: &str) -> String {
    let s = crate::markdown::unescape(s).replace("**", "");
    let mut k = s.trim().trim_end_matches([':', '：', '。', '.']).trim();
    loop {
        let before = k;
        for suf in CAPTION_SUFFIXES {
            if let Some(rest) = k.strip_suffix(suf) {
                if !rest.trim().is_empty() {
                    k = rest.trim_end();
                }
                break;
            }
        }
        // `字段` / `对象` before the first suffix: `server字段` after `数据结构说明`.
        k = strip_english(k);
        if k == before {
            break;
        }
    }
    k.trim().to_owned()
}

/// Every object name a caption is keyed by: its [`caption_key`], and, when that names several
/// fields at once (`free_trials和one_yuan_trials中的参数说明`, `a、b参数说明`), each of them. Only
/// names written as identifiers are split, so a Chinese name with 和 in it stays whole.
pub(crate) fn caption_keys(s: &str) -> Vec<String> {
    if names_no_object(s) {
        return Vec::new();
    }
    let key = caption_key(s);
    let mut out = vec![key.clone()];
    let joined = key.trim_end_matches("中的").trim_end_matches('中').trim();
    let parts: Vec<&str> = joined
        .split(['和', '与', '及', '、', ',', '，'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let identifier = |p: &str| {
        p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if parts.len() > 1 && parts.iter().all(|p| identifier(p)) {
        out.extend(parts.iter().map(|p| (*p).to_owned()));
    }
    out
}

/// Candidate singular forms of an English plural field name: `instances` → `instance`,
/// `policies` → `policy`, `addresses` → `address`.
pub(crate) fn singulars(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = name.strip_suffix("ies") {
        out.push(format!("{s}y"));
    }
    if let Some(s) = name.strip_suffix("es") {
        out.push(s.to_owned());
    }
    if let Some(s) = name.strip_suffix('s') {
        if !s.is_empty() {
            out.push(s.to_owned());
        }
    }
    if let Some(s) = name
        .strip_suffix("_list")
        .or_else(|| name.strip_suffix("List"))
    {
        out.push(s.to_owned());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// HTTP status codes named in a line: `200`, `正常 200`, `201 Created`. Only three-digit
/// numbers from 100 to 599 that stand alone.
pub(crate) fn status_codes_in(text: &str) -> Vec<u16> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let before_ok =
                start == 0 || !(b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'.');
            let after_ok = i == b.len() || !(b[i].is_ascii_alphanumeric() || b[i] == b'.');
            if i - start == 3 && before_ok && after_ok {
                if let Ok(n) = text[start..i].parse::<u16>() {
                    if (100..600).contains(&n) {
                        out.push(n);
                    }
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A line that marks the status the following tables or examples belong to:
/// `状态码： 200`, `状态码为 201 时:`, `正常响应（200）`, `HTTP 200`. Returns the status.
pub(crate) fn status_marker(text: &str) -> Option<u16> {
    if squashed_len_at_least(text) > 40 {
        return None;
    }
    let s = squash(text);
    if s.chars().count() > 40 {
        return None;
    }
    let marks = [
        "状态码",
        "返回码",
        "响应码",
        "http",
        "status",
        "正常",
        "响应",
    ];
    if !marks.iter().any(|m| s.contains(m)) {
        return None;
    }
    match status_codes_in(text).as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashed_length_is_bounded_below_without_squashing() {
        for text in [
            "",
            "  状态码： 200 ",
            "**HTTP 200**::",
            "a\\b *c* :：",
            "İİ x",
        ] {
            let squashed = squash(text).chars().count();
            assert!(squashed_len_at_least(text) <= squashed, "{text:?}");
        }
        assert_eq!(squashed_len_at_least("**HTTP 200**::"), 7);
    }

    #[test]
    fn section_phrasings() {
        use SectionRole::*;
        for (h, r) in [
            ("URI", Uri),
            ("**URI**", Uri),
            ("请求URI", Uri),
            ("请求消息", Request),
            ("请求参数", Request),
            ("请求", Request),
            ("响应消息", Response),
            ("响应参数", Response),
            ("响应消息\\(v2版本\\)", Response),
            ("返回值", Status),
            ("状态码", Status),
            ("返回码", Status),
            ("响应码", Status),
            ("错误码", ErrorCodes),
            ("请求示例", RequestExample),
            ("请求样例", RequestExample),
            ("响应示例", ResponseExample),
            ("响应样例\\(v2版本\\)", ResponseExample),
            ("样例", Example),
            ("功能介绍", Intro),
            ("调试", Other),
            ("接口约束", Other),
        ] {
            assert_eq!(section_role(h), r, "{h}");
        }
        assert_eq!(sub_heading_role("**请求参数**"), Some(Request));
        assert_eq!(sub_heading_role("响应消息样例："), Some(ResponseExample));
        assert_eq!(sub_heading_role("表 1 请求参数"), None);
        assert_eq!(
            sub_heading_role("**Example Requests**"),
            Some(RequestExample)
        );
        assert_eq!(sub_heading_role("Response Parameters"), Some(Response));
        assert_eq!(sub_heading_role("Table 1 Request parameters"), None);
        assert_eq!(
            sub_heading_role("For details about the request parameters, see the table below."),
            None
        );
        assert_eq!(
            sub_heading_role("请求参数如表2所示，这是一段很长的说明文字。"),
            None
        );
    }

    #[test]
    fn names_in_a_parameter_description_column() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let c = Columns::of(&h(&["参数说明", "参数类型", "说明"]));
        assert_eq!((c.name, c.ty, c.description), (Some(0), Some(1), Some(2)));
        assert!(c.other.is_empty());
        // A real name column keeps its role; a lone 参数说明 stays the description.
        let c = Columns::of(&h(&["参数", "类型", "参数说明"]));
        assert_eq!((c.name, c.description), (Some(0), Some(2)));
        let c = Columns::of(&h(&["参数说明", "类型"]));
        assert_eq!((c.name, c.description), (None, Some(0)));
        // Two descriptions, neither saying "parameter": no names are made up.
        let c = Columns::of(&h(&["说明", "类型", "描述"]));
        assert_eq!(c.name, None);
        // Wherever the columns stand.
        let c = Columns::of(&h(&["说明", "参数类型", "参数说明"]));
        assert_eq!((c.name, c.ty, c.description), (Some(2), Some(1), Some(0)));
        assert!(c.other.is_empty());
    }

    #[test]
    fn the_plainer_of_two_headers_of_one_role_wins() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // `操作类型` (kind of operation) also says 类型; the type column is `类型`, in any order.
        for header in [
            ["参数", "类型", "说明", "操作类型"],
            ["操作类型", "说明", "类型", "参数"],
            ["操作类型", "说明", "参数类型", "参数"],
        ] {
            let c = Columns::of(&h(&header));
            let ty = c.ty.map(|i| header[i]);
            assert!(
                matches!(ty, Some("类型" | "参数类型")),
                "{header:?}: {ty:?}"
            );
        }
    }

    #[test]
    fn contains_finds_what_str_contains_finds() {
        let texts = [
            "",
            "a",
            "是否必选",
            "Mandatory",
            "必须必需",
            "aab",
            "参数(必选)",
            "abcabd",
        ];
        let words = ["", "a", "必选", "必需", "ab", "abd", "datory", "参数(", "x"];
        for t in texts {
            for w in words {
                assert_eq!(contains(t, w), t.contains(w), "{t:?} {w:?}");
            }
        }
    }

    #[test]
    fn column_phrasings() {
        use Column::*;
        for (h, c) in [
            ("参数", Name),
            ("名称", Name),
            ("参数名称", Name),
            ("属性", Name),
            ("是否必选", Required),
            ("必选", Required),
            ("参数类型", Type),
            ("类型", Type),
            ("描述", Description),
            ("说明", Description),
            ("参数说明", Description),
            ("参数位置", Location),
            ("请求方法", Method),
            ("URI", Uri),
            ("状态码", Status),
            ("返回值", Status),
            ("错误码", ErrorCode),
            ("错误信息", Message),
            ("处理措施", Handling),
            ("取值范围", Range),
            ("默认值", Default),
        ] {
            assert_eq!(column(h), c, "{h}");
        }
    }

    #[test]
    fn captions_and_plurals() {
        assert_eq!(caption_key("server字段数据结构说明"), "server");
        assert_eq!(caption_key(r"allocation\_pool对象"), "allocation_pool");
        assert_eq!(caption_key("instance参数说明"), "instance");
        assert_eq!(caption_key("image 参数"), "image");
        assert_eq!(caption_key("RecordsResponse"), "RecordsResponse");
        assert_eq!(caption_key("参数说明"), "参数说明");
        for english in [
            "Description of the server field",
            "server field data structure description",
            "Data structure description of the **server** field",
            "server parameters",
            "server object",
            "Parameters in server",
            "server field description.",
        ] {
            assert_eq!(caption_key(english), "server", "{english}");
        }
        // Nothing but the words: no name.
        for generic in [
            "Parameters",
            "Response parameters",
            "Request body parameters",
            "Description",
        ] {
            assert!(names_no_object(generic), "{generic}");
            assert!(caption_keys(generic).is_empty(), "{generic}");
        }
        for named in ["parameter属性列表", "server parameters", "参数说明"] {
            assert!(!names_no_object(named), "{named}");
        }
        assert_eq!(caption_key("ServerParameters"), "ServerParameters");
        assert_eq!(caption_key("parameter属性列表"), "parameter");
        assert_eq!(
            caption_keys("Parameters in free_trials and one_yuan_trials"),
            [
                "free_trials and one_yuan_trials",
                "free_trials",
                "one_yuan_trials"
            ]
        );
        assert!(singulars("instances").contains(&"instance".to_owned()));
        assert!(singulars("policies").contains(&"policy".to_owned()));
        assert!(singulars("addresses").contains(&"address".to_owned()));
    }

    #[test]
    fn required_cells() {
        assert_eq!(required_of("是"), Some(true));
        assert_eq!(required_of("否"), Some(false));
        assert_eq!(required_of("Yes"), Some(true));
        assert_eq!(required_of("条件必选"), Some(false));
        assert_eq!(required_of("是。"), Some(true));
        assert_eq!(required_of("也许"), None);
        assert_eq!(required_of("type = 2时必选"), Some(false));
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_codes_in("正常 200"), vec![200]);
        assert_eq!(
            status_codes_in("201 Created, 2001 no, v1.200 no"),
            vec![201]
        );
        assert_eq!(status_marker("状态码： 200"), Some(200));
        assert_eq!(status_marker("状态码为 201 时:"), Some(201));
        assert_eq!(status_marker("正常响应（200）"), Some(200));
        assert_eq!(status_marker("共 200 条记录"), None);
    }
}
