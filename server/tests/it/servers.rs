//! Real servers the integration tests talk to, started here and stopped when the
//! handle drops (even when the test fails): FerretDB (MongoDB wire protocol),
//! the OIDC provider stand-in, s3s-fs and Knot DNS. All are installed by
//! `scripts/install-tools.sh`.
pub mod faults;
pub mod stripe_proxy;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A child process killed on drop, with its scratch directory removed.
pub struct Server {
    child: Child,
    pub dir: PathBuf,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `{pid}-{start}-{n}`: unique within this test process (a counter) and
/// across processes, a reused pid included (the process's start time).
pub fn unique() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    static START: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let start = START.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    });
    format!(
        "{}-{start}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dezky-it-{name}-{}", unique()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

async fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} did not listen on 127.0.0.1:{port} within 60 s");
}

// The test harness finds the stand-ins where scripts/install-tools.sh put them.
#[allow(clippy::disallowed_methods)]
fn tool(name: &str) -> PathBuf {
    let tools = std::env::var("DEZKY_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default())
                .join(".local/share/dezky-tools")
        });
    let path = tools.join("bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-tools.sh",
        path.display()
    );
    path
}

/// FerretDB over SQLite: a real MongoDB-wire-protocol server.
pub async fn ferretdb() -> Server {
    let dir = scratch("ferretdb");
    let port = free_port();
    let debug_port = free_port();
    let mut child = Command::new(tool("ferretdb"))
        .arg("--handler=sqlite")
        .arg(format!("--sqlite-url=file:{}/", dir.display()))
        .arg(format!("--listen-addr=127.0.0.1:{port}"))
        .arg(format!("--debug-addr=127.0.0.1:{debug_port}"))
        .arg("--telemetry=disable")
        .arg(format!("--state-dir={}", dir.display()))
        .arg("--log-level=ERROR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start ferretdb");
    wait_for_port(port, "ferretdb", &mut child).await;
    Server { child, dir, port }
}

/// The OIDC provider stand-in (`dev/oidc`, panva's oidc-provider) with the two
/// clients and the demo accounts.
pub async fn oidc_provider(app_origin: &str) -> Server {
    let dir = scratch("oidc");
    let port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("dev/oidc/server.mjs"))
        .env("OIDC_PORT", port.to_string())
        .env("DEZKY_PUBLIC_URL", app_origin)
        .env("OIDC_ACCESS_TOKEN_TTL", "120")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start node dev/oidc/server.mjs");
    wait_for_port(port, "oidc-provider", &mut child).await;
    Server { child, dir, port }
}

pub const S3_ACCESS_KEY: &str = "dezky-test";
pub const S3_SECRET_KEY: &str = "dezky-test-secret-key";
pub const S3_BUCKET: &str = "dezky-audit";

/// s3s-fs: a real S3 API (SigV4 checked) over a directory; the bucket is a
/// folder of it, objects are files (so tests can tamper with them).
pub async fn s3() -> Server {
    let dir = scratch("s3");
    std::fs::create_dir_all(dir.join(S3_BUCKET)).expect("bucket dir");
    let port = free_port();
    let mut child = Command::new(tool("s3s-fs"))
        .arg("--host=127.0.0.1")
        .arg(format!("--port={port}"))
        .arg(format!("--access-key={S3_ACCESS_KEY}"))
        .arg(format!("--secret-key={S3_SECRET_KEY}"))
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start s3s-fs");
    wait_for_port(port, "s3s-fs", &mut child).await;
    Server { child, dir, port }
}

impl Server {
    pub fn s3_endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The AUDIT_COLD_* variables for this bucket.
    pub fn cold_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AUDIT_COLD_ENDPOINT", self.s3_endpoint()),
            ("AUDIT_COLD_BUCKET", S3_BUCKET.into()),
            ("AUDIT_COLD_ACCESS_KEY", S3_ACCESS_KEY.into()),
            ("AUDIT_COLD_SECRET_KEY", S3_SECRET_KEY.into()),
        ]
    }

    /// Where an object of the bucket lives on disk.
    pub fn object_path(&self, key: &str) -> PathBuf {
        self.dir.join(S3_BUCKET).join(key)
    }

    pub fn mongodb_url(&self, database: &str) -> String {
        format!("mongodb://127.0.0.1:{}/{database}", self.port)
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}/application/o/dezky/", self.port)
    }
}

