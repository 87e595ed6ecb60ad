//! The rules every build of dezky shares and nothing else: prices and partner
//! margin brackets (`pricing`), and how numbers, money and dates are written per
//! language (`format`). No dependencies, so the website's calculator module
//! (`calc/`) compiles them to a few kilobytes of wasm without the app.
pub mod format;
pub mod pricing;
