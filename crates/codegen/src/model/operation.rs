//! One operation's part of the model: every name and type the operation's own items use,
//! decided before any output is written, so emission is a plain walk and collisions are
//! settled in one place. [`crate::model::share`] then makes the types service-wide.

use std::collections::{BTreeMap, BTreeSet};

use apidoc::ir::{Field, Location, Operation, Parameter, Schema, Type};

use crate::names::{Scope, pascal, snake};

/// A Rust type for a documented type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustTy {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`.
    Value,
    /// A type generated in the operation's module.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<RustTy>),
    /// `BTreeMap<String, T>`.
    Map(Box<RustTy>),
}

/// A struct field or parameter, named.
#[derive(Debug, Clone)]
pub struct FieldModel {
    /// Rust identifier text (before keyword escaping).
    pub rust: String,
    /// The documented field.
    pub field: Field,
    /// The Rust type, without `Option`.
    pub ty: RustTy,
    /// Whether the value is always present (so not `Option`).
    pub required: bool,
    /// Whether the value must be boxed (a recursive type).
    pub boxed: bool,
    /// Whether the value is a secret ([`sensitive`]): `Debug` prints `***` for it.
    pub sensitive: bool,
}

/// A generated struct.
#[derive(Debug, Clone)]
pub struct StructModel {
    /// Type name.
    pub rust: String,
    /// The name before this operation's own collisions were settled (`Tags` for `Tags2`):
    /// with the shape, what identifies the type across the service (`crate::share`).
    pub base: String,
    /// The schema it comes from.
    pub schema: Schema,
    /// Fields in table order.
    pub fields: Vec<FieldModel>,
    /// Other names the documentation uses for it (for `#[doc(alias)]`).
    pub alias: Option<String>,
    /// The description of the first field whose type is this object: the page describes
    /// objects only where they are used.
    pub described_by: Option<String>,
}

/// A generated open enum.
#[derive(Debug, Clone)]
pub struct EnumModel {
    /// Type name.
    pub rust: String,
    /// The name before this operation's own collisions were settled.
    pub base: String,
    /// Description of the first field that uses it.
    pub doc: String,
    /// (variant name, wire value).
    pub variants: Vec<(String, String)>,
}

/// A documented error status.
#[derive(Debug, Clone)]
pub struct ErrorVariant {
    /// The status code.
    pub status: u16,
    /// Variant name.
    pub rust: String,
    /// Body type, when documented.
    pub body: Option<String>,
    /// The 状态码 table's description.
    pub description: String,
}

/// Everything emission needs for one operation.
#[derive(Debug, Clone)]
pub struct OpModel {
    /// The IR.
    pub op: Operation,
    /// The page the operation comes from, as shown in generated headers and notes.
    pub file: String,
    /// Each schema id of the page to the name of its type (service-wide once
    /// [`crate::model::share`] has run): what a reference to the table means in every output.
    pub schema_types: BTreeMap<String, String>,
    /// Module name (`list_bigkey_scan_tasks`).
    pub module: String,
    /// Client method name (same as the module).
    pub method: String,
    /// Plain request data struct.
    pub request: String,
    /// Fluent builder.
    pub builder: String,
    /// Error enum.
    pub error: String,
    /// Success type name, or `None` for a body-less success (`()`).
    pub output: Option<String>,
    /// When the success body is not an object (a top-level array, a map, a scalar), the
    /// type `output` aliases.
    pub output_alias: Option<RustTy>,
    /// Status of the success response.
    pub success_status: u16,
    /// Documented success statuses without a body, when another success status has one: the
    /// operation then returns `Option<Output>`, `None` for these.
    pub bodyless_success: Vec<u16>,
    /// Path, query and header parameters, without `project_id` (filled by the runtime).
    pub params: Vec<(Location, FieldModel)>,
    /// The request body type, when there is one.
    pub body: Option<RustTy>,
    /// Structs, in page order.
    pub structs: Vec<StructModel>,
    /// Enums.
    pub enums: Vec<EnumModel>,
    /// Documented error statuses.
    pub errors: Vec<ErrorVariant>,
    /// Pagination, when detected.
    pub pagination: Option<crate::paging::Pagination>,
}

