# Production image of the dezky app (built where container tooling is available).
FROM rust:1.95-bookworm AS build
# scripts/build-site.sh needs wasm-bindgen (pinned to the crate), wasm-split-cli (the
# bundle's per-route chunks; our patched copy in vendor/, whose `--nested` and
# `--shared-into-main` the build uses), lightningcss and wasm-opt (npm), brotli,
# and rust-src (the release wasm rebuilds the standard library); no cargo-leptos.
RUN rustup target add wasm32-unknown-unknown \
 && rustup component add rust-src \
 && cargo install wasm-bindgen-cli --version 0.2.130 \
 && apt-get update && apt-get install -y --no-install-recommends nodejs npm brotli python3 \
 && npm install -g binaryen@132.0.0 lightningcss-cli@1.33.0
WORKDIR /src
COPY . .
RUN cargo install --path vendor/wasm_split_cli_support --locked --features build-binary
RUN CARGO_TARGET_DIR=/src/target scripts/build-site.sh --release

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/release/dezky /app/dezky
COPY --from=build /src/target/release/bundle.txt /app/bundle.txt
COPY --from=build /src/target/site /app/site
ENV DEZKY_SITE_ROOT=/app/site DEZKY_LISTEN_ADDR=0.0.0.0:3000
EXPOSE 3000
USER 65534
CMD ["/app/dezky"]
