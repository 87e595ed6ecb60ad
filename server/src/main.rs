//! `dezky`: the platform's server binary.
//!
//!   dezky                      serves the platform
//!   dezky files-bootstrap      signs the files service user in once
//!                              (`--refresh-token-stdin`: from a token)
use anyhow::Context;
use server::config::{Config, Env};
use std::time::Duration;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env(&Env::from_process())?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("files-bootstrap") {
        // The one sign-in of the files service user (see
        // server::integrations::ocis::bootstrap).
        let done = server::integrations::ocis::bootstrap::command(config, &args)
            .await
            .map_err(|e| anyhow::anyhow!("files-bootstrap: {e}"))?;
        eprintln!("{done}");
        return Ok(());
    }
    server::observability::init(&config.log)?;
    let addr = config.http.listen_addr;
    let grace = Duration::from_secs(config.http.shutdown_grace_secs);
    let state = server::AppState::new(config).await?;
    server::composition::start_workers(&state);
    let auth = state.auth.clone();
    let app = server::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr} (DEZKY_LISTEN_ADDR)"))?;
    tracing::info!(%addr, "dezky listening on http://{addr}");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!(
            grace_secs = grace.as_secs(),
            "shutting down: finishing in-flight requests"
        );
        let _ = tx.send(());
    });
    let server = tokio::spawn(async move { server.await });
    // After the signal, in-flight requests get `grace` to finish.
    tokio::select! {
        res = server => res.context("server task failed")?.context("server error")?,
        () = async { let _ = rx.await; tokio::time::sleep(grace).await; } => {
            tracing::warn!("grace period over; exiting with requests still in flight");
        }
    }
    // Counted sign-in failures of open windows are not lost at a stop.
    auth.flush_failures(true).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