/// Path parameters that the client fills from its own configuration.
pub const CLIENT_FILLED: [&str; 1] = ["project_id"];

/// Request headers the runtime writes itself (authentication, signing, the JSON body's
/// type): pages document them beside the operation's own headers, but a caller never passes
/// them. Compared without case.
pub const RUNTIME_HEADERS: [&str; 9] = [
    "x-auth-token",
    "authorization",
    "content-type",
    "x-sdk-date",
    "host",
    "x-project-id",
    "x-domain-id",
    "x-security-token",
    "content-length",
];

fn status_variant(status: u16) -> String {
    match status {
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    }
    .to_owned()
}

struct Namer<'a> {
    op: &'a Operation,
    types: Scope,
    schema_names: BTreeMap<String, String>,
    /// (wire field name, values) -> enum index.
    enum_keys: BTreeMap<(String, Vec<String>), usize>,
    enums: Vec<EnumModel>,
}

impl Namer<'_> {
    fn enum_for(&mut self, owner: &str, f: &Field) -> String {
        let key = (f.name.clone(), f.enum_values.clone());
        if let Some(&i) = self.enum_keys.get(&key) {
            return self.enums[i].rust.clone();
        }
        let base = owned_name(owner, &pascal(&f.name));
        let name = if !self.types.contains(&base) {
            self.types.claim(&base, "")
        } else {
            self.types.claim(&format!("{owner}{base}"), "")
        };
        let mut variants = Scope::with_reserved(["Unknown"]);
        let mut seen = BTreeSet::new();
        let vs = f
            .enum_values
            .iter()
            .filter(|v| seen.insert(v.as_str()))
            .map(|v| (variants.claim(&pascal(v), ""), v.clone()))
            .collect();
        self.enums.push(EnumModel {
            rust: name.clone(),
            base,
            doc: f.description.clone(),
            variants: vs,
        });
        self.enum_keys.insert(key, self.enums.len() - 1);
        name
    }

    fn ty(&mut self, owner: &str, f: &Field, t: &Type) -> RustTy {
        match t {
            Type::String if !f.enum_values.is_empty() => RustTy::Named(self.enum_for(owner, f)),
            Type::String => RustTy::String,
            Type::Integer => RustTy::I32,
            Type::Long => RustTy::I64,
            Type::Float => RustTy::F32,
            Type::Double => RustTy::F64,
            Type::Boolean => RustTy::Bool,
            Type::Any => RustTy::Value,
            Type::Ref { schema } => match self.schema_names.get(schema) {
                Some(n) => RustTy::Named(n.clone()),
                None => RustTy::Value,
            },
            Type::Array { items } => RustTy::Vec(Box::new(self.ty(owner, f, items))),
            Type::Map { values } => RustTy::Map(Box::new(self.ty(owner, f, values))),
        }
    }

    fn fields(
        &mut self,
        owner: &str,
        fields: &[Field],
        all_required_known: bool,
    ) -> Vec<FieldModel> {
        let mut scope = Scope::default();
        fields
            .iter()
            .map(|f| {
                let ty = self.ty(owner, f, &f.ty);
                FieldModel {
                    rust: scope.claim(&snake(&f.name), "_"),
                    sensitive: sensitive(f, &ty),
                    field: f.clone(),
                    ty,
                    required: all_required_known && f.required == Some(true),
                    boxed: false,
                }
            })
            .collect()
    }

    fn param(&mut self, owner: &str, p: &Parameter, scope: &mut Scope) -> FieldModel {
        let ty = self.ty(owner, &p.field, &p.field.ty);
        FieldModel {
            rust: scope.claim(&snake(&p.field.name), "_"),
            sensitive: sensitive(&p.field, &ty),
            field: p.field.clone(),
            ty,
            required: p.location == Location::Path || p.field.required == Some(true),
            boxed: false,
        }
    }
}

/// Schemas reachable from `start` without passing through a `Vec` or map (which box anyway).
fn direct_refs(t: &Type, out: &mut Vec<String>) {
    if let Type::Ref { schema } = t {
        out.push(schema.clone());
    }
}

