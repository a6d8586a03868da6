//! The message channel between the page and the engine worker, and what
//! happens when the worker fails.
//!
//! Messages are bincode bytes in a transferred `Uint8Array`. A few plain
//! strings are control messages from the worker: `ready` once it listens,
//! `load-error …` when the program could not start in it, `panic …` just
//! before a panic aborts it. The page also listens to the worker's `error`
//! and `messageerror` events. On any of these the worker is terminated, every
//! pending request fails at once (its future resolves to `WorkerGone`) and
//! the failure is reported through the handler set by `on_failure`, so the
//! page can say so and offer a restart; it never waits forever. Requests made
//! while the worker is down fail at once too, until `restart`.
//!
//! (gloo-worker did the same transport but gives no access to the worker's
//! error events, so a crashed or unloadable worker left the page waiting.)

use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long the worker may take to start before the page gives up on it.
const START_TIMEOUT_MS: i32 = 30_000;

const READY: &str = "ready";
const LOAD_ERROR: &str = "load-error ";
const PANIC: &str = "panic ";
const PANICKED: &str = "it stopped on an internal error";

/// Why the worker is gone, in words for the banner.
pub type Failure = String;

enum State {
    /// Not started yet (or restarted): the next request starts it.
    Idle,
    /// Started; requests wait here until it says it is ready.
    Starting {
        worker: web_sys::Worker,
        queue: Vec<Vec<u8>>,
    },
    Ready {
        worker: web_sys::Worker,
    },
    /// Failed: requests are refused until `restart`.
    Failed(Failure),
}

type FailureHandler = Rc<dyn Fn(&Failure)>;

struct Bridge {
    state: State,
    /// Bumped by every start, so events of a terminated worker are ignored.
    generation: u64,
    on_reply: Option<Rc<dyn Fn(Vec<u8>)>>,
    /// Called once per failure, after the worker is terminated.
    on_failure: Option<FailureHandler>,
    /// Fails every pending request (set by the client that keeps them).
    fail_pending: Option<Rc<dyn Fn()>>,
    /// The script the worker runs: a function of the page, built once.
    script_url: Option<Result<String, String>>,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = const {
        RefCell::new(Bridge {
            state: State::Idle,
            generation: 0,
            on_reply: None,
            on_failure: None,
            fail_pending: None,
            script_url: None,
        })
    };
}

/// Set what receives the worker's replies (bincode bytes) and what fails
/// every pending request when the worker is gone.
pub fn set_client(on_reply: impl Fn(Vec<u8>) + 'static, fail_pending: impl Fn() + 'static) {
    BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        bridge.on_reply = Some(Rc::new(on_reply));
        bridge.fail_pending = Some(Rc::new(fail_pending));
    });
}

/// Set what hears of a failure (the page's banner).
pub fn on_failure(handler: impl Fn(&Failure) + 'static) {
    BRIDGE.with(|bridge| bridge.borrow_mut().on_failure = Some(Rc::new(handler)));
}

/// Why the worker is down, if it is.
pub fn failure() -> Option<Failure> {
    BRIDGE.with(|bridge| match &bridge.borrow().state {
        State::Failed(reason) => Some(reason.clone()),
        _ => None,
    })
}

/// Send one request's bytes. `Err` when the worker is down (the caller fails
/// the request at once).
pub fn send(message: Vec<u8>) -> Result<(), Failure> {
    enum Next {
        Post(web_sys::Worker, u64, Vec<u8>),
        Start,
        Queued,
    }
    let next = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        let generation = bridge.generation;
        match &mut bridge.state {
            State::Failed(reason) => Err(reason.clone()),
            State::Ready { worker } => Ok(Next::Post(worker.clone(), generation, message)),
            State::Starting { queue, .. } => {
                queue.push(message);
                Ok(Next::Queued)
            }
            State::Idle => {
                bridge.state = State::Starting { worker: JsValue::UNDEFINED.unchecked_into(), queue: vec![message] };
                Ok(Next::Start)
            }
        }
    })?;
    match next {
        Next::Post(worker, generation, message) => post_bytes(&worker, generation, &message),
        Next::Start => start(),
        Next::Queued => {}
    }
    Ok(())
}

