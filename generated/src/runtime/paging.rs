//! Auto-pagination of methods with cursor paging, as streams.
//!
//! A method has cursor paging when its request has `cursorPaging` (or
//! `query.cursorPaging`) and its answer has `pagingMetadata.cursors`; its
//! module client then has `<method>_pages` (a stream of answers) and, when
//! the answer has one list of items, `<method>_items` (a stream of the
//! items across pages). Both stream as Wix's JavaScript SDK pages:
//!
//! - the first request is the caller's, as given;
//! - each next request sends only the cursor and the first request's limit,
//!   `{"query": {"cursorPaging": {"cursor": "...", "limit": 10}}}` (or
//!   `{"cursorPaging": {...}}` when the request has its paging at the top),
//!   never `filter` or `sort`, as the API requires; fields that fill the
//!   method's URL path are sent again, since the path needs them;
//! - another page is fetched while `pagingMetadata.cursors.next` is present
//!   and not empty;
//! - a `next` cursor that was already sent ends the stream, after the
//!   answer that holds it, with [`Error::RepeatedCursor`] instead of looping
//!   forever;
//! - pages are fetched one at a time, only when the stream is polled past
//!   the previous one, and items are yielded as their page arrives: nothing
//!   holds more than one page.
//!
//! An error (after the client's retries) is the stream's last item.
//!
//! The streams own a clone of the [`Client`] (cheap: clones share the
//! connection pool and token cache), so they are `'static`, `Send` and
//! `Unpin`.
//!
//! [`Pages`] and [`Items`] are named streams rather than boxed trait
//! objects: the code that sends, decodes and pages is generic and only
//! compiled into a program that polls the stream, so the bindings crate
//! does not compile it for every paged method up front.
//!
//! The generated helpers call [`pages`] and [`items`]; called directly,
//! they page any method, here with JSON for the request and the answers:
//!
//! ```no_run
//! use wix_apis::runtime::futures::TryStreamExt;
//! use wix_apis::runtime::paging::{self, CursorPlace};
//! use wix_apis::runtime::{HttpMethod, MethodKind};
//!
//! # async fn run(client: &wix_apis::Client) -> Result<(), wix_apis::Error> {
//! let request = serde_json::json!({"query": {"cursorPaging": {"limit": 100}}});
//! let mut pages = paging::pages::<_, serde_json::Value>(
//!     client,
//!     HttpMethod::Post,
//!     "/bookings/v2/resources/query",
//!     MethodKind::Read,
//!     CursorPlace::InQuery,
//!     &request,
//! );
//! while let Some(page) = pages.try_next().await? {
//!     println!("{}", page["resources"]);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::{wire, Client, Error, HttpMethod, MethodKind};

/// A stream of a paged method's answers (`Resp`), one per page; made by
/// [`pages`].
pub struct Pages<Resp> {
    /// The stream, made when first polled.
    stream: Option<BoxStream<'static, Result<Resp, Error>>>,
    /// What the stream is made from, until then.
    start: Option<Start>,
}

/// A stream of the items (`T`) of a paged method's answers (`Resp`), across
/// pages; made by [`items`].
pub struct Items<Resp, T> {
    /// The stream, made when first polled.
    stream: Option<BoxStream<'static, Result<T, Error>>>,
    /// What the stream is made from, until then: the pages and how to take
    /// the items from a page.
    start: Option<(Pages<Resp>, ItemsOf<Resp, T>)>,
}

/// How [`Items`] takes the items from a page.
type ItemsOf<Resp, T> = fn(Resp) -> Vec<T>;

/// The first request of a paged stream and where it goes.
struct Start {
    client: Client,
    method: HttpMethod,
    path: &'static str,
    kind: MethodKind,
    place: CursorPlace,
    /// The first request as JSON, or why it could not be encoded.
    first: Result<Value, serde_json::Error>,
}

impl<Resp> fmt::Debug for Pages<Resp> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("path", &self.start.as_ref().map(|start| start.path))
            .field("started", &self.stream.is_some())
            .finish_non_exhaustive()
    }
}

impl<Resp, T> fmt::Debug for Items<Resp, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("started", &self.stream.is_some())
            .finish_non_exhaustive()
    }
}

impl<Resp> Stream for Pages<Resp>
where
    Resp: DeserializeOwned + Send + 'static,
{
    type Item = Result<Resp, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.stream.is_none() {
            this.stream = this.start.take().map(page_stream::<Resp>);
        }
        match &mut this.stream {
            Some(stream) => stream.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

impl<Resp, T> Stream for Items<Resp, T>
where
    Resp: DeserializeOwned + Send + 'static,
    T: Send + 'static,
{
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.stream.is_none() {
            this.stream = this.start.take().map(|(pages, items_of)| {
                pages
                    .map_ok(move |page| stream::iter(items_of(page).into_iter().map(Ok)))
                    .try_flatten()
                    .boxed()
            });
        }
        match &mut this.stream {
            Some(stream) => stream.poll_next_unpin(cx),
            None => Poll::Ready(None),
        }
    }
}

/// Where a method's request holds its cursor paging.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CursorPlace {
    /// `cursorPaging` at the top of the request.
    TopLevel,
    /// `query.cursorPaging`.
    InQuery,
}