fn reaches(op: &Operation, from: &str, target: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(id) = stack.pop() {
        if id == target {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(s) = op.schemas.iter().find(|s| s.id == id) {
            for f in &s.fields {
                direct_refs(&f.ty, &mut stack);
            }
        }
    }
    false
}

/// Builds the model of one operation.
pub fn model(op: &Operation) -> OpModel {
    let base = pascal(&op.id);
    let module = snake(&op.id);
    let request = format!("{base}Request");
    let builder = format!("{base}Builder");
    let error = format!("{base}Error");
    let output_name = format!("{base}Response");
    let mut types = Scope::with_reserved([
        request.as_str(),
        builder.as_str(),
        error.as_str(),
        output_name.as_str(),
        "Client",
    ]);

    let success = op.responses.iter().find(|r| (200..300).contains(&r.status));
    let success_status = success.map(|r| r.status).unwrap_or(200);
    let success_schema = success.and_then(|r| match &r.body {
        Some(Type::Ref { schema }) => Some(schema.clone()),
        _ => None,
    });

    let mut schema_names = BTreeMap::new();
    let mut bases = BTreeMap::new();
    let mut aliases = BTreeMap::new();
    for s in &op.schemas {
        let (name, base) = if Some(&s.id) == success_schema.as_ref() {
            aliases.insert(s.id.clone(), s.name.clone());
            (output_name.clone(), output_name.clone())
        } else {
            let parent = parent_name(op, &s.id, success_schema.as_deref(), &base, &output_name);
            let b = owned_name(&parent, &item_name(op, s));
            (types.claim(&b, ""), b)
        };
        schema_names.insert(s.id.clone(), name);
        bases.insert(s.id.clone(), base);
    }
    let mut namer = Namer {
        op,
        types,
        schema_names,
        enum_keys: BTreeMap::new(),
        enums: Vec::new(),
    };

    let mut scope = Scope::with_reserved(["body"]);
    let mut params = Vec::new();
    for p in &op.parameters {
        if p.location == Location::Path && CLIENT_FILLED.contains(&p.field.name.as_str()) {
            continue;
        }
        if p.location == Location::Header
            && RUNTIME_HEADERS.contains(&p.field.name.to_ascii_lowercase().as_str())
        {
            continue;
        }
        let owner = base.clone();
        params.push((p.location, namer.param(&owner, p, &mut scope)));
    }

    let mut structs = Vec::new();
    for s in &namer.op.schemas.clone() {
        let rust = namer.schema_names.get(&s.id).cloned().unwrap_or_default();
        let required_known = s.fields.iter().any(|f| f.required.is_some());
        let mut fields = namer.fields(&rust, &s.fields, required_known);
        for fm in &mut fields {
            if let Type::Ref { schema } = &fm.field.ty {
                fm.boxed = reaches(op, schema, &s.id);
            }
        }
        structs.push(StructModel {
            rust,
            base: bases.get(&s.id).cloned().unwrap_or_default(),
            schema: s.clone(),
            fields,
            alias: aliases.get(&s.id).cloned(),
            described_by: describing_field(op, &s.id),
        });
    }

    let body = op.request_body.as_ref().map(|b| {
        let f = Field {
            name: "body".into(),
            required: Some(true),
            ty: b.ty.clone(),
            type_text: String::new(),
            description: String::new(),
            enum_values: vec![],
            constraints: Default::default(),
            source: b.source.clone(),
        };
        namer.ty(&base, &f, &b.ty)
    });

    let errors = op
        .responses
        .iter()
        .filter(|r| r.status >= 300)
        .map(|r| ErrorVariant {
            status: r.status,
            rust: status_variant(r.status),
            body: match &r.body {
                Some(Type::Ref { schema }) => namer.schema_names.get(schema).cloned(),
                _ => None,
            },
            description: r.description.clone(),
        })
        .collect();

    // A body that is not one object (e.g. a top-level array) gets a type alias; so does a
    // free-form object (a body only an example shows), which decodes to a JSON value.
    let output_alias = match success.and_then(|r| r.body.as_ref()) {
        Some(t @ (Type::Array { .. } | Type::Map { .. } | Type::Any)) => {
            let f = Field {
                name: "body".into(),
                required: Some(true),
                ty: t.clone(),
                type_text: String::new(),
                description: String::new(),
                enum_values: vec![],
                constraints: Default::default(),
                source: Default::default(),
            };
            Some(namer.ty(&base, &f, t))
        }
        _ => None,
    };
    let output = (success_schema.is_some() || output_alias.is_some()).then(|| output_name.clone());
    let bodyless_success: Vec<u16> = if output.is_some() {
        op.responses
            .iter()
            .filter(|r| (200..300).contains(&r.status) && r.body.is_none())
            .map(|r| r.status)
            .collect()
    } else {
        Vec::new()
    };
    let pagination = if bodyless_success.is_empty() {
        let root = structs
            .iter()
            .find(|s| Some(s.rust.as_str()) == output.as_deref());
        crate::paging::detect(&params, root, &structs)
    } else {
        None
    };
    OpModel {
        op: op.clone(),
        file: String::new(),
        schema_types: namer.schema_names.clone(),
        module: module.clone(),
        method: module,
        request,
        builder,
        error,
        output,
        output_alias,
        success_status,
        bodyless_success,
        params,
        body,
        structs,
        enums: namer.enums,
        errors,
        pagination,
    }
}

/// Words of a wire name that make its value a secret on their own.
const SECRET_WORDS: [&str; 11] = [
    "password",
    "passwd",
    "pwd",
    "pass",
    "secret",
    "token",
    "sk",
    "credential",
    "credentials",
    "passphrase",
    "privatekey",
];

/// Words that, before `key`, make it a secret key rather than the key of a tag or a map.
const SECRET_KEY_KINDS: [&str; 8] = [
    "secret",
    "private",
    "api",
    "auth",
    "encryption",
    "signing",
    "master",
    "psk",
];

/// Words of the description that name a secret: 密码 (password), 密钥 (secret key), 口令
/// (pass phrase), 私钥 (private key), 令牌 (token).
const SECRET_TEXT: [&str; 6] = ["密码", "密钥", "口令", "私钥", "令牌", "password"];

/// Words of a name that say the value is about a secret, not the secret itself.
const ABOUT_SECRET: [&str; 16] = [
    "name", "id", "ids", "type", "policy", "length", "expire", "expires", "expired", "time", "at",
    "mode", "status", "enable", "enabled", "url",
];

/// Whether a field holds a secret. By its name: a word such as `password`, `pwd`, `token`,
/// `secret` or `sk`, or `key` after `secret`, `private`, `api`… (`adminPass`,
/// `new_password`, `secret_key`; not `key`, `key_name`, `token_expires_at`). By its
/// description, for text values only: 密码, 密钥, 口令, 私钥 or 令牌, unless the name says the
/// value is about the secret (`key_name`, `password_policy`).
pub fn sensitive(f: &Field, ty: &RustTy) -> bool {
    let words = crate::names::words(&f.name);
    let about = words.iter().any(|w| ABOUT_SECRET.contains(&w.as_str()));
    let textual =
        matches!(ty, RustTy::String) || matches!(ty, RustTy::Vec(i) if **i == RustTy::String);
    if about || !textual {
        return false;
    }
    let joined = words.concat();
    let by_name = words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()))
        || ["password", "passwd", "secret"]
            .iter()
            .any(|w| joined.contains(w))
        || words.windows(2).any(|p| {
            SECRET_KEY_KINDS.contains(&p[0].as_str()) && matches!(p[1].as_str(), "key" | "keys")
        });
    by_name || f.enum_values.is_empty() && names_secret(&f.description)
}

