// The emulated amoCRM deal card's runtime for widgets: the AMOCRM globals, a small AMD loader
// (define/require), the Modal component, and the widget lifecycle in the order the brief fixes
// (init → render → bind_actions). Page data comes from the #amo-bootstrap JSON the stand writes.
(function () {
  'use strict';

  // User-facing texts, kept together.
  const TEXT = {
    loadFailed: 'Не удалось загрузить виджет: ',
    close: 'Закрыть',
  };

  const WIDGET_BASE = '/_stand/widget';
  const TOKEN_URL = '/_stand/widget/token';
  const MODAL_MODULE = 'lib/components/base/modal';
  const CALLBACK_ORDER = ['init', 'render', 'bind_actions'];
  const ESCAPE_KEY = 'Escape';

  const boot = JSON.parse(document.getElementById('amo-bootstrap').textContent);
  const panel = document.getElementById('widgets_block');
  const statusBox = document.getElementById('widgets_status');
  const $ = window.jQuery;

  // What tests read back: the callbacks called, in order, and the final state.
  const trace = { callbacks: [], state: statusBox.dataset.state, error: null };
  window.__hs1c_stand = trace;

  function setStatus(state, text) {
    trace.state = state;
    statusBox.dataset.state = state;
    if (text !== undefined) statusBox.textContent = text;
  }

  window.AMOCRM = {
    data: { current_card: { id: boot.card.id, model: boot.lead } },
    constant(name) {
      const constants = {
        account: { id: boot.account.id, subdomain: boot.account.subdomain },
        user: { id: boot.user.id },
      };
      return constants[name];
    },
    widgets: { list: {} },
  };

  // --- Modal: `new Modal({class_name, init($body), destroy()})` ---------------------------------
  class Modal {
    constructor(options) {
      this.options = options || {};
      this.destroyed = false;
      const overlay = document.createElement('div');
      overlay.className = 'modal-overlay';
      const box = document.createElement('div');
      box.className = 'modal' + (this.options.class_name ? ' ' + this.options.class_name : '');
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'modal-close';
      close.setAttribute('aria-label', TEXT.close);
      close.title = TEXT.close;
      close.textContent = '×';
      const body = document.createElement('div');
      body.className = 'modal-body';
      box.append(close, body);
      overlay.append(box);
      document.body.append(overlay);
      this.overlay = overlay;
      this.onKey = (e) => { if (e.key === ESCAPE_KEY) this.destroy(); };
      overlay.addEventListener('click', (e) => {
        if (e.target === overlay || e.target.closest('.modal-close, .modal-body__close')) this.destroy();
      });
      document.addEventListener('keydown', this.onKey);
      this.$modal = $ ? $(box) : box;
      if (typeof this.options.init === 'function') this.options.init.call(this, $ ? $(body) : body);
    }

    destroy() {
      if (this.destroyed) return;
      this.destroyed = true;
      document.removeEventListener('keydown', this.onKey);
      this.overlay.remove();
      if (typeof this.options.destroy === 'function') this.options.destroy.call(this);
    }
  }

  // --- AMD loader ---------------------------------------------------------------------------------
  const modules = new Map();
  const anonymous = [];  // define() calls of the script that just ran, taken by its onload

  function define(name, deps, factory) {
    if (typeof name !== 'string') { factory = deps; deps = name; name = null; }
    if (!Array.isArray(deps)) { factory = deps; deps = []; }
    const entry = { deps, factory };
    if (name) modules.set(name, instantiate(entry));
    else anonymous.push(entry);
  }
  define.amd = {};

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.onload = () => resolve(anonymous.shift());
      script.onerror = () => reject(new Error(url));
      document.head.append(script);
    });
  }

  async function resolveModule(name) {
    if (modules.has(name)) return modules.get(name);
    const path = name.replace(/^\.\//, '').replace(/\.js$/, '');
    const entry = await loadScript(`${WIDGET_BASE}/${path}.js`);
    const value = entry ? await instantiate(entry) : undefined;
    modules.set(name, value);
    return value;
  }

  async function instantiate({ deps, factory }) {
    const values = await Promise.all(deps.map(resolveModule));
    return typeof factory === 'function' ? factory(...values) : factory;
  }

  function require(deps, callback, errback) {
    Promise.all(deps.map(resolveModule)).then((values) => callback && callback(...values), errback);
  }

  window.define = define;
  window.require = require;
  modules.set(MODAL_MODULE, Modal);
  if ($) modules.set('jquery', $);

  // --- The widget object's system methods ------------------------------------------------------
  function fetchJson(url, fallback) {
    return fetch(url).then((r) => (r.ok ? r.json() : fallback), () => fallback);
  }

  function widgetBase(manifest, langs) {
    const settings = boot.settings;
    return {
      langs,
      params: settings,
      get_settings() { return settings; },
      i18n(key) { return String(key).split('.').reduce((o, k) => (o == null ? undefined : o[k]), langs); },
      get_version() { return manifest.widget && manifest.widget.version; },
      system() {
        return { area: 'lcard', amouser_id: String(boot.user.id), subdomain: boot.account.subdomain,
                 domain: location.host };
      },
      render_template({ caption, body, render } = {}) {
        const box = document.createElement('div');
        box.className = 'card-widgets__widget' + (caption && caption.class_name ? ' ' + caption.class_name : '');
        const head = document.createElement('div');
        head.className = 'card-widgets__widget-head';
        head.textContent = (langs.widget && langs.widget.name) || (manifest.widget && manifest.widget.code) || '';
        const content = document.createElement('div');
        content.className = 'card-widgets__widget-body';
        content.innerHTML = (body || '') + (render || '');
        box.append(head, content);
        panel.append(box);
        return box;
      },
      $authorizedAjax(options) {
        const deferred = $.Deferred();
        fetch(TOKEN_URL).then((r) => r.json()).then(({ token }) => {
          const headers = Object.assign({}, options.headers, { 'X-Auth-Token': token });
          $.ajax(Object.assign({}, options, { headers })).then(deferred.resolve, deferred.reject);
        }, (err) => deferred.reject(null, 'error', err));
        return deferred.promise();
      },
    };
  }

  async function startWidget() {
    const manifest = await fetchJson(`${WIDGET_BASE}/manifest.json`, {});
    const langs = await fetchJson(`${WIDGET_BASE}/i18n/${boot.lang}.json`, {});
    if (boot.style) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = `${WIDGET_BASE}/style.css`;
      document.head.append(link);
    }
    const entry = await loadScript(`${WIDGET_BASE}/script.js`);
    if (!entry) throw new Error('script.js did not call define()');
    const Widget = await instantiate(entry);
    Object.assign(Widget.prototype, widgetBase(manifest, langs));
    const created = new Widget();
    const widget = created && created.callbacks ? created : Object.assign(created || {}, widgetBase(manifest, langs));
    const code = (manifest.widget && manifest.widget.code) || 'widget';
    window.AMOCRM.widgets.list[code] = widget;
    for (const name of CALLBACK_ORDER) {
      const callback = widget.callbacks && widget.callbacks[name];
      if (typeof callback !== 'function') continue;
      trace.callbacks.push(name);
      if (callback.call(widget) === false) break;
    }
  }

  // Without a widget folder or jQuery the stand already wrote why into the panel.
  if (boot.widget && $) {
    startWidget().then(() => setStatus('ready'), (err) => {
      trace.error = String(err && err.message || err);
      setStatus('error', TEXT.loadFailed + trace.error);
    });
  }
})();
