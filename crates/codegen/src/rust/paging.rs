//! The `hwc_runtime::Paged` impl of a paged operation's builder.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::paths::{
    CLONE_CLONE, OPTION, RT_CALL, RT_PAGES, RT_PAGINATOR, RT_PAGINATOR_NEW, RT_POSITION,
    RT_POSITION_MARKER, RT_POSITION_NUMBER, RT_STYLE, RT_STYLE_MARKER, RT_STYLE_OFFSET,
    RT_STYLE_PAGE_NUMBER, SOME, STRING, TO_STRING, VEC,
};
use super::ty;
use crate::model::RustTy;
use crate::names::ident;
use crate::paging::{MarkerSource, Member, Pagination, Style};

/// `page.a.as_ref().and_then(|v| v.b.clone())` for a path of members.
fn member_path(root: TokenStream, path: &[(String, bool)]) -> TokenStream {
    let mut expr = quote!(#SOME(&#root));
    for (name, optional) in path {
        let n = ident(name);
        expr = if *optional {
            quote!(#expr.and_then(|v| v.#n.as_ref()))
        } else {
            quote!(#expr.map(|v| &v.#n))
        };
    }
    quote!(#expr.cloned())
}

/// The request's position member as `Option<Position>` (`i32`, `i64` or text).
fn read_number(m: &Member, pos: &Ident) -> TokenStream {
    let number = quote!(#RT_POSITION_NUMBER);
    match (&m.ty, m.optional) {
        (RustTy::I32, true) => quote!(self.#pos.map(|v| #number(i64::from(v)))),
        (RustTy::I64, true) => quote!(self.#pos.map(#number)),
        (RustTy::I32, false) => {
            quote!(#SOME(#number(i64::from(self.#pos))))
        }
        (RustTy::I64, false) => quote!(#SOME(#number(self.#pos))),
        (_, true) => quote! {
            self.#pos.as_deref().and_then(|v| v.trim().parse::<i64>().ok()).map(#number)
        },
        (_, false) => quote!(self.#pos.trim().parse::<i64>().ok().map(#number)),
    }
}

fn number_into(m: &Member) -> TokenStream {
    match m.ty {
        RustTy::I32 => quote!(i32::try_from(*n).unwrap_or(i32::MAX)),
        RustTy::I64 => quote!(*n),
        _ => quote!(#TO_STRING(n)),
    }
}

/// `into_paginator` and the `Paged` impl.
pub fn emit(p: &Pagination, builder: &Ident, request: &Ident) -> TokenStream {
    let item = ty(&p.item_ty);
    let pos = ident(&p.position.rust);
    let items = ident(&p.items.rust);
    let style = match p.style {
        Style::Offset { base } => quote!(#RT_STYLE_OFFSET { base: #base }),
        Style::PageNumber { first } => quote!(#RT_STYLE_PAGE_NUMBER { first: #first }),
        Style::Marker => quote!(#RT_STYLE_MARKER),
    };
    let (position, at) = if p.style == Style::Marker {
        let read = if p.position.optional {
            quote!(self.#pos.clone().map(#RT_POSITION_MARKER))
        } else {
            quote!(#SOME(#RT_POSITION_MARKER(#CLONE_CLONE(&self.#pos))))
        };
        let set = if p.position.optional {
            quote!(self.#pos = #SOME(#CLONE_CLONE(m));)
        } else {
            quote!(self.#pos = #CLONE_CLONE(m);)
        };
        (
            read,
            quote! {
                if let #RT_POSITION_MARKER(m) = position {
                    #set
                }
            },
        )
    } else {
        let read = read_number(&p.position, &pos);
        let into = number_into(&p.position);
        let set = if p.position.optional {
            quote!(self.#pos = #SOME(#into);)
        } else {
            quote!(self.#pos = #into;)
        };
        (
            read,
            quote! {
                if let #RT_POSITION_NUMBER(n) = position {
                    #set
                }
            },
        )
    };
    let (items_ref, take) = if p.items.optional {
        (
            quote!(page.#items.as_deref().unwrap_or(&[])),
            quote!(page.#items.unwrap_or_default()),
        )
    } else {
        (quote!(&page.#items), quote!(page.#items))
    };
    let total = p.total.as_ref().map(|t| {
        let n = ident(&t.rust);
        let body = match (t.optional, &t.ty) {
            (true, RustTy::I32) => quote!(page.#n.map(i64::from)),
            (true, _) => quote!(page.#n),
            (false, RustTy::I32) => quote!(#SOME(i64::from(page.#n))),
            (false, _) => quote!(#SOME(page.#n)),
        };
        quote! {
            fn total(page: &Self::Output) -> #OPTION<i64> {
                #body
            }
        }
    });
    let marker = p.marker.as_ref().map(|m| {
        let body = match m {
            MarkerSource::Page(path) => member_path(quote!(page), path),
            MarkerSource::LastItem(id, optional) => {
                let id = ident(id);
                if *optional {
                    quote!(Self::items(page).last().and_then(|r| r.#id.clone()))
                } else {
                    quote!(Self::items(page).last().map(|r| r.#id.clone()))
                }
            }
        };
        quote! {
            fn next_marker(page: &Self::Output) -> #OPTION<#STRING> {
                #body
            }
        }
    });
    let how = match p.style {
        Style::Offset { .. } => format!("advancing `{}` by the records received", p.position.rust),
        Style::PageNumber { .. } => format!("advancing the page number `{}`", p.position.rust),
        Style::Marker => format!("passing the next `{}`", p.position.rust),
    };
    let until = match &p.total {
        Some(t) => format!(
            "until a page is empty or the `{}` the service reports is reached",
            t.rust
        ),
        None => "until a page is empty".to_owned(),
    };
    let d = format!(" Walks every page from this request's position on, {how}, {until}.");
    quote! {
        impl #builder {
            #[doc = #d]
            ///
            /// A page that repeats the previous page's records ends the walk with
            /// `hwc_runtime::Error::Pagination` instead of looping.
            pub fn into_paginator(self) -> #RT_PAGINATOR<#RT_CALL<#request>> {
                #RT_PAGINATOR_NEW(self.0)
            }
        }

        impl #RT_PAGES for #request {
            type Item = #item;

            const STYLE: #RT_STYLE = #style;

            fn position(&self) -> #OPTION<#RT_POSITION> {
                #position
            }

            fn set_position(&mut self, position: &#RT_POSITION) {
                #at
            }

            fn items(page: &Self::Output) -> &[Self::Item] {
                #items_ref
            }

            fn into_items(page: Self::Output) -> #VEC<Self::Item> {
                #take
            }

            #total

            #marker
        }
    }
}