impl CursorPlace {
    /// The dotted path of the request's `cursorPaging`.
    fn paging_path(self) -> &'static str {
        match self {
            CursorPlace::TopLevel => "cursorPaging",
            CursorPlace::InQuery => "query.cursorPaging",
        }
    }
}

/// What the stream does next.
enum State {
    /// Send this request.
    Send(Value),
    /// Yield this error, then end.
    Fail(Error),
    /// Nothing more.
    Done,
}

/// The answers of `request` and of the requests that follow its cursors, as
/// the [module docs](self) say. The generated `<method>_pages` helpers call
/// it with their method's HTTP method, path, kind and cursor place. Nothing
/// is sent until the stream is polled.
pub fn pages<Req, Resp>(
    client: &Client,
    method: HttpMethod,
    path: &'static str,
    kind: MethodKind,
    place: CursorPlace,
    request: &Req,
) -> Pages<Resp>
where
    Req: Serialize + ?Sized,
{
    Pages {
        stream: None,
        start: Some(Start {
            client: client.clone(),
            method,
            path,
            kind,
            place,
            first: serde_json::to_value(request),
        }),
    }
}

/// The stream of answers [`pages`] describes.
fn page_stream<Resp>(start: Start) -> BoxStream<'static, Result<Resp, Error>>
where
    Resp: DeserializeOwned + Send + 'static,
{
    let Start {
        client,
        method,
        path,
        kind,
        place,
        first,
    } = start;
    let first = match first {
        Ok(first) => first,
        Err(error) => return stream::once(async { Err(Error::Encode(error)) }).boxed(),
    };
    let paging = place.paging_path();
    let limit = wire::field(&first, &format!("{paging}.limit"))
        .filter(|limit| !limit.is_null())
        .cloned();
    // The fields that fill the path, which every request needs.
    let path_fields: Vec<(String, Value)> = wire::template_names(path)
        .into_iter()
        .filter_map(|name| Some((name.to_owned(), wire::field(&first, name)?.clone())))
        .collect();
    let mut seen = HashSet::new();
    if let Some(Value::String(cursor)) = wire::field(&first, &format!("{paging}.cursor")) {
        seen.insert(cursor.clone());
    }
    let next_request = move |cursor: String| {
        let mut paging_value = Map::new();
        paging_value.insert("cursor".to_owned(), Value::String(cursor));
        if let Some(limit) = &limit {
            paging_value.insert("limit".to_owned(), limit.clone());
        }
        let mut next = Value::Object(Map::new());
        wire::set_field(&mut next, paging, Value::Object(paging_value));
        for (name, value) in &path_fields {
            wire::set_field(&mut next, name, value.clone());
        }
        next
    };
    stream::unfold(
        (State::Send(first), seen, client, next_request),
        move |(state, mut seen, client, next_request)| async move {
            let request = match state {
                State::Send(request) => request,
                State::Fail(error) => {
                    return Some((Err(error), (State::Done, seen, client, next_request)))
                }
                State::Done => return None,
            };
            let (page, next) = match fetch_page::<Resp>(&client, method, path, kind, &request).await
            {
                Ok(fetched) => fetched,
                Err(error) => return Some((Err(error), (State::Done, seen, client, next_request))),
            };
            let state = match next {
                None => State::Done,
                // The page is the server's answer all the same: it comes
                // before the error.
                Some(cursor) if !seen.insert(cursor.clone()) => {
                    State::Fail(Error::RepeatedCursor { cursor })
                }
                Some(cursor) => State::Send(next_request(cursor)),
            };
            Some((Ok(page), (state, seen, client, next_request)))
        },
    )
    .boxed()
}

/// The items of each page of `pages`, as `items_of` takes them from the
/// page, yielded as each page arrives. The generated `<method>_items`
/// helpers call it.
pub fn items<Resp, T>(pages: Pages<Resp>, items_of: fn(Resp) -> Vec<T>) -> Items<Resp, T> {
    Items {
        stream: None,
        start: Some((pages, items_of)),
    }
}

/// Sends one page's request; the decoded answer and its non-empty
/// `pagingMetadata.cursors.next`.
async fn fetch_page<Resp: DeserializeOwned>(
    client: &Client,
    method: HttpMethod,
    path: &str,
    kind: MethodKind,
    request: &Value,
) -> Result<(Resp, Option<String>), Error> {
    let answer = super::send_with_credentials(client, method, path, kind, request).await?;
    let json = answer.json()?;
    let next = json
        .pointer("/pagingMetadata/cursors/next")
        .and_then(Value::as_str)
        .filter(|cursor| !cursor.is_empty())
        .map(str::to_owned);
    let page = Resp::deserialize(&json)
        .map_err(|source| Error::decode(answer.status, answer.request_id, &answer.body, source))?;
    Ok((page, next))
}
