//! Captions that name their object with other words around it: `X属性列表` ("the attribute
//! list of X"), `X属性列表说明`, `X属性说明`, `X 参数列表`, `X定义数据结构说明` name the table of
//! field `X` as `X参数说明` does. Pages
//! written for the test (an invented harbour service).

use apidoc::ir::Type;
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

fn page(caption: &str) -> String {
    format!(
        "# 查询泊位列表\n\n## URI\n\nGET /v1/{{harbour_id}}/berths\n\n\
         **表 1**  参数说明\n\n{}\n## 请求消息\n\n无\n\n## 响应消息\n\n**表 2**  响应参数\n\n{}\n\
         **表 3**  {caption}\n\n{}\n",
        table(
            "参数|是否必选|参数类型|描述",
            &["harbour_id|是|String|港口ID。"]
        ),
        table(
            "参数|参数类型|描述",
            &[
                "count|Integer|泊位个数。",
                "berths|JSON Array|泊位列表，样例请参见响应示例。",
            ]
        ),
        table(
            "参数|参数类型|描述",
            &["berth_id|String|泊位ID。", "depth|Float|水深，单位米。"]
        ),
    )
}

fn berth_members(caption: &str) -> Vec<String> {
    let text = page(caption);
    let p = parse_page("berths.md", text.as_bytes());
    let o = op(&p);
    assert!(
        !warnings(&p).iter().any(|w| w.contains("not referenced")),
        "{caption}: {:?}",
        warnings(&p)
    );
    let body = o.responses[0].body.as_ref().expect("a body");
    let Type::Ref { schema } = body else {
        panic!("{body:?}")
    };
    let root = o.schemas.iter().find(|s| &s.id == schema).expect("root");
    let berths = root
        .fields
        .iter()
        .find(|f| f.name == "berths")
        .expect("berths");
    let Type::Array { items } = &berths.ty else {
        panic!("{:?}", berths.ty)
    };
    let Type::Ref { schema } = items.as_ref() else {
        panic!("{caption}: berths is an array of {items:?}")
    };
    let item = o.schemas.iter().find(|s| &s.id == schema).expect("item");
    item.fields.iter().map(|f| f.name.clone()).collect()
}

#[test]
fn an_attribute_list_caption_names_the_field_it_describes() {
    for caption in [
        "berths属性列表",
        "berths属性列表说明",
        "berths属性说明",
        "berths 参数列表",
        "berths定义数据结构说明",
    ] {
        assert_eq!(berth_members(caption), ["berth_id", "depth"], "{caption}");
    }
}

#[test]
fn a_caption_naming_two_fields_describes_both() {
    let text = format!(
        "# 查询船票\n\n## URI\n\nGET /v1/{{harbour_id}}/tickets\n\n\
         **表 1**  参数说明\n\n{}\n## 请求消息\n\n无\n\n## 响应消息\n\n**表 2**  参数说明\n\n{}\n\
         **表 3**  day\\_tickets和night\\_tickets中的参数说明\n\n{}\n",
        table(
            "参数|是否必选|参数类型|描述",
            &["harbour_id|是|String|港口ID。"]
        ),
        table(
            "参数|类型|说明",
            &[
                "harbour_name|String|港口名称。",
                "day_tickets|JSON|日间船票信息。",
                "night_tickets|JSON|夜间船票信息。",
            ]
        ),
        table(
            "参数|类型|说明",
            &["price|Integer|票价，单位元。", "seats|Integer|余座。"]
        ),
    );
    let p = parse_page("tickets.md", text.as_bytes());
    let o = op(&p);
    assert!(
        !warnings(&p).iter().any(|w| w.contains("not referenced")),
        "{:?}",
        warnings(&p)
    );
    let Some(Type::Ref { schema }) = o.responses[0].body.as_ref() else {
        panic!("{:?}", o.responses)
    };
    let root = o.schemas.iter().find(|s| &s.id == schema).expect("root");
    for name in ["day_tickets", "night_tickets"] {
        let f = root.fields.iter().find(|f| f.name == name).expect(name);
        let Type::Ref { schema } = &f.ty else {
            panic!("{name}: {:?}", f.ty)
        };
        let s = o.schemas.iter().find(|s| &s.id == schema).expect("schema");
        let members: Vec<&str> = s.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(members, ["price", "seats"], "{name}");
    }
}