/// Forget a failed (or running) worker; the next request starts a new one.
pub fn restart() {
    let old = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        bridge.generation += 1;
        std::mem::replace(&mut bridge.state, State::Idle)
    });
    if let State::Ready { worker } | State::Starting { worker, .. } = old {
        if worker.is_object() {
            worker.terminate();
        }
    }
}

/// Post one request (never while `BRIDGE` is borrowed: a failure re-enters it).
fn post_bytes(worker: &web_sys::Worker, generation: u64, message: &[u8]) {
    let array = js_sys::Uint8Array::from(message);
    let transfer = js_sys::Array::of1(&array.buffer());
    if let Err(error) = worker.post_message_with_transfer(&array, &transfer) {
        let reason = format!("a message could not be sent to it ({})", crate::download::describe(error));
        fail(generation, reason);
    }
}

fn start() {
    let generation = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        bridge.generation += 1;
        bridge.generation
    });
    let url = BRIDGE.with(|bridge| bridge.borrow_mut().script_url.get_or_insert_with(worker_script_url).clone());
    let url = match url {
        Ok(url) => url,
        Err(reason) => return fail(generation, format!("it could not be started: {reason}")),
    };
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = match web_sys::Worker::new_with_options(&url, &options) {
        Ok(worker) => worker,
        Err(error) => {
            return fail(generation, format!("it could not be started: {}", crate::download::describe(error)))
        }
    };

    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        if let Some(text) = data.as_string() {
            if text == READY {
                ready(generation);
            } else if let Some(reason) = text.strip_prefix(LOAD_ERROR) {
                fail(generation, format!("it could not load the program ({reason})"));
            } else if let Some(message) = text.strip_prefix(PANIC) {
                fail(generation, format!("{PANICKED} ({message})"));
            }
            return;
        }
        let bytes = js_sys::Uint8Array::new(&data).to_vec();
        let on_reply = BRIDGE.with(|bridge| {
            let bridge = bridge.borrow();
            (bridge.generation == generation).then(|| bridge.on_reply.clone()).flatten()
        });
        if let Some(on_reply) = on_reply {
            on_reply(bytes);
        }
    });
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        event.prevent_default();
        let message = event
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|error| error.message())
            .filter(|message| !message.is_empty())
            .map_or_else(
                || "it could not load or it crashed".to_owned(),
                |message| format!("it reported an error ({message})"),
            );
        fail(generation, message);
    });
    let on_message_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
        fail(generation, "one of its replies could not be read".into());
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
    // One worker per start and few starts per session: the closures live as
    // long as the page.
    on_message.forget();
    on_error.forget();
    on_message_error.forget();

    BRIDGE.with(|bridge| {
        if let State::Starting { worker: slot, .. } = &mut bridge.borrow_mut().state {
            *slot = worker;
        }
    });
    let timeout = Closure::once_into_js(move || {
        let still_starting = BRIDGE.with(|bridge| {
            let bridge = bridge.borrow();
            bridge.generation == generation && matches!(bridge.state, State::Starting { .. })
        });
        if still_starting {
            fail(generation, format!("it did not start within {} seconds", START_TIMEOUT_MS / 1000));
        }
    });
    let _ = leptos::prelude::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), START_TIMEOUT_MS);
}

fn ready(generation: u64) {
    let started = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        if bridge.generation != generation || !matches!(bridge.state, State::Starting { .. }) {
            return None;
        }
        let State::Starting { worker, queue } = std::mem::replace(&mut bridge.state, State::Idle) else {
            return None;
        };
        bridge.state = State::Ready { worker: worker.clone() };
        Some((worker, queue))
    });
    if let Some((worker, queue)) = started {
        for message in &queue {
            post_bytes(&worker, generation, message);
        }
    }
}

/// The running worker sent something the page cannot use: treat it as failed.
pub fn fail_current(reason: Failure) {
    fail(BRIDGE.with(|bridge| bridge.borrow().generation), reason);
}

