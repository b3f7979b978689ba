// Demo page behaviour (a separate file: the page runs under a strict CSP with
// no inline script). The widget itself is mounted by case-resolution.js.
document.documentElement.dataset.demo = "ready";
