// Dynamic import for the widget (wasm-bindgen cannot express `import()`).
// Used to load the Word exporter on demand; a file, not inline, for the CSP.
export function importModule(url) {
  return import(url);
}