/// Knot DNS, authoritative for one zone from a zone file, changed live with
/// `knotc` (as an admin publishing records would).
pub struct Knot {
    pub server: Server,
    conf: PathBuf,
    pub zone: String,
}

pub async fn knot(zone: &str, records: &str) -> Knot {
    knot_at(free_port(), zone, records).await
}

/// The same on a given port (to bring a stopped server back).
pub async fn knot_at(port: u16, zone: &str, records: &str) -> Knot {
    let dir = scratch("knot");
    let conf = dir.join("knot.conf");
    let zone_file = format!(
        "$ORIGIN {zone}.\n$TTL 60\n\
         @ SOA ns1 hostmaster 1 3600 600 86400 60\n\
         @ NS ns1\n\
         ns1 A 127.0.0.1\n{records}\n"
    );
    std::fs::write(dir.join(format!("{zone}.zone")), zone_file).expect("zone file");
    let d = dir.display();
    std::fs::write(
        &conf,
        format!(
            "server:\n  listen: 127.0.0.1@{port}\n  rundir: {d}\n\
             database:\n  storage: {d}\n\
             control:\n  listen: {d}/knot.sock\n\
             log:\n  - target: stderr\n    any: error\n\
             template:\n  - id: default\n    storage: {d}\n    file: \"%s.zone\"\n    zonefile-sync: -1\n\
             zone:\n  - domain: {zone}\n"
        ),
    )
    .expect("knot.conf");
    let mut child = Command::new("/usr/sbin/knotd")
        .arg("-c")
        .arg(&conf)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start knotd (apt package knot: scripts/install-tools.sh)");
    wait_for_port(port, "knotd", &mut child).await;
    Knot {
        server: Server { child, dir, port },
        conf,
        zone: zone.to_owned(),
    }
}

impl Knot {
    /// `127.0.0.1:PORT`, for `DNS_RESOLVERS`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.server.port)
    }

    /// Replaces the records of `owner` of one type in a zone transaction.
    pub fn set(&self, owner: &str, rtype: &str, values: &[&str]) {
        self.knotc(&["zone-begin", &self.zone]);
        let _ = self.try_knotc(&["zone-unset", &self.zone, owner, rtype]);
        for v in values {
            self.knotc(&["zone-set", &self.zone, owner, "60", rtype, v]);
        }
        self.knotc(&["zone-commit", &self.zone]);
    }

    fn try_knotc(&self, args: &[&str]) -> std::process::Output {
        Command::new("/usr/sbin/knotc")
            .arg("-c")
            .arg(&self.conf)
            .args(args)
            .output()
            .expect("run knotc")
    }

    fn knotc(&self, args: &[&str]) {
        let out = self.try_knotc(args);
        assert!(
            out.status.success() && !String::from_utf8_lossy(&out.stdout).contains("error"),
            "knotc {args:?}: {} {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

pub const SMTP_USER: &str = "dezky-smtp";
pub const SMTP_PASSWORD: &str = "smtp-test-password-1";

/// maildev: an SMTP server that requires AUTH, and a JSON API with what it
/// received (`dev/mail`, from npm).
pub struct Maildev {
    pub server: Server,
    pub web_port: u16,
}

pub async fn maildev() -> Maildev {
    let dir = scratch("maildev");
    let port = free_port();
    let web_port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("dev/mail/node_modules/maildev/bin/maildev"))
        .arg(format!("--smtp={port}"))
        .arg(format!("--web={web_port}"))
        .arg("--ip=127.0.0.1")
        .arg(format!("--incoming-user={SMTP_USER}"))
        .arg(format!("--incoming-pass={SMTP_PASSWORD}"))
        .arg(format!("--mail-directory={}", dir.display()))
        .arg("--silent")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start maildev (npm, dev/mail: scripts/install-tools.sh)");
    wait_for_port(port, "maildev", &mut child).await;
    wait_for_port(web_port, "maildev web", &mut child).await;
    Maildev {
        server: Server { child, dir, port },
        web_port,
    }
}

impl Maildev {
    /// The SMTP_* variables for this catcher (plain text on 127.0.0.1, AUTH).
    pub fn smtp_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("SMTP_HOST", "127.0.0.1".into()),
            ("SMTP_PORT", self.server.port.to_string()),
            ("SMTP_SECURITY", "none".into()),
            ("SMTP_USERNAME", SMTP_USER.into()),
            ("SMTP_PASSWORD", SMTP_PASSWORD.into()),
            ("SMTP_FROM", "dezky <noreply@dezky.test>".into()),
            ("SMTP_TIMEOUT_MS", "3000".into()),
        ]
    }

    /// Every message received so far (maildev's JSON form).
    pub async fn received(&self) -> Vec<serde_json::Value> {
        reqwest::get(format!("http://127.0.0.1:{}/email", self.web_port))
            .await
            .expect("maildev API")
            .json()
            .await
            .expect("maildev JSON")
    }
}

