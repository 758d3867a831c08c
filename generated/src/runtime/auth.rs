//! Credentials: API keys, OAuth access tokens, app instance tokens got from
//! `POST /oauth2/token` (cached and refreshed), and any other
//! [`TokenSource`].
//!
//! Every secret is held in a [`Secret`], whose `Debug` output is
//! `Secret(<redacted>)`; headers made from secrets are marked sensitive, so
//! the HTTP stack never logs them; no error holds one.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use serde_json::{json, Value};

use super::error::{AuthFailure, BoxError};
use super::{Client, Error, HttpMethod, MethodKind};

/// A credential (an API key, a token or a client secret): its `Debug`
/// output never shows it, and it has no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for sending it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// A Wix API key with the site or account it acts on: Wix rejects API-key
/// calls without one, so there is no way to make an `ApiKey` without it.
///
/// Sent as `Authorization: <key>` (the raw key, no `Bearer`) and
/// `wix-site-id: <id>` or `wix-account-id: <id>`, as Wix's JavaScript SDK
/// sends it.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    key: Secret,
    target: Target,
}

/// What an API key acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Site(String),
    Account(String),
}

impl ApiKey {
    /// An API key for site-level calls on the site `site_id`.
    pub fn for_site(key: impl Into<Secret>, site_id: impl Into<String>) -> Self {
        ApiKey {
            key: key.into(),
            target: Target::Site(site_id.into()),
        }
    }

    /// An API key for account-level calls on the account `account_id`.
    pub fn for_account(key: impl Into<Secret>, account_id: impl Into<String>) -> Self {
        ApiKey {
            key: key.into(),
            target: Target::Account(account_id.into()),
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ApiKey");
        debug.field("key", &self.key);
        match &self.target {
            Target::Site(id) => debug.field("site_id", id),
            Target::Account(id) => debug.field("account_id", id),
        };
        debug.finish()
    }
}

/// The credentials of a Wix app installed on a site: the app's client id
/// and secret and the installation's instance id. The client gets an access
/// token for them from `POST /oauth2/token`
/// (`{"grant_type": "client_credentials", "client_id", "client_secret", "instance_id"}`),
/// caches it and gets a new one shortly before it expires: when less than a
/// minute of its `expires_in` is left (for a token that lives less than two
/// minutes, when half its life has passed); an answer without `expires_in`
/// serves the one call it was got for. Concurrent calls that find no fresh
/// token wait for one request, not one each. Clones of a [`Client`] share
/// the cache. The token request is retried as a read. A call answered
/// `401` drops the token it sent (revoked before it expired) and is sent
/// once more with a new one.
#[derive(Clone, PartialEq, Eq)]
pub struct AppInstance {
    client_id: String,
    client_secret: Secret,
    instance_id: String,
}

impl AppInstance {
    /// The app `client_id` with its `client_secret`, on the installation
    /// `instance_id`.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        instance_id: impl Into<String>,
    ) -> Self {
        AppInstance {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            instance_id: instance_id.into(),
        }
    }
}

impl fmt::Debug for AppInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppInstance")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("instance_id", &self.instance_id)
            .finish()
    }
}

/// Any other way of getting an access token, sent as `Authorization: <token>`
/// on every call ([`Client::with_token_source`]).
///
/// `token` is called once per API call (retries of the call reuse its
/// token), so a source should cache its token itself.
///
/// ```
/// use wix_apis::runtime::{BoxError, Secret, TokenSource};
/// use wix_apis::runtime::futures::future::BoxFuture;
///
/// /// Reads the token from the environment on every call.
/// struct FromEnvironment;
///
/// impl TokenSource for FromEnvironment {
///     fn token(&self) -> BoxFuture<'_, Result<Secret, BoxError>> {
///         Box::pin(async { Ok(Secret::new(std::env::var("WIX_ACCESS_TOKEN")?)) })
///     }
/// }
///
/// let client = wix_apis::Client::new().with_token_source(FromEnvironment);
/// # let _ = client;
/// ```
pub trait TokenSource: Send + Sync {
    /// The token for the next call. An error fails the call with
    /// [`Error::Auth`] ([`AuthFailure::TokenSource`]), keeping the error as
    /// its source.
    fn token(&self) -> BoxFuture<'_, Result<Secret, BoxError>>;
}

/// What a [`Client`] authenticates with.
#[derive(Clone, Default)]
pub(super) enum Credentials {
    /// No `Authorization` header.
    #[default]
    None,
    /// An API key and its site or account.
    ApiKey(ApiKey),
    /// An OAuth access token.
    AccessToken(Secret),
    /// An app instance's cached tokens.
    AppInstance(Arc<AppTokens>),
    /// A caller's token source.
    Source(Arc<dyn TokenSource>),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::None => f.write_str("None"),
            Credentials::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
            Credentials::AccessToken(token) => f.debug_tuple("AccessToken").field(token).finish(),
            Credentials::AppInstance(tokens) => f
                .debug_tuple("AppInstance")
                .field(&tokens.instance)
                .finish(),
            Credentials::Source(_) => f.write_str("TokenSource(..)"),
        }
    }
}

