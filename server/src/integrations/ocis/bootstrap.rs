//! `dezky files-bootstrap`: the one sign-in of the files service user that
//! yields the refresh token everything else lives on.
//!
//! Interactive (the default): an authorization-code flow with PKCE through
//! OCIS' public client, redirected to a loopback port on this machine
//! (RFC 8252: any port of `http://127.0.0.1/callback`). The command prints a
//! URL; whoever holds the service user's password opens it and signs in; the
//! command receives the code, exchanges it and stores the tokens sealed.
//! `--refresh-token-stdin`: a refresh token obtained elsewhere (a headless
//! login script) is read from standard input, proven by one refresh (which
//! rotates it) and stored the same way.
use super::TokenSource;
use super::token::{CREDENTIAL_ID, TokenResponse};
use app::repo::ServiceCredential;
use base64::Engine;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The bootstrap result: who signed in.
#[derive(Debug)]
pub struct Bootstrapped {
    pub subject: String,
}

/// Runs the loopback sign-in; `announce` gets the URL to open.
pub async fn interactive(
    tokens: &TokenSource,
    announce: impl FnOnce(&str),
    wait: std::time::Duration,
) -> Result<Bootstrapped, String> {
    let endpoints = tokens.endpoints().await.map_err(words)?.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot listen on a loopback port: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let redirect = format!("http://127.0.0.1:{port}/callback");
    let (challenge, verifier) = openidconnect::PkceCodeChallenge::new_random_sha256();
    let state = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 16]>());
    let mut url = url::Url::parse(&endpoints.authorization_endpoint)
        .map_err(|e| format!("authorization endpoint: {e}"))?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &tokens.config.client_id)
        .append_pair("redirect_uri", &redirect)
        .append_pair("scope", "openid offline_access profile email")
        .append_pair("state", &state)
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", "S256");
    announce(url.as_str());
    let (code, returned_state) = tokio::time::timeout(wait, callback(&listener))
        .await
        .map_err(|_| "nobody signed in before the time ran out".to_owned())??;
    if returned_state != state {
        return Err("the sign-in came back with another state (not this bootstrap)".into());
    }
    let answer = tokens
        .grant(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", &redirect),
            ("code_verifier", verifier.secret()),
        ])
        .await
        .map_err(words)?;
    store(tokens, answer).await
}

/// Stores a refresh token obtained elsewhere, after proving it with a refresh.
pub async fn from_refresh_token(
    tokens: &TokenSource,
    refresh_token: &str,
) -> Result<Bootstrapped, String> {
    let answer = tokens
        .grant(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.trim()),
        ])
        .await
        .map_err(words)?;
    let answer = TokenResponse {
        refresh_token: answer
            .refresh_token
            .or_else(|| Some(refresh_token.trim().to_owned())),
        ..answer
    };
    store(tokens, answer).await
}

fn words(kind: app::ports::api_error::ApiErrorKind) -> String {
    use app::ports::api_error::ApiErrorKind as K;
    match kind {
        K::Rejected(w) | K::Unavailable(w) => w,
        K::NotFound => "not found".into(),
        K::Unauthorised => "refused".into(),
    }
}

async fn store(tokens: &TokenSource, answer: TokenResponse) -> Result<Bootstrapped, String> {
    let refresh = answer.refresh_token.ok_or(
        "the identity provider issued no refresh token (is offline_access allowed for the client?)",
    )?;
    let endpoints = tokens.endpoints().await.map_err(words)?;
    let who: serde_json::Value = tokens
        .http
        .get(&endpoints.userinfo_endpoint)
        .bearer_auth(&answer.access_token)
        .send()
        .await
        .map_err(|e| format!("userinfo: {}", e.without_url()))?
        .json()
        .await
        .map_err(|e| format!("userinfo: {e}"))?;
    let subject = who["sub"].as_str().unwrap_or_default().to_owned();
    let now = tokens.repo.now();
    tokens
        .repo
        .put_service_credential(ServiceCredential {
            id: CREDENTIAL_ID.into(),
            subject: subject.clone(),
            refresh_token: tokens.seal(&refresh),
            access_token: Some(tokens.seal(&answer.access_token)),
            access_expires_at: now + answer.expires_in.unwrap_or(300).max(1) * 1000,
            obtained_at: now,
            rotated_at: now,
            version: 0,
        })
        .await
        .map_err(|e| format!("store: {e}"))?;
    Ok(Bootstrapped { subject })
}

/// Waits for the browser's redirect and answers it; returns (code, state).
async fn callback(listener: &tokio::net::TcpListener) -> Result<(String, String), String> {
    loop {
        let (mut socket, _) = listener.accept().await.map_err(|e| e.to_string())?;
        let mut buf = vec![0u8; 8192];
        let mut len = 0;
        while len < buf.len() {
            let n = socket
                .read(&mut buf[len..])
                .await
                .map_err(|e| e.to_string())?;
            if n == 0 {
                break;
            }
            len += n;
            if buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                break;
            }
        }
        let head = String::from_utf8_lossy(&buf[..len]);
        let target = head
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("/");
        let Ok(url) = url::Url::parse(&format!("http://127.0.0.1{target}")) else {
            continue;
        };
        if url.path() != "/callback" {
            let _ = socket
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await;
            continue;
        }
        let param = |k: &str| {
            url.query_pairs()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.into_owned())
        };
        let (body, result) = match (param("code"), param("state"), param("error")) {
            (Some(code), Some(state), _) => (
                "dezky: the files service user is signed in. You can close this window.",
                Ok((code, state)),
            ),
            (_, _, Some(error)) => (
                "dezky: the sign-in was refused.",
                Err(format!(
                    "the identity provider refused: {error} {}",
                    param("error_description").unwrap_or_default()
                )),
            ),
            _ => continue,
        };
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = socket.write_all(answer.as_bytes()).await;
        return result;
    }
}

/// The `dezky files-bootstrap [--refresh-token-stdin]` command, with the
/// server's own configuration (store, `DEZKY_TOKEN_KEYS`, `OCIS_*`).
pub async fn command(config: crate::config::Config, args: &[String]) -> Result<String, String> {
    let ocis = config
        .ocis
        .as_ref()
        .ok_or("OCIS_URL is not set: files are not connected")?;
    let keys = config
        .auth
        .token_keys
        .clone()
        .ok_or("DEZKY_TOKEN_KEYS is not set")?;
    let store = crate::store::open(&config.store.url)
        .await
        .map_err(|e| format!("store: {e}"))?;
    let repo = app::repo::Repo::new(
        store,
        std::sync::Arc::new(crate::clock::SystemClock::default()),
    );
    let tokens = TokenSource::new(ocis, repo, keys)?;
    let done = if args.iter().any(|a| a == "--refresh-token-stdin") {
        let token = tokio::task::spawn_blocking(|| {
            let mut token = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut token).map(|_| token)
        })
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("stdin: {e}"))?;
        from_refresh_token(&tokens, &token).await?
    } else {
        interactive(
            &tokens,
            |url| {
                eprintln!(
                    "Open this address and sign in as the files service user \
                     (the account holding OCIS' admin role):\n\n  {url}\n\n\
                     Waiting up to 10 minutes for the sign-in to come back to this machine..."
                );
            },
            std::time::Duration::from_secs(600),
        )
        .await?
    };
    Ok(format!(
        "files credential stored for {} (refresh token sealed, rotated on every use)",
        done.subject
    ))
}
