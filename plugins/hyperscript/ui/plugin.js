// hs1c plugin for HyperScript pages, injected by the proxy. It attaches to the page's module hook
// (window.appasyncadd) and marks the page as served through hs1c; the nomenclature field and the cart
// build on this entry point.
(function () {
  'use strict';
  if (window.hs1c) return;
  const hs1c = { version: '0.1.0', app: null };
  window.hs1c = hs1c;

  function showBadge() {
    if (document.querySelector('.hs1c-badge')) return;
    const badge = document.createElement('div');
    badge.className = 'hs1c-badge';
    badge.textContent = 'hs1c';
    badge.title = 'Страница открыта через прокси hs1c: 1С и amoCRM подключены';
    document.body.appendChild(badge);
  }

  function attach(app) {
    hs1c.app = app;
    document.documentElement.dataset.hs1c = 'attached';
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', showBadge);
  else showBadge();

  window.appasyncadd = window.appasyncadd || [];
  window.appasyncadd.push(attach);
})();