/// The service-account token the development identity provider accepts.
pub const AUTHENTIK_TOKEN: &str = "dev-authentik-token";

/// Authentik's admin API as the tests see it: Prism (proxy mode) serving
/// Authentik's own `schema.yml`, validating every request and every answer,
/// in front of the development identity provider (`dev/oidc`), which keeps
/// the directory. A request or an answer the schema rejects comes back as
/// Prism's 4xx/500 with the violations, so the test fails.
pub struct AuthentikApi {
    pub prism: Server,
    /// Kept so it stops with the proxy.
    _upstream: Server,
}

pub async fn authentik() -> AuthentikApi {
    let upstream = oidc_provider("http://127.0.0.1:9").await;
    let prism = prism(
        "authentik.yml",
        &format!("http://127.0.0.1:{}", upstream.port),
    )
    .await;
    AuthentikApi {
        prism,
        _upstream: upstream,
    }
}

impl AuthentikApi {
    /// The AUTHENTIK_* variables for this stand-in.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "AUTHENTIK_API_URL",
                format!("http://127.0.0.1:{}/api/v3/", self.prism.port),
            ),
            ("AUTHENTIK_API_TOKEN", AUTHENTIK_TOKEN.into()),
            ("AUTHENTIK_TIMEOUT_MS", "5000".into()),
        ]
    }

    /// A raw call through Prism (for setting up what dezky never does itself,
    /// e.g. a recovery flow).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let mut req = reqwest::Client::new()
            .request(
                method,
                format!("http://127.0.0.1:{}/api/v3/{path}", self.prism.port),
            )
            .bearer_auth(AUTHENTIK_TOKEN);
        if !body.is_null() {
            req = req.json(&body);
        }
        let res = req.send().await.expect("prism answers");
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or_default())
    }
}

/// Prism in proxy mode on one of the specs `dev/prism/prepare.mjs` writes,
/// with `--errors`: every request and answer is validated against the spec.
async fn prism(spec: &str, upstream: &str) -> Server {
    let dir = scratch("prism");
    let prepared = Command::new("node")
        .arg(repo_root().join("dev/prism/prepare.mjs"))
        .arg(&dir)
        .stdout(Stdio::null())
        .status()
        .expect("node dev/prism/prepare.mjs");
    assert!(prepared.success(), "preparing the API specs failed");
    let port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("dev/prism/node_modules/@stoplight/prism-cli/dist/index.js"))
        .args([
            "proxy",
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "--errors",
        ])
        .arg(dir.join(spec))
        .arg(upstream)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prism (npm, dev/prism: scripts/install-tools.sh)");
    wait_for_port(port, "prism", &mut child).await;
    Server { child, dir, port }
}