/// Whether text names a secret itself: 密码 (password) but not 密码策略 (password policy),
/// 密钥 (secret key) but not 密钥ID or 密钥对名称 (the key's id or name).
fn names_secret(text: &str) -> bool {
    const ABOUT: [&str; 12] = [
        "ID", "id", "Id", "名称", "名", "标识", "策略", "长度", "过期", "类型", "对", "规则",
    ];
    SECRET_TEXT.iter().any(|t| {
        text.match_indices(t).any(|(i, _)| {
            let after = text[i + t.len()..].trim_start();
            !ABOUT.iter().any(|a| after.starts_with(a))
        })
    })
}

/// Single words that say what a thing is but not whose: a type named only this says nothing
/// in a service-wide `types` module, so it takes its owner's name in front.
const GENERIC: [&str; 34] = [
    "Type", "Status", "State", "Kind", "Mode", "Result", "Results", "Data", "Info", "Item",
    "Items", "Value", "Values", "Body", "Name", "Id", "List", "Detail", "Details", "Object",
    "Response", "Request", "Config", "Spec", "Action", "Level", "Category", "Param", "Params",
    "Metadata", "Meta", "Content", "Entry", "Record",
];

/// Names of the prelude, `std` and the generated crate's own items: a generated type with
/// one of these names would shadow it under a glob import.
pub const SHADOWING: [&str; 48] = [
    "Option",
    "Result",
    "Box",
    "Vec",
    "String",
    "Error",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "AsRef",
    "AsMut",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Debug",
    "Hash",
    "Unpin",
    "Future",
    "Display",
    "FromIterator",
    "Client",
    "Service",
    "Credentials",
    "Self",
    "Map",
    "Types",
    "Response",
];