/// The worker of `generation` failed: terminate it, fail what waits on it,
/// and tell the page (once).
fn fail(generation: u64, reason: Failure) {
    let (old, on_failure, fail_pending) = BRIDGE.with(|bridge| {
        let mut bridge = bridge.borrow_mut();
        if bridge.generation != generation {
            return (None, None, None);
        }
        if let State::Failed(known) = &mut bridge.state {
            // The panic message and the abort's `error` event may arrive in
            // either order: the panic's own words say more.
            if reason.starts_with(PANICKED) && !known.starts_with(PANICKED) {
                *known = reason.clone();
                return (None, bridge.on_failure.clone(), None);
            }
            return (None, None, None);
        }
        let old = std::mem::replace(&mut bridge.state, State::Failed(reason.clone()));
        (Some(old), bridge.on_failure.clone(), bridge.fail_pending.clone())
    });
    let Some(old) = old else {
        if let Some(on_failure) = on_failure {
            on_failure(&reason);
        }
        return;
    };
    if let State::Ready { worker } | State::Starting { worker, .. } = old {
        if worker.is_object() {
            worker.terminate();
        }
    }
    web_sys::console::error_1(&JsValue::from_str(&format!("The background worker failed: {reason}")));
    if let Some(fail_pending) = fail_pending {
        fail_pending();
    }
    if let Some(on_failure) = on_failure {
        on_failure(&reason);
    }
}

/// Where the files module is (see `worker::files_module`): beside the app's
/// script, which Trunk names `stockpilot-app-<hash>.js`. The module's own
/// names carry no hash (Trunk builds it as a worker), so the app's hash goes
/// in the query: a new build never runs a cached module of an older one.
fn files_module_urls(script: &str) -> (String, String) {
    let (dir, name) = script.rsplit_once('/').unwrap_or(("", script));
    let build = name.strip_prefix("stockpilot-app-").and_then(|n| n.strip_suffix(".js")).unwrap_or(name);
    (format!("{dir}/stockpilot-files.js?v={build}"), format!("{dir}/stockpilot-files_bg.wasm?v={build}"))
}

/// A module-worker script that loads this very program: the page and the
/// worker are one WebAssembly module (see `main.rs`), so the browser fetches
/// it once. The URLs come from the preload links Trunk puts in the page,
/// already resolved against the site's public URL. A failure to load is
/// posted back as `load-error …` (a rejected promise in a worker fires no
/// `error` event on the page's side).
fn worker_script_url() -> Result<String, String> {
    let document = leptos::prelude::document();
    let href = |selector: &str| -> Option<String> {
        let element = document.query_selector(selector).ok().flatten()?;
        Some(element.unchecked_into::<web_sys::HtmlLinkElement>().href())
    };
    let script =
        href("link[rel=modulepreload][href*=\"stockpilot-app-\"]").ok_or("the page has no module preload link")?;
    let wasm = href("link[rel=preload][as=fetch]").ok_or("the page has no WebAssembly preload link")?;
    let (files_js, files_wasm) = files_module_urls(&script);
    let loader = format!(
        "self.stockpilotFiles = {{ js: {files_js:?}, wasm: {files_wasm:?} }};\n\
         import({script:?}).then((m) => m.default({{ module_or_path: {wasm:?} }}))\
         .catch((e) => self.postMessage({LOAD_ERROR:?} + String(e)));\n"
    );
    let parts = js_sys::Array::of1(&JsValue::from_str(&loader));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(crate::download::describe)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(crate::download::describe)
}

// ---- the worker's side -------------------------------------------------------

