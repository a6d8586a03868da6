// Stockpilot's service worker: after one visit the app opens and works with
// no network. Built by scripts/offline.mjs, which fills in the build's files.
//
// - Install: the files a first visit loads (index.html and every file it
//   names) go into a cache of this build's own.
// - "cache-later" (posted by the page once it has planned): the files module,
//   which the worker fetches on demand, is cached too, so imports, exports and
//   reopening a save work offline. It is not part of the first load.
// - Fetch: this build's files come from its cache, anything else from the
//   network; a page load gets this build's index.html. So a page and its
//   workers always run one build's files, never a mix.
// - A new deployment installs a new worker, which waits: the page offers a
//   reload ("skip-waiting"), and only then does the new build take over and
//   the old cache go.
const VERSION = '__VERSION__';
const FIRST_VISIT = __FIRST_VISIT__;
const ON_DEMAND = __ON_DEMAND__;
const CACHE = `stockpilot-${VERSION}`;
const scoped = (path) => new URL(path, self.registration.scope).href;
const OWN = new Set([...FIRST_VISIT, ...ON_DEMAND].map(scoped));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FIRST_VISIT.map(scoped))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('stockpilot-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
  } else if (event.data === 'cache-later') {
    event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(ON_DEMAND.map(scoped).map(
      (url) => cache.match(url).then((hit) => hit || cache.add(url)),
    ))));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(caches.match(scoped('index.html'), { cacheName: CACHE }).then((hit) => hit || fetch(request)));
    return;
  }
  if (!OWN.has(request.url)) return;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request.url).then((hit) => hit || fetch(request).then((response) => {
    if (response.ok) cache.put(request.url, response.clone());
    return response;
  }))));
});