/// `name`, or `owner` + `name` when `name` alone is generic or would shadow a standard name.
pub fn owned_name(owner: &str, name: &str) -> String {
    if GENERIC.contains(&name) || SHADOWING.contains(&name) {
        if name.starts_with(owner) || owner.is_empty() {
            format!("{name}Value")
        } else {
            format!("{owner}{name}")
        }
    } else {
        name.to_owned()
    }
}

/// The Rust-side name of whatever first refers to schema `id`: another object (its pascal
/// name, or the operation's response name for the response root) or the operation itself.
fn parent_name(
    op: &Operation,
    id: &str,
    success: Option<&str>,
    op_base: &str,
    output_name: &str,
) -> String {
    op.schemas
        .iter()
        .find(|s| s.id != id && s.fields.iter().any(|f| refers_to(&f.ty, id)))
        .map(|s| {
            if Some(s.id.as_str()) == success {
                output_name.to_owned()
            } else {
                let p = pascal(&s.name);
                if GENERIC.contains(&p.as_str()) || SHADOWING.contains(&p.as_str()) {
                    format!("{op_base}{p}")
                } else {
                    p
                }
            }
        })
        .unwrap_or_else(|| op_base.to_owned())
}

/// The page's name for a schema, made singular when the schema is only ever one item of an
/// array (`nics` → `Nic`), unless another schema of the page already has that name.
fn item_name(op: &Operation, s: &Schema) -> String {
    let name = pascal(&s.name);
    let one = crate::names::singular_name(&name);
    if one == name || op.schemas.iter().any(|o| pascal(&o.name) == one) {
        return name;
    }
    let mut uses = op
        .schemas
        .iter()
        .flat_map(|x| x.fields.iter().map(|f| &f.ty))
        .chain(op.parameters.iter().map(|p| &p.field.ty))
        .chain(op.request_body.iter().map(|b| &b.ty))
        .chain(op.responses.iter().filter_map(|r| r.body.as_ref()))
        .filter(|t| refers_to(t, &s.id))
        .peekable();
    let item = |t: &Type| matches!(t, Type::Array { items } if matches!(&**items, Type::Ref { schema } if *schema == s.id));
    if uses.peek().is_some() && uses.all(item) {
        one
    } else {
        name
    }
}

fn refers_to(t: &Type, id: &str) -> bool {
    match t {
        Type::Ref { schema } => schema == id,
        Type::Array { items } => refers_to(items, id),
        Type::Map { values } => refers_to(values, id),
        _ => false,
    }
}

fn describing_field(op: &Operation, id: &str) -> Option<String> {
    op.schemas
        .iter()
        .flat_map(|s| &s.fields)
        .chain(op.parameters.iter().map(|p| &p.field))
        .find(|f| refers_to(&f.ty, id) && !f.description.trim().is_empty())
        .map(|f| f.description.clone())
}