/// In the worker: decode each request and hand it to `arrive`, then call
/// `work` (with a function that sends replies) until it says nothing is
/// left, letting the worker's event loop run between two calls so the next
/// messages (a cancel among them) arrive while a long job is under way.
/// Then tell the page the worker is ready. A panic is posted to the page
/// (`panic …`) before the program aborts, so the page can say what happened.
///
/// `prepare` is asked about each request before it is handed over: a future
/// means "not yet" (the files module is loading), and that request and every
/// later one wait, in order, until it resolves.
pub fn serve<Request, Reply>(
    arrive: impl FnMut(Request) + 'static,
    work: impl FnMut(&dyn Fn(&Reply)) -> bool + 'static,
    prepare: impl Fn(&Request) -> Option<Preparation> + 'static,
) where
    Request: DeserializeOwned + 'static,
    Reply: Serialize + 'static,
{
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    std::panic::set_hook(Box::new(|info| {
        let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let _ = scope.post_message(&JsValue::from_str(&format!("{PANIC}{info}")));
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
    }));
    let server = Rc::new(Server {
        inbox: RefCell::new(std::collections::VecDeque::new()),
        preparing: std::cell::Cell::new(false),
        working: std::cell::Cell::new(false),
        arrive: RefCell::new(Box::new(arrive)),
        work: RefCell::new(Box::new(work)),
        prepare: Box::new(prepare),
    });
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let bytes = js_sys::Uint8Array::new(&event.data()).to_vec();
        match bincode::deserialize::<Request>(&bytes) {
            Ok(request) => server.inbox.borrow_mut().push_back(request),
            Err(error) => panic!("a request could not be decoded: {error}"),
        }
        Server::pump(&server);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}

/// What `serve`'s `prepare` returns for a request that must wait.
pub type Preparation = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

type Work<Reply> = dyn FnMut(&dyn Fn(&Reply)) -> bool;
type Prepare<Request> = dyn Fn(&Request) -> Option<Preparation>;

/// The worker's side of `serve`: requests not yet handed over, and whether a
/// preparation or the work loop is under way.
struct Server<Request, Reply> {
    inbox: RefCell<std::collections::VecDeque<Request>>,
    preparing: std::cell::Cell<bool>,
    working: std::cell::Cell<bool>,
    arrive: RefCell<Box<dyn FnMut(Request)>>,
    work: RefCell<Box<Work<Reply>>>,
    prepare: Box<Prepare<Request>>,
}

impl<Request: 'static, Reply: Serialize + 'static> Server<Request, Reply> {
    /// Hand over the waiting requests in order, up to one that must wait for
    /// a preparation (which pumps again when it is done); then run the work
    /// loop unless it runs already.
    fn pump(server: &Rc<Self>) {
        if server.preparing.get() {
            return;
        }
        loop {
            let Some(request) = server.inbox.borrow_mut().pop_front() else { break };
            if let Some(preparation) = (server.prepare)(&request) {
                server.inbox.borrow_mut().push_front(request);
                server.preparing.set(true);
                let server = Rc::clone(server);
                wasm_bindgen_futures::spawn_local(async move {
                    preparation.await;
                    server.preparing.set(false);
                    // Prepared: hand it over even if `prepare` would still say
                    // "not yet" (a failed load), so its job answers why.
                    if let Some(request) = server.inbox.borrow_mut().pop_front() {
                        (server.arrive.borrow_mut())(request);
                    }
                    Server::pump(&server);
                });
                break;
            }
            (server.arrive.borrow_mut())(request);
        }
        if server.working.replace(true) {
            return;
        }
        let server = Rc::clone(server);
        wasm_bindgen_futures::spawn_local(async move {
            let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
            while (server.work.borrow_mut())(&|reply: &Reply| post_reply(reply)) {
                next_task(&scope).await;
            }
            server.working.set(false);
        });
    }
}

/// In the worker: send one reply to the page (bincode bytes, transferred).
pub fn post_reply<Reply: Serialize>(reply: &Reply) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    match bincode::serialize(reply) {
        Ok(bytes) => {
            let array = js_sys::Uint8Array::from(bytes.as_slice());
            let transfer = js_sys::Array::of1(&array.buffer());
            let _ = scope.post_message_with_transfer(&array, &transfer);
        }
        Err(error) => panic!("a reply could not be encoded: {error}"),
    }
}

/// Resolves in a later task of the worker's event loop (after the messages
/// that arrived meanwhile are delivered).
async fn next_task(scope: &web_sys::DedicatedWorkerGlobalScope) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope.set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Encode a request for `send`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    bincode::serialize(value).expect("worker requests are plain serde values")
}

/// Decode a reply; `None` when it is unreadable (the caller treats the worker as failed).
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    bincode::deserialize(bytes).ok()
}
