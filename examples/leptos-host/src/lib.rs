//! An example host: a few lines of a partnership's own Leptos app that
//! render the [`CaseResolution`] component beside their own content. Built
//! by the test command (`scripts/leptos-host.sh`), which checks that its wasm
//! exports none of the snippet's functions.

use case_resolution::CaseResolution;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The host's page: its own heading and words, then the widget.
#[component]
pub fn Intranet(
    /// Where the widget's files are served (a release's folder).
    #[prop(into)]
    base: String,
    /// The partnership's protocol id.
    #[prop(into)]
    protocol: String,
) -> impl IntoView {
    view! {
        <header>
            <h1>"Children's services intranet"</h1>
        </header>
        <main>
            <p class="host-intro">
                "Disagree with another agency's decision about a child? "
                "Work through the partnership's escalation protocol here."
            </p>
            <CaseResolution protocol=protocol base=base />
        </main>
    }
}

/// Starts the example page (`index.html` beside the built files).
#[wasm_bindgen]
pub fn start(base: String, protocol: String) {
    leptos::mount::mount_to_body(move || view! { <Intranet base=base protocol=protocol /> });
}