impl Credentials {
    /// The credential headers of one call, fetching a token when needed.
    pub(super) async fn headers(&self, client: &Client) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        match self {
            Credentials::None => {}
            Credentials::ApiKey(key) => {
                headers.insert(AUTHORIZATION, sensitive(key.key.expose())?);
                let (name, id) = match &key.target {
                    Target::Site(id) => ("wix-site-id", id),
                    Target::Account(id) => ("wix-account-id", id),
                };
                headers.insert(HeaderName::from_static(name), sensitive(id)?);
            }
            Credentials::AccessToken(token) => {
                headers.insert(AUTHORIZATION, sensitive(token.expose())?);
            }
            Credentials::AppInstance(tokens) => {
                let token = tokens.token(client).await?;
                headers.insert(AUTHORIZATION, sensitive(token.expose())?);
            }
            Credentials::Source(source) => {
                let token = source
                    .token()
                    .await
                    .map_err(|error| Error::auth(AuthFailure::TokenSource, Some(error)))?;
                headers.insert(AUTHORIZATION, sensitive(token.expose())?);
            }
        }
        Ok(headers)
    }
}

/// `value` as a header value marked sensitive (never logged by the HTTP
/// stack); an error that does not show it when it is not a valid one.
fn sensitive(value: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| Error::auth(AuthFailure::InvalidHeaderValue, None))?;
    value.set_sensitive(true);
    Ok(value)
}

/// An app instance's credentials and its cached token.
pub(super) struct AppTokens {
    instance: AppInstance,
    /// The token and when to get a new one. The lock is held while a new
    /// token is fetched, so concurrent calls wait for that one request.
    cache: tokio::sync::Mutex<Option<(Secret, Instant)>>,
}

impl AppTokens {
    pub(super) fn new(instance: AppInstance) -> Self {
        AppTokens {
            instance,
            cache: tokio::sync::Mutex::new(None),
        }
    }

    /// A token that is not about to expire: the cached one, or a new one.
    async fn token(&self, client: &Client) -> Result<Secret, Error> {
        let mut cache = self.cache.lock().await;
        if let Some((token, refresh_at)) = &*cache {
            if Instant::now() < *refresh_at {
                return Ok(token.clone());
            }
        }
        let (token, lifetime) = self.fetch(client).await?;
        let now = Instant::now();
        *cache = lifetime.map(|lifetime| (token.clone(), now + usable_for(lifetime)));
        Ok(token)
    }

    /// Drops the cached token if it is the one `sent` carried, so the next
    /// call gets a new one; a token another call already replaced stays.
    pub(super) async fn forget(&self, sent: &HeaderMap) {
        let mut cache = self.cache.lock().await;
        let sent = sent.get(AUTHORIZATION).map(HeaderValue::as_bytes);
        if let Some((token, _)) = &*cache {
            if sent == Some(token.expose().as_bytes()) {
                *cache = None;
            }
        }
    }

    /// A new token and how long it lives (`None` when the answer does not
    /// say: the token is then used for this call only).
    async fn fetch(&self, client: &Client) -> Result<(Secret, Option<Duration>), Error> {
        let AppInstance {
            client_id,
            client_secret,
            instance_id,
        } = &self.instance;
        let body = json!({
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret.expose(),
            "instance_id": instance_id,
        });
        let answer = super::send_bytes(
            client,
            HttpMethod::Post,
            "/oauth2/token",
            MethodKind::Read,
            &body,
            HeaderMap::new(),
        )
        .await
        .map_err(|mut error| {
            if let Error::Status(api) = &mut error {
                api.redact(client_secret.expose());
            }
            Error::auth(AuthFailure::TokenRequest, Some(Box::new(error)))
        })?;
        // The answer holds the token: nothing of it goes into an error.
        let json: Value = serde_json::from_slice(&answer.body)
            .map_err(|_| Error::auth(AuthFailure::TokenResponse, None))?;
        let token = json
            .get("access_token")
            .and_then(Value::as_str)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| Error::auth(AuthFailure::TokenResponse, None))?;
        let lifetime = json
            .get("expires_in")
            .and_then(|value| {
                value
                    .as_u64()
                    .or_else(|| value.as_str().and_then(|text| text.parse().ok()))
            })
            .map(Duration::from_secs);
        Ok((Secret::new(token), lifetime))
    }
}

/// How long a token that lives `lifetime` is used before a new one is got:
/// until a minute before it expires, or half its life when it lives less
/// than two minutes.
fn usable_for(lifetime: Duration) -> Duration {
    const MARGIN: Duration = Duration::from_secs(60);
    if lifetime >= 2 * MARGIN {
        lifetime.saturating_sub(MARGIN)
    } else {
        lifetime / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_refreshed_a_minute_before_they_expire() {
        assert_eq!(
            usable_for(Duration::from_secs(14_400)),
            Duration::from_secs(14_340)
        );
        assert_eq!(
            usable_for(Duration::from_secs(120)),
            Duration::from_secs(60)
        );
        assert_eq!(usable_for(Duration::from_secs(60)), Duration::from_secs(30));
        assert_eq!(usable_for(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn debug_output_hides_every_secret() {
        let shown = format!(
            "{:?} {:?} {:?} {:?}",
            Secret::new("s3cret-token"),
            ApiKey::for_site("s3cret-key", "site-1"),
            AppInstance::new("app-1", "s3cret-client", "instance-1"),
            Credentials::AccessToken(Secret::new("s3cret-access")),
        );
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("site-1") && shown.contains("instance-1"),
            "{shown}"
        );
    }
}