/// stripe-mock: Stripe's own API mock (its OpenAPI spec and fixtures, as
/// `dev/stripe/prepare.py` writes them, next to the binary). It
/// validates every request's parameters and answers fixture-shaped objects;
/// it keeps no state (a created customer is not there to read back).
#[allow(clippy::disallowed_methods)] // the version scripts/env.sh installs
pub async fn stripe_mock() -> Server {
    let dir = scratch("stripe-mock");
    let port = free_port();
    let share = tool("stripe-mock")
        .parent()
        .and_then(|bin| bin.parent())
        .map(|tools| {
            tools.join(format!(
                "share/stripe-mock-{}",
                std::env::var("STRIPE_MOCK_VERSION").unwrap_or_else(|_| "v0.203.0".into())
            ))
        })
        .expect("the tools directory");
    let mut child = Command::new(tool("stripe-mock"))
        .arg("-spec")
        .arg(share.join("spec3.json"))
        .arg("-fixtures")
        .arg(share.join("fixtures3.json"))
        .arg("-http-addr")
        .arg(format!("127.0.0.1:{port}"))
        // Its HTTPS listener would take :12112 on every interface otherwise.
        .arg("-https-addr")
        .arg(format!("127.0.0.1:{}", free_port()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start stripe-mock (go install: scripts/install-tools.sh)");
    wait_for_port(port, "stripe-mock", &mut child).await;
    Server { child, dir, port }
}

impl Server {
    /// The STRIPE_* variables pointing at this stripe-mock.
    pub fn stripe_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("STRIPE_SECRET_KEY", "sk_test_123".into()),
            ("STRIPE_WEBHOOK_SECRET", "whsec_dezky_test".into()),
            (
                "STRIPE_API_BASE",
                format!("http://127.0.0.1:{}/", self.port),
            ),
            ("STRIPE_TIMEOUT_MS", "5000".into()),
        ]
    }
}

pub const STALWART_SECRET: &str = "it-stalwart-secret";

/// Stalwart's JMAP management API as the tests see it: `dev/stalwart`, a
/// stateful server that checks every object written to it against
/// Stalwart's own published schema (refusing what Stalwart refuses).
pub async fn stalwart() -> Server {
    let dir = scratch("stalwart");
    let port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("dev/stalwart/server.mjs"))
        .args(["--port", &port.to_string(), "--secret", STALWART_SECRET])
        .args(["--hostname", "mail.dezky.test"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node dev/stalwart/server.mjs");
    wait_for_port(port, "stalwart stand-in", &mut child).await;
    Server { child, dir, port }
}

impl Server {
    /// The STALWART_* variables pointing at this stand-in, provisioning on.
    pub fn stalwart_env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("STALWART_URL", format!("http://127.0.0.1:{}", self.port)),
            ("STALWART_ADMIN_SECRET", STALWART_SECRET.into()),
            ("STALWART_TIMEOUT_MS", "5000".into()),
            ("STALWART_PROVISIONING_ENABLED", "true".into()),
        ]
    }
}

/// The files server as the tests see it: Prism (proxy mode, `--errors`)
/// serving libre-graph-api v1.0 (`dev/files/libregraph.yaml`, paths under
/// `/graph`) in front of `dev/files`, which checks every bearer token at the
/// development identity provider's userinfo endpoint, as OCIS does; the
/// service user is the provider's `svc-files` account.
pub struct Files {
    pub prism: Server,
    pub fake: Server,
    pub oidc: Server,
}

pub async fn files() -> Files {
    let oidc = oidc_provider("http://127.0.0.1:9").await;
    let fake = files_behind(&oidc.issuer()).await;
    let prism = prism("libregraph.yml", &format!("http://127.0.0.1:{}", fake.port)).await;
    Files { prism, fake, oidc }
}

/// `dev/files` alone, trusting `issuer` (its admin is `svc-files`).
pub async fn files_behind(issuer: &str) -> Server {
    let dir = scratch("files");
    let port = free_port();
    let mut child = Command::new("node")
        .arg(repo_root().join("dev/files/server.mjs"))
        .args(["--port", &port.to_string(), "--issuer", issuer])
        .args(["--admin", "svc-files", "--quota", "1073741824"])
        .arg("--audit-log")
        .arg(dir.join("audit.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node dev/files/server.mjs");
    wait_for_port(port, "files stand-in", &mut child).await;
    Server { child, dir, port }
}

impl Files {
    /// The OCIS_* variables (through Prism).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("OCIS_URL", format!("http://127.0.0.1:{}", self.prism.port)),
            ("OCIS_OIDC_ISSUER", self.oidc.issuer()),
            ("OCIS_TIMEOUT_MS", "5000".into()),
            (
                "OCIS_AUDIT_LOG",
                self.fake.dir.join("audit.log").display().to_string(),
            ),
        ]
    }
}
