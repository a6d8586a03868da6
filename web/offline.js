// Registers the service worker (web/service-worker.js) and says when a new
// version is ready: a banner with a Reload button, which lets the waiting
// worker take over and reloads, so old and new files are never mixed. Once
// the app has planned, asks the worker to cache the files module too.
if ('serviceWorker' in navigator) {
  let reloading = false;
  const offer = (waiting) => {
    if (document.querySelector('[data-testid="banner-new-version"]')) return;
    const banner = document.createElement('div');
    banner.className = 'banner banner-info update-banner';
    banner.setAttribute('role', 'status');
    banner.dataset.testid = 'banner-new-version';
    const text = document.createElement('div');
    text.textContent = 'A new version of Stockpilot is ready. Reload to use it; your data stays as it is.';
    const button = document.createElement('button');
    button.className = 'btn btn-primary';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
      reloading = true;
      waiting.postMessage('skip-waiting');
    });
    banner.append(text, button);
    document.body.append(banner);
  };
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  navigator.serviceWorker.register('./service-worker.js').then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        if (installing.state === 'installed' && navigator.serviceWorker.controller) offer(installing);
      });
    });
    const planned = () => document.body.dataset.planReady === 'true';
    const cacheLater = () => navigator.serviceWorker.ready.then((ready) => ready.active?.postMessage('cache-later'));
    if (planned()) {
      cacheLater();
    } else {
      const watch = new MutationObserver(() => {
        if (planned()) {
          watch.disconnect();
          cacheLater();
        }
      });
      watch.observe(document.body, { attributes: true, attributeFilter: ['data-plan-ready'] });
    }
  }).catch((error) => console.warn('Stockpilot works online only here: the service worker did not register.', error));
}
