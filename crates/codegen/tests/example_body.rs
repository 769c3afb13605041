//! A success body that only the page's example shows (no table names its members) is a
//! free-form JSON value in the generated client, not dropped: the operation's output is an
//! alias of `serde_json::Value` and a success decodes its body.

#[test]
fn a_body_only_an_example_shows_decodes_to_a_json_value() {
    let page = "# 借出图书\n\n## URI\n\nPOST /v1/{project_id}/loans\n\n## 响应参数\n\n**状态码： 200**\n\n借出成功。\n\n## 响应示例\n\n**状态码： 200**\n\n```\n{\"loan_state\": \"granted\"}\n```\n";
    let pages = [apidoc::parse_page("loan.md", page.as_bytes())];
    let files = codegen::Generator::new("lending")
        .rust(&pages)
        .expect("generates")
        .files;
    let (_, code) = files
        .iter()
        .find(|(_, code)| code.contains("impl ::hwc_runtime::Operation for CreateLoanRequest"))
        .unwrap_or_else(|| panic!("no operation module in {:?}", files.keys()));
    assert!(
        code.contains("pub type CreateLoanResponse = ::hwc_runtime::serde_json::Value;"),
        "{code}"
    );
    assert!(code.contains("type Output = CreateLoanResponse;"), "{code}");
    assert!(
        code.contains("::hwc_runtime::de::decode_response(raw)"),
        "{code}"
    );
}
