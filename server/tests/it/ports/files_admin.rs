//! The files-admin port against OCIS' published API: every call goes through
//! Prism serving libre-graph-api v1.0 (a request or answer the description
//! rejects fails the call) to `dev/files`, which accepts only tokens the
//! development identity provider really issued (checked at its userinfo
//! endpoint, as OCIS checks them). The service user is signed in once by
//! the bootstrap (driven here as a person at a browser would), and the
//! refresh token is rotated on every use, on both stores.
use crate::flows::audit::{Stores, open};
use crate::servers;
use crate::servers::faults::{self, Fault};
use app::ports::api_error::ApiErrorKind as Kind;
use app::ports::files_admin::{FilesAdmin, NewFilesUser, storage_of};
use app::repo::{Repo, ServiceCredential};
use reqwest::StatusCode;
use server::auth::sealed::TokenKeys;
use server::config::Env;
use server::integrations::ocis::{CREDENTIAL_ID, Ocis, OcisConfig, TokenSource, bootstrap};
use std::sync::Arc;
use std::time::Duration;

pub(crate) fn ocis_config(vars: &[(&'static str, String)]) -> OcisConfig {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    OcisConfig::from_env(&Env::from_pairs(pairs))
        .unwrap()
        .unwrap()
}

pub(crate) fn keys() -> Arc<TokenKeys> {
    Arc::new(TokenKeys::new(&[("it".to_owned(), [7u8; 32])]).unwrap())
}

async fn open_repo(url: &str) -> Repo {
    Repo::new(
        open(url).await,
        Arc::new(server::clock::SystemClock::default()),
    )
}

/// A person at a browser: opens the bootstrap's URL, signs in at the
/// development provider as `account`, and follows the redirect back to the
/// loopback port. Returns the status the loopback answered.
pub(crate) async fn sign_in_at(oidc_port: u16, url: &str, account: &str) -> StatusCode {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut url = url.to_owned();
    for _ in 0..12 {
        let absolute = if url.starts_with('/') {
            format!("http://127.0.0.1:{oidc_port}{url}")
        } else {
            url.clone()
        };
        let res = browser.get(&absolute).send().await.unwrap();
        if absolute.contains("/callback?") {
            return res.status();
        }
        if res.status() == StatusCode::OK {
            let html = res.text().await.unwrap();
            let action = html
                .split("action=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("the login form")
                .to_owned();
            let post = if action.starts_with('/') {
                format!("http://127.0.0.1:{oidc_port}{action}")
            } else {
                action
            };
            // The login form, then (offline access asks for it) the consent.
            let form: &[(&str, &str)] = if html.contains("name=\"login\"") {
                &[
                    ("prompt", "login"),
                    ("login", account),
                    ("password", "demo"),
                ]
            } else {
                &[("prompt", "consent")]
            };
            let res = browser.post(post).form(form).send().await.unwrap();
            url = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            continue;
        }
        url = res
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_else(|| panic!("no redirect from {absolute}: {}", res.status()))
            .to_owned();
    }
    panic!("the sign-in never came back to the loopback port");
}

/// Runs the interactive bootstrap, signing in as `account` at the
/// development provider on `oidc_port`.
pub(crate) async fn bootstrap_as(
    oidc_port: u16,
    tokens: Arc<TokenSource>,
    account: &str,
) -> String {
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    let run = tokio::spawn(async move {
        bootstrap::interactive(
            &tokens,
            move |url| {
                let _ = tx.send(url.to_owned());
            },
            Duration::from_secs(30),
        )
        .await
    });
    let url = rx.await.expect("the bootstrap announces a URL");
    assert!(url.contains("client_id=ocis-web") && url.contains("code_challenge_method=S256"));
    assert_eq!(sign_in_at(oidc_port, &url, account).await, StatusCode::OK);
    run.await.unwrap().expect("bootstrapped").subject
}

async fn stored(repo: &Repo) -> ServiceCredential {
    repo.service_credential(CREDENTIAL_ID)
        .await
        .unwrap()
        .expect("a stored credential")
}

/// Lets the stored access token lapse (as time would), so the next call
/// must refresh.
async fn expire(repo: &Repo) {
    let c = stored(repo).await;
    repo.update_service_credential(&ServiceCredential {
        access_expires_at: 0,
        ..c
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn the_service_user_signs_in_once_and_its_refresh_token_rotates_on_every_use() {
    let files = servers::files().await;
    let stores = Stores::start().await;
    for url in stores.urls("files") {
        let config = ocis_config(&files.env());
        let repo = open_repo(&url).await;
        let tokens = Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap());
        let ocis = Ocis::with_tokens(&config, tokens.clone()).unwrap();
        let before = ocis.check().await.unwrap_err();
        assert_eq!(
            before.to_string(),
            "files: check the service user: no files credential yet: sign the files service \
             user in with `dezky files-bootstrap`"
        );

        assert_eq!(
            bootstrap_as(files.oidc.port, tokens.clone(), "svc-files").await,
            "svc-files"
        );
        let first = stored(&repo).await;
        assert!(first.refresh_token.starts_with("sealed1"), "sealed at rest");
        ocis.check()
            .await
            .expect("the files server accepts the token");

        // Every refresh rotates: a new refresh token is stored each time.
        let mut seen = vec![first.refresh_token.clone()];
        for _ in 0..2 {
            expire(&repo).await;
            let fresh = Ocis::with_tokens(
                &config,
                Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap()),
            )
            .unwrap();
            fresh.drives().await.expect("a refreshed token works");
            let now = stored(&repo).await;
            assert!(!seen.contains(&now.refresh_token), "rotated");
            assert!(now.rotated_at >= first.rotated_at);
            seen.push(now.refresh_token);
        }

        // Two instances whose token lapsed at once: one refreshes under the
        // lease, the other waits and takes the shared token; the grant
        // survives (spending one refresh token twice would revoke it).
        expire(&repo).await;
        let a = TokenSource::new(&config, open_repo(&url).await, keys()).unwrap();
        let b = TokenSource::new(&config, open_repo(&url).await, keys()).unwrap();
        let (ta, tb) = tokio::join!(a.access_token(), b.access_token());
        assert!(
            ta.is_ok() && tb.is_ok(),
            "both instances get a token: {:?} {:?}",
            ta.err(),
            tb.err()
        );
        expire(&repo).await;
        let c = TokenSource::new(&config, repo.clone(), keys()).unwrap();
        c.access_token().await.expect("the grant is still alive");

        // A spent refresh token is refused, and a provider that detects
        // the replay revokes the grant: the adapter says what to do.
        let spent = keys()
            .open("service-credential:files", &seen[0])
            .expect("opens with the key");
        let replay = bootstrap::from_refresh_token(&c, &spent).await.unwrap_err();
        assert!(replay.contains("refused the refresh token"), "{replay}");
        expire(&repo).await;
        let dead = Ocis::with_tokens(
            &config,
            Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap()),
        )
        .unwrap();
        let err = dead.drives().await.unwrap_err();
        assert!(err.to_string().contains("`dezky files-bootstrap`"), "{err}");
        // And a new bootstrap brings it back.
        assert_eq!(
            bootstrap_as(files.oidc.port, tokens.clone(), "svc-files").await,
            "svc-files"
        );
        dead.drives().await.expect("working again");
    }
}

#[tokio::test]
async fn people_and_their_drives_through_the_published_api() {
    let files = servers::files().await;
    let config = ocis_config(&files.env());
    let dir = std::env::temp_dir().join(format!("dezky-files-{}", servers::unique()));
    let repo = open_repo(&format!("sqlite://{}/dezky.db", dir.display())).await;
    let tokens = Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap());
    bootstrap_as(files.oidc.port, tokens.clone(), "svc-files").await;
    let ocis = Ocis::with_tokens(&config, tokens).unwrap();

    let ole = ocis
        .create_user(&NewFilesUser {
            email: "Ole@Fjord-Tandklinik.example".into(),
            display_name: "Ole Østergård".into(),
        })
        .await
        .unwrap();
    assert_eq!(ole.username, "ole@fjord-tandklinik.example");
    assert_eq!(ole.email, "ole@fjord-tandklinik.example");
    assert!(ole.enabled);
    assert_eq!(
        ocis.find_user("OLE@fjord-tandklinik.example")
            .await
            .unwrap(),
        Some(ole.clone())
    );
    assert_eq!(
        ocis.find_user("nobody@fjord-tandklinik.example")
            .await
            .unwrap(),
        None
    );
    let dup = ocis
        .create_user(&NewFilesUser {
            email: "ole@fjord-tandklinik.example".into(),
            display_name: "Ole".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        dup.to_string(),
        "files: create user: refused: a user with the name ole@fjord-tandklinik.example already exists"
    );

    assert!(!ocis.set_enabled(&ole.id, false).await.unwrap().enabled);
    assert!(ocis.set_enabled(&ole.id, true).await.unwrap().enabled);

    // Usage as the files server reports it (set on the stand-in as if Ole
    // had uploaded 300 MB).
    let bo = ocis
        .create_user(&NewFilesUser {
            email: "bo@fjord-tandklinik.example".into(),
            display_name: "Bo".into(),
        })
        .await
        .unwrap();
    let token = ocis.tokens().access_token().await.unwrap();
    let set = reqwest::Client::new()
        .put(format!(
            "http://127.0.0.1:{}/dev/usage/{}",
            files.fake.port, ole.id
        ))
        .bearer_auth(secrecy::ExposeSecret::expose_secret(&token))
        .json(&serde_json::json!({ "used": 300_000_000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), StatusCode::OK);
    let drives = ocis.drives().await.unwrap();
    assert_eq!(drives.len(), 2);
    let oles = drives
        .iter()
        .find(|d| d.owner_id.as_deref() == Some(ole.id.as_str()))
        .expect("Ole's personal drive");
    assert_eq!(oles.kind, "personal");
    assert_eq!(oles.quota.used, 300_000_000);
    assert_eq!(oles.quota.total, Some(1_073_741_824));
    let tenant = storage_of(&drives, &[ole.id.as_str(), bo.id.as_str()]);
    assert_eq!(tenant.used, 300_000_000);
    assert_eq!(tenant.total, Some(2 * 1_073_741_824));

    ocis.delete_user(&ole.id).await.unwrap();
    assert_eq!(
        ocis.find_user("ole@fjord-tandklinik.example")
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        ocis.drives().await.unwrap().len(),
        1,
        "the personal drive went with Ole"
    );
    assert_eq!(
        ocis.delete_user(&ole.id).await.unwrap_err().kind,
        Kind::NotFound
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_service_user_without_the_admin_role_and_a_failing_server_are_named() {
    let files = servers::files().await;
    let config = ocis_config(&files.env());
    let dir = std::env::temp_dir().join(format!("dezky-files-{}", servers::unique()));
    let repo = open_repo(&format!("sqlite://{}/dezky.db", dir.display())).await;
    let tokens = Arc::new(TokenSource::new(&config, repo.clone(), keys()).unwrap());
    // Signed in as an ordinary person: OCIS accepts the token but refuses
    // the admin listing.
    assert_eq!(
        bootstrap_as(files.oidc.port, tokens.clone(), "member").await,
        "member"
    );
    let ocis = Ocis::with_tokens(&config, tokens.clone()).unwrap();
    ocis.check().await.expect("the token itself is valid");
    let refused = ocis.drives().await.unwrap_err();
    assert_eq!(refused.kind, Kind::Unauthorised);
    assert_eq!(
        refused.to_string(),
        "files: list drives: the service user's token was refused"
    );

    for (fault, expect) in faults::JSON_API_FAULTS {
        let stand_in = faults::serve(fault).await;
        let mut vars = files.env();
        vars[0].1 = stand_in.url();
        vars[2].1 = "500".into();
        let broken = Ocis::with_tokens(&ocis_config(&vars), tokens.clone()).unwrap();
        let text = broken.drives().await.unwrap_err().to_string();
        assert!(
            text.starts_with("files: list drives: ") && text.contains(expect),
            "{fault:?}: {text}"
        );
        let text = broken
            .create_user(&NewFilesUser {
                email: "x@fjord-tandklinik.example".into(),
                display_name: "X".into(),
            })
            .await
            .unwrap_err()
            .to_string();
        assert!(text.starts_with("files: create user: "), "{text}");
        if matches!(fault, Fault::Status(503)) {
            // The listing was tried twice, the create once.
            assert_eq!(stand_in.requests(), 3);
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}
