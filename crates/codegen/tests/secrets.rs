//! Which fields `Debug` keeps secret: the rule in README "Secrets stay out of logs".

use apidoc::ir::{Field, Type};
use codegen::model::{RustTy, sensitive};

fn field(name: &str, description: &str) -> Field {
    Field {
        name: name.into(),
        required: None,
        ty: Type::String,
        type_text: "String".into(),
        description: description.into(),
        enum_values: vec![],
        constraints: Default::default(),
        source: Default::default(),
    }
}

#[test]
fn secret_names_and_descriptions_are_sensitive() {
    for (name, description) in [
        ("password", ""),
        ("old_password", ""),
        ("newPassword", ""),
        ("adminPass", ""),
        ("user_passwd", ""),
        ("pwd", ""),
        ("sk", ""),
        ("secret_key", ""),
        ("private_key", ""),
        ("api_key", ""),
        ("auth_token", ""),
        ("credential", ""),
        ("access", "Redis实例的访问密码"),
        ("value", "用户的登录口令"),
    ] {
        assert!(
            sensitive(&field(name, description), &RustTy::String),
            "{name}"
        );
    }
}

#[test]
fn names_about_a_secret_and_plain_keys_are_not() {
    for (name, description) in [
        ("key", "标签键"),
        ("key_name", "密钥对名称"),
        ("password_policy", "密码策略"),
        ("token_expires_at", "token过期时间"),
        ("no_password_access", "是否免密码访问"),
        ("ak", "访问密钥ID"),
        ("name", "实例名称"),
        ("monkey", ""),
    ] {
        let ty = if name == "no_password_access" {
            RustTy::Bool
        } else {
            RustTy::String
        };
        assert!(!sensitive(&field(name, description), &ty), "{name}");
    }
}
