// Trunk's one post-build hook. Trunk runs the hooks of one stage side by side,
// and these three must run in order, each on what the one before wrote:
// csp.mjs (the start script out of index.html, the policy in), offline.mjs
// (service worker, manifest, its script named in index.html), compress.mjs
// (.br and .gz of the final files). Each also runs on its own:
// `node scripts/<name>.mjs DIR`.
await import('./csp.mjs');
await import('./offline.mjs');
await import('./compress.mjs');
