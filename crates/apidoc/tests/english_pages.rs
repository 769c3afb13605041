//! A page of the English edition of the reference (headings `Function`, `Request`,
//! `Returned Values`; captions `Table 3 Description of the berths field`; columns
//! `Parameter | Mandatory | Type | Description` with `Yes`/`No`) reads as its Chinese
//! original does. Pages written for the test (an invented harbour service).

use apidoc::ir::{Location, Type};
use apidoc::parse_page;

mod common;
use common::{op, table, warnings};

fn page(caption: &str) -> String {
    format!(
        "# Creating a Berth\n\n## Function\n\nThis API is used to create a berth.\n\n\
         ## URI\n\nPOST /v1/{{harbour_id}}/berths\n\n**Table 1** Parameter description\n\n{}\n\
         ## Request\n\n**Table 2** Request parameters\n\n{}\n**Table 3** {caption}\n\n{}\n\
         ## Response\n\nNone\n\n## Examples\n\n**Example Requests**\n\n\
         ```\n{{\"berths\": [{{\"berth_id\": \"b1\", \"depth\": 12.5}}], \"dry\": true}}\n```\n\n\
         ## Returned Values\n\n- Normal\n\n  202\n\n- Abnormal\n\n  400\n",
        table(
            "Parameter|Mandatory|Type|Description",
            &["harbour_id|Yes|String|Harbour ID."]
        ),
        table(
            "Parameter|Mandatory|Type|Description",
            &[
                "berths|Yes|Array of objects|The berths. For details, see Table 3.",
                "dry|No|Boolean|Whether the berth is a dry dock.",
            ]
        ),
        table(
            "Parameter|Mandatory|Type|Description",
            &[
                "berth_id|Yes|String|Berth ID.",
                "depth|No|Float|Depth in metres."
            ]
        ),
    )
}

#[test]
fn an_english_page_reads_as_its_chinese_original() {
    for caption in [
        "Description of the berths field",
        "berths field data structure description",
        "Data structure description of the **berths** field",
        "berths parameters",
    ] {
        let text = page(caption);
        let p = parse_page("berths.md", text.as_bytes());
        let o = op(&p);
        assert!(
            !warnings(&p).iter().any(|w| w.contains("not referenced")),
            "{caption}: {:?}",
            warnings(&p)
        );
        assert_eq!(
            (o.method.as_str(), o.path.as_str()),
            ("POST", "/v1/{harbour_id}/berths")
        );
        assert!(
            o.description.contains("create a berth"),
            "{caption}: {:?}",
            o.description
        );
        let path = &o.parameters[0];
        assert_eq!(path.location, Location::Path);
        assert_eq!(path.field.required, Some(true));
        // The body: `berths` required, `dry` not, and `berths` items from table 3.
        let body = o.request_body.as_ref().expect("a body");
        let Type::Ref { schema } = &body.ty else {
            panic!("{:?}", body.ty)
        };
        let root = o.schemas.iter().find(|s| &s.id == schema).expect("root");
        let required: Vec<(&str, Option<bool>)> = root
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect();
        assert_eq!(required, [("berths", Some(true)), ("dry", Some(false))]);
        let Type::Array { items } = &root.fields[0].ty else {
            panic!("{:?}", root.fields[0].ty)
        };
        let Type::Ref { schema } = items.as_ref() else {
            panic!("{caption}: berths is an array of {items:?}")
        };
        let item = o.schemas.iter().find(|s| &s.id == schema).expect("item");
        let names: Vec<&str> = item.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["berth_id", "depth"], "{caption}");
        // `Returned Values` lists the statuses; the example is a request's, not a response's.
        let statuses: Vec<u16> = o.responses.iter().map(|r| r.status).collect();
        assert!(statuses.contains(&202), "{caption}: {statuses:?}");
        assert!(
            o.responses.iter().all(|r| r.examples.is_empty()),
            "{caption}: {:?}",
            o.responses
        );
    }
}

#[test]
fn a_caption_of_english_words_alone_names_no_object() {
    // `Parameters` is no object's name: the table is still the one `berths` points to.
    let text = page("Parameters");
    let p = parse_page("berths.md", text.as_bytes());
    let o = op(&p);
    assert!(
        !o.schemas
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case("parameters")
                || s.name.eq_ignore_ascii_case("parameter")),
        "{:?}",
        o.schemas.iter().map(|s| &s.name).collect::<Vec<_>>()
    );
}
