// hs1c plugin for HyperScript pages, injected by the proxy: the «Номенклатура» field type in the
// constructor (S1), in the run view a 1C catalogue search with a cart in place of that field (S2), and
// after «Разговор окончен» what became of each cart's order (S3).
(function () {
  'use strict';
  if (window.hs1c) return;
  const hs1c = { version: '0.3.0', app: null };
  window.hs1c = hs1c;

  // User-facing texts, kept together. Everything that comes from 1C is set with textContent.
  const TEXT = {
    badge: 'hs1c',
    badgeTitle: 'Страница открыта через прокси hs1c: 1С и amoCRM подключены',
    placeholder: (letters) => `Начните вводить название товара (от ${letters} букв)`,
    searchLabel: 'Поиск товара в 1С',
    searching: 'Поиск…',
    nothingFound: 'Ничего не найдено',
    more: 'Показаны не все товары: уточните запрос',
    stale: 'Данные 1С могут быть устаревшими',
    loadingParameters: 'Загрузка параметров…',
    loadingValues: 'Загрузка значений…',
    chooseParameter: 'Выберите параметр',
    chooseValue: 'Выберите значение',
    parameterLabel: 'Параметр',
    valueLabel: 'Значение',
    noValues: (parameter) => `У параметра «${parameter}» нет значений в 1С.`,
    addWithoutValue: 'Добавить без значения',
    cancel: 'Отмена',
    adding: 'Добавление в корзину…',
    emptyCart: 'Корзина пуста',
    quantityLabel: 'Количество',
    remove: 'Удалить строку',
    closed: 'Разговор окончен: корзина закрыта',
    quantityNotNumber: 'Введите число, например 2 или 2,5',
    quantityNotPositive: 'Количество должно быть больше нуля',
    quantityTooBig: 'Не больше 1 000 000',
    quantityDecimals: 'Не больше трёх знаков после запятой',
    network: 'Нет связи с сервером. Проверьте сеть и повторите попытку.',
    badAnswer: 'Сервер прислал непонятный ответ. Повторите попытку; если не поможет — сообщите администратору.',
    httpError: (status) => `Ошибка сервера (HTTP ${status}). Повторите попытку.`,
    orderChecking: 'Проверка заказа…',
    orderSent: (number) => (number ? `Заказ ${number} передан в 1С` : 'Заказ передан в 1С'),
    orderQueued: 'Заказ поставлен в очередь: 1С пока не ответила, он уйдёт автоматически',
    orderRejected: 'Заказ не принят 1С: сообщите администратору',
    orderUnknown: 'Статус заказа неизвестен',
  };
  const CART_ICON = '🛒';
  const STORAGE_PREFIX = 'hs1c:cart:';
  const QUANTITY_MAX = 1e6;
  const QUANTITY_DECIMALS = 3;
  const DEFAULT_MIN_LETTERS = 3;
  const DEFAULT_DEBOUNCE_MS = 250;
  const KEY_BYTES = 8;
  const REQUIRED_SELECTORS = ['add_field_dialog', 'field_type', 'field_tag', 'run_field', 'sidebar', 'view_box', 'finish'];
  // Zero-width characters do not count as letters, as on the server (see the nomenclature query).
  const INVISIBLE = /[\u200b\u200c\u200d\u2060\ufeff]/g;
  const SPACES = /\s/g;
  // Look of a nomenclature field's tag; colours come from plugin.css variables.
  const TAG_LOOK = 'background: var(--hs1c-tag-bg); border-color: var(--hs1c-tag-border); color: var(--hs1c-tag-color);';
  // Outbox states (DESIGN §3) in which 1C has the order; `parked` only when 1C gave it a number, since
  // without one it is 1C that refused it.
  const ORDER_ACCEPTED = new Set(['pending_amocrm', 'done', 'unlinked', 'parked']);
  // A queued order is asked about again, less often the longer 1C stays away.
  const ORDER_RECHECK_FIRST_MS = 5000;
  const ORDER_RECHECK_MAX_MS = 60000;
  const ORDER_RECHECK_FACTOR = 2;

  let config = null;
  let selectors = null;
  let app = null;
  let started = false;
  let marksKey = null;
  let idCounter = 0;
  // One state per nomenclature field id of the current pass, shared by every widget showing the field.
  const states = new Map();
  // The order notices of the finished pass; null while a pass runs.
  let orderWatch = null;

  // ---------------------------------------------------------------------------------------------
  // Small helpers

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function uniqueId(prefix) {
    idCounter += 1;
    return `${prefix}-${idCounter}`;
  }

  function randomKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(KEY_BYTES));
    return 'draft-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function letterCount(text) {
    return Array.from(text.replace(INVISIBLE, '').replace(SPACES, '')).length;
  }

  function isAbort(error) {
    return error && error.name === 'AbortError';
  }

  function formatQuantity(quantity) {
    return String(quantity).replace('.', ',');
  }

  // «2,5», «2.5» and «1 000» are what operators type; the API takes a JSON number.
  function parseQuantity(text) {
    const plain = text.replace(SPACES, '').replace(',', '.');
    const match = /^(-?)(\d+(?:\.(\d+))?|\.(\d+))$/.exec(plain);
    if (!match) return { error: TEXT.quantityNotNumber };
    const value = Number(match[2]);
    if (match[1] || value <= 0) return { error: TEXT.quantityNotPositive };
    if ((match[3] || match[4] || '').length > QUANTITY_DECIMALS) return { error: TEXT.quantityDecimals };
    if (value > QUANTITY_MAX) return { error: TEXT.quantityTooBig };
    return { value };
  }

  // ---------------------------------------------------------------------------------------------
  // The proxy's API: JSON both ways; errors carry the API's Russian message as they are.

  function apiError(message, code, status) {
    const error = new Error(message);
    error.code = code || '';
    error.status = status || 0;
    return error;
  }

  async function api(method, path, { body, signal } = {}) {
    const init = { method, signal, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(config.api + path, init);
    } catch (e) {
      if (isAbort(e)) throw e;
      throw apiError(TEXT.network, 'network');
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      if (isAbort(e)) throw e;
    }
    if (!response.ok) {
      const problem = data && data.error;
      throw apiError((problem && problem.message) || TEXT.httpError(response.status), problem && problem.code, response.status);
    }
    if (!data || typeof data !== 'object') throw apiError(TEXT.badAnswer, 'bad_answer', response.status);
    return data;
  }

  const path = {
    search: (query, key) => `/nomenclature?q=${encodeURIComponent(query)}&cart=${encodeURIComponent(key)}`,
    parameters: (item) => `/nomenclature/${encodeURIComponent(item)}/parameters`,
    values: (item, parameter) =>
      `/nomenclature/${encodeURIComponent(item)}/parameters/${encodeURIComponent(parameter)}/values`,
    carts: () => '/carts',
    cart: (cart) => `/carts/${encodeURIComponent(cart)}`,
    lines: (cart) => `/carts/${encodeURIComponent(cart)}/lines`,
    line: (cart, line) => `/carts/${encodeURIComponent(cart)}/lines/${encodeURIComponent(line)}`,
    order: (cart) => `/carts/${encodeURIComponent(cart)}/order`,
  };

  // ---------------------------------------------------------------------------------------------
  // Which fields are ours

  function isNomenclature(field) {
    const type = config.field_type.value;
    return Boolean(field) && (field.type === type || (field.hs1c && field.hs1c.type === type));
  }

  function nomenclatureFieldIds() {
    return Object.values(app.fields || {}).filter(isNomenclature).map((f) => String(f.id)).sort();
  }

  // The page parameters a new cart keeps (e.g. the amoCRM deal the integration opened the page for).
  function pageContext() {
    const params = new URLSearchParams(location.search);
    const context = {};
    for (const name of config.context_params || []) {
      const value = params.get(name);
      if (value) context[name] = value;
    }
    return context;
  }

  // ---------------------------------------------------------------------------------------------
  // Constructor (S1)

  function offerFieldType() {
    const value = config.field_type.value;
    for (const select of document.querySelectorAll(`${selectors.add_field_dialog} ${selectors.field_type}`)) {
      if (Array.from(select.options).some((o) => o.value === value)) continue;
      select.add(new Option(config.field_type.label, value));
    }
  }

  // The editor saves its own innerHTML, so a class or an icon put into a tag would end up in the saved
  // step text; a generated stylesheet matching the tags by field id changes nothing HyperScript saves.
  function markFieldTags() {
    const ids = nomenclatureFieldIds();
    const key = ids.join(',');
    if (key === marksKey) return;
    marksKey = key;
    let style = document.getElementById('hs1c-field-marks');
    if (!style) {
      style = element('style');
      style.id = 'hs1c-field-marks';
      document.head.append(style);
    }
    if (!ids.length) {
      style.textContent = '';
      return;
    }
    const tags = ids.map((id) => `${selectors.field_tag}[data-id="${id.replace(/["\\]/g, '\\$&')}"]`);
    style.textContent = `${tags.join(',\n')} { ${TAG_LOOK} }\n`
      + `${tags.map((t) => t + '::before').join(',\n')} { content: "${CART_ICON}\\00a0"; }\n`;
  }

  // ---------------------------------------------------------------------------------------------
  // Cart state (one per field of the pass) and its storage

  function storageKey(scriptId, fieldId) {
    return `${STORAGE_PREFIX}${scriptId}:${fieldId}`;
  }

  // The stored cart belongs to the call it was made in: a page opened for another deal starts empty.
  function readStoredCart(state) {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey(state.scriptId, state.fieldId)) || 'null');
      if (!stored || typeof stored.cart !== 'string') return null;
      return JSON.stringify(stored.context || {}) === JSON.stringify(state.context) ? stored.cart : null;
    } catch (e) {
      return null;
    }
  }

  function storeCart(state) {
    try {
      const key = storageKey(state.scriptId, state.fieldId);
      if (state.cart) localStorage.setItem(key, JSON.stringify({ cart: state.cart.id, context: state.context }));
      else localStorage.removeItem(key);
    } catch (e) {
      // Storage may be off (private mode); the cart then only lives as long as the page.
    }
  }

  function forgetScriptCarts(scriptId) {
    try {
      const prefix = storageKey(scriptId, '');
      const keys = [];
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith(prefix)) keys.push(key);
      }
      keys.forEach((key) => localStorage.removeItem(key));
    } catch (e) {
      // Nothing stored, nothing to forget.
    }
  }

  function createState(fieldId) {
    const state = {
      fieldId,
      scriptId: app.script_id,
      context: pageContext(),
      cart: null,
      views: new Set(),
      queue: Promise.resolve(),
      pending: 0,
      message: '',
      busy: '',
      closed: false,
      draftKey: randomKey(),
    };
    states.set(fieldId, state);
    const stored = readStoredCart(state);
    if (stored) enqueue(state, () => restoreCart(state, stored)).catch(() => {});
    return state;
  }

  // Cart writes run one after another, so lines reach the cart in the order they were chosen and the
  // cart is created once even when two lines are added quickly.
  function enqueue(state, task) {
    state.pending += 1;
    const run = state.queue.then(task).finally(() => { state.pending -= 1; });
    state.queue = run.catch(() => {});
    return run;
  }

  async function restoreCart(state, cartId) {
    try {
      applyCart(state, await api('GET', path.cart(cartId)));
    } catch (e) {
      // A cart the proxy no longer has (finished or expired) is forgotten; the next line starts a new one.
      if (e.status === 404) {
        storeCart(state);
        return;
      }
      setCartMessage(state, e.message);
    }
  }

  async function ensureCart(state) {
    if (state.cart) return state.cart;
    const cart = await api('POST', path.carts(), {
      body: { script_id: state.scriptId, field_id: state.fieldId, context: state.context },
    });
    applyCart(state, cart);
    return cart;
  }

  function applyCart(state, cart) {
    state.cart = cart;
    state.message = '';
    storeCart(state);
    syncFieldValue(state);
    renderCart(state);
  }

  // HyperScript keeps the field's value itself and sends it with save_log; the proxy finds the cart
  // by this value. An empty cart leaves the field empty, so no empty order is made.
  function syncFieldValue(state) {
    const value = state.cart && state.cart.lines.length ? config.cart_value_prefix + state.cart.id : '';
    for (const view of state.views) {
      const field = view.source;
      if (!field.isConnected || field.value === value) continue;
      field.value = value;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      field.dispatchEvent(new Event('change', { bubbles: true }));
    }
  }

  function setCartMessage(state, message) {
    state.message = message;
    renderCart(state);
  }

  function cartAction(state, busyText, task) {
    if (state.closed) return Promise.resolve();
    return enqueue(state, async () => {
      state.busy = busyText || '';
      renderCart(state);
      try {
        applyCart(state, await task());
      } catch (e) {
        await recoverFrom(state, e);
        state.message = e.message;
      } finally {
        state.busy = '';
        renderCart(state);
      }
    });
  }

  // The page's picture of the cart was out of date: show what the proxy has now.
  async function recoverFrom(state, error) {
    if (error.code === 'cart_not_found') {
      applyCart(state, null);
    } else if (error.code === 'line_not_found' && state.cart) {
      try {
        applyCart(state, await api('GET', path.cart(state.cart.id)));
      } catch (e) {
        // The message of the first failure is shown; this one adds nothing for the operator.
      }
    }
  }

  function addLine(state, item, parameter, value) {
    return cartAction(state, TEXT.adding, async () => {
      const cart = await ensureCart(state);
      return api('POST', path.lines(cart.id), {
        body: {
          item_id: item.id,
          parameter_id: parameter ? parameter.id : null,
          value_id: value ? value.id : null,
          quantity: 1,
        },
      });
    });
  }

  function changeQuantity(state, lineId, quantity) {
    return cartAction(state, '', () => api('PUT', path.line(state.cart.id, lineId), { body: { quantity } }));
  }

  function removeLine(state, lineId) {
    return cartAction(state, '', () => api('DELETE', path.line(state.cart.id, lineId)));
  }

  // ---------------------------------------------------------------------------------------------
  // The cart area of a widget

  function renderCart(state) {
    for (const view of Array.from(state.views)) {
      if (!view.root.isConnected) {
        dropView(view);
        continue;
      }
      renderLines(view, state);
    }
  }

  function renderLines(view, state) {
    const lines = state.cart ? state.cart.lines : [];
    const rows = new Map(Array.from(view.lines.children, (row) => [row.dataset.line, row]));
    const wanted = lines.map((line) => {
      const row = rows.get(String(line.id)) || buildLineRow(view, state, String(line.id));
      updateLineRow(row, line, state);
      return row;
    });
    // Rebuilding the list would take the focus away from a quantity being typed in another row.
    const current = Array.from(view.lines.children);
    if (current.length !== wanted.length || current.some((row, i) => row !== wanted[i])) view.lines.replaceChildren(...wanted);
    view.empty.hidden = lines.length > 0 || Boolean(state.busy);
    view.cartStatus.textContent = state.closed ? TEXT.closed : (state.busy || state.message);
    view.cartStatus.className = 'hs1c-cart-status' + (state.message && !state.busy && !state.closed ? ' hs1c-error' : '');
    view.cartStatus.hidden = !view.cartStatus.textContent;
    view.input.disabled = state.closed;
    if (state.closed) resetPicker(view);
  }

  function buildLineRow(view, state, lineId) {
    const row = element('li', 'hs1c-line');
    row.dataset.line = lineId;
    const name = element('div', 'hs1c-line-name');
    const option = element('div', 'hs1c-line-option');
    const quantity = element('input', 'hs1c-line-quantity');
    quantity.type = 'text';
    quantity.inputMode = 'decimal';
    quantity.autocomplete = 'off';
    quantity.setAttribute('aria-label', TEXT.quantityLabel);
    const unit = element('span', 'hs1c-line-unit');
    const remove = element('button', 'hs1c-line-remove', '×');
    remove.type = 'button';
    remove.title = TEXT.remove;
    remove.setAttribute('aria-label', TEXT.remove);
    const hint = element('div', 'hs1c-line-hint');
    hint.setAttribute('role', 'alert');
    hint.hidden = true;
    const amount = element('div', 'hs1c-line-amount');
    amount.append(quantity, unit, remove);
    row.append(name, option, amount, hint);

    quantity.addEventListener('input', () => { if (!parseQuantity(quantity.value).error) showHint(row, ''); });
    quantity.addEventListener('change', () => commitQuantity(state, row));
    quantity.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      commitQuantity(state, row);
    });
    remove.addEventListener('click', () => removeLine(state, lineId));
    return row;
  }

  function updateLineRow(row, line, state) {
    row.querySelector('.hs1c-line-name').textContent = line.item.name;
    const option = row.querySelector('.hs1c-line-option');
    const parts = [line.parameter && line.parameter.name, line.value && line.value.name].filter(Boolean);
    option.textContent = parts.join(': ');
    option.hidden = !parts.length;
    row.querySelector('.hs1c-line-unit').textContent = line.item.unit || '';
    const quantity = row.querySelector('.hs1c-line-quantity');
    const editing = quantity === document.activeElement || quantity.classList.contains('hs1c-invalid');
    if (!editing) quantity.value = formatQuantity(line.quantity);
    quantity.disabled = state.closed;
    row.querySelector('.hs1c-line-remove').disabled = state.closed;
  }

  function showHint(row, message) {
    const hint = row.querySelector('.hs1c-line-hint');
    const quantity = row.querySelector('.hs1c-line-quantity');
    hint.textContent = message;
    hint.hidden = !message;
    quantity.classList.toggle('hs1c-invalid', Boolean(message));
    quantity.setAttribute('aria-invalid', message ? 'true' : 'false');
  }

  function commitQuantity(state, row) {
    const quantity = row.querySelector('.hs1c-line-quantity');
    const parsed = parseQuantity(quantity.value);
    showHint(row, parsed.error || '');
    if (parsed.error) return;
    const line = state.cart && state.cart.lines.find((l) => String(l.id) === row.dataset.line);
    if (!line) return;
    quantity.value = formatQuantity(parsed.value);
    if (line.quantity !== parsed.value) changeQuantity(state, line.id, parsed.value);
  }

  // ---------------------------------------------------------------------------------------------
  // The picker of a widget: search, suggestions, parameter and value

  function setNotes(view, notes) {
    view.status.replaceChildren(...notes.map(([kind, text]) => element('div', 'hs1c-note hs1c-' + kind, text)));
    view.status.hidden = !notes.length;
  }

  function hideSuggestions(view) {
    view.list.hidden = true;
    view.list.replaceChildren();
    view.suggestions = [];
    view.active = -1;
    view.input.setAttribute('aria-expanded', 'false');
    view.input.removeAttribute('aria-activedescendant');
  }

  function cancelSearch(view) {
    clearTimeout(view.timer);
    view.timer = 0;
    if (view.searchAbort) view.searchAbort.abort();
    view.searchAbort = null;
  }

  function cancelChoice(view) {
    if (view.choiceAbort) view.choiceAbort.abort();
    view.choiceAbort = null;
  }

  function resetPicker(view) {
    cancelSearch(view);
    cancelChoice(view);
    hideSuggestions(view);
    view.choice.hidden = true;
    view.choice.replaceChildren();
    view.picked = null;
    setNotes(view, []);
  }

  function onSearchInput(view) {
    cancelSearch(view);
    cancelChoice(view);
    view.choice.hidden = true;
    view.picked = null;
    const query = view.input.value.trim();
    if (letterCount(query) < config.min_letters) {
      hideSuggestions(view);
      setNotes(view, []);
      return;
    }
    view.timer = setTimeout(() => search(view, query), config.search_debounce_ms);
  }

  async function search(view, query) {
    view.timer = 0;
    const abort = new AbortController();
    view.searchAbort = abort;
    setNotes(view, [['loading', TEXT.searching]]);
    const key = view.state.cart ? view.state.cart.id : view.state.draftKey;
    let answer;
    try {
      answer = await api('GET', path.search(query, key), { signal: abort.signal });
    } catch (e) {
      if (isAbort(e) || view.searchAbort !== abort) return;
      view.searchAbort = null;
      hideSuggestions(view);
      setNotes(view, [['error', e.message]]);
      return;
    }
    if (view.searchAbort !== abort) return;
    view.searchAbort = null;
    // A newer search of this cart (typed in the field's other widget) replaced this one on the server.
    if (answer.superseded) {
      hideSuggestions(view);
      setNotes(view, []);
      return;
    }
    showSuggestions(view, Array.isArray(answer.items) ? answer.items : []);
    const notes = [];
    if (!view.suggestions.length) notes.push(['empty', TEXT.nothingFound]);
    if (answer.more) notes.push(['info', TEXT.more]);
    if (answer.stale) notes.push(['warning', TEXT.stale]);
    setNotes(view, notes);
  }

  function showSuggestions(view, items) {
    view.suggestions = items;
    view.active = -1;
    view.list.replaceChildren(...items.map((item, index) => {
      const option = element('li', 'hs1c-suggestion');
      option.id = `${view.listId}-${index}`;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      const meta = [item.code, item.unit].filter(Boolean).join(' · ');
      option.append(element('span', 'hs1c-suggestion-name', item.name), element('span', 'hs1c-suggestion-meta', meta));
      // Keeping the focus in the search box keeps the list open until the click lands.
      option.addEventListener('mousedown', (e) => e.preventDefault());
      option.addEventListener('click', () => pickItem(view, item));
      option.addEventListener('mousemove', () => setActive(view, index));
      return option;
    }));
    view.list.hidden = !items.length;
    view.input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
  }

  function setActive(view, index) {
    if (view.active === index) return;
    view.active = index;
    Array.from(view.list.children).forEach((option, i) => {
      option.classList.toggle('hs1c-active', i === index);
      option.setAttribute('aria-selected', i === index ? 'true' : 'false');
    });
    const option = view.list.children[index];
    if (option) {
      view.input.setAttribute('aria-activedescendant', option.id);
      option.scrollIntoView({ block: 'nearest' });
    } else {
      view.input.removeAttribute('aria-activedescendant');
    }
  }

  function onSearchKey(view, event) {
    const count = view.suggestions.length;
    const open = !view.list.hidden && count > 0;
    switch (event.key) {
      case 'ArrowDown':
        if (!open) return;
        event.preventDefault();
        setActive(view, (view.active + 1) % count);
        break;
      case 'ArrowUp':
        if (!open) return;
        event.preventDefault();
        setActive(view, view.active <= 0 ? count - 1 : view.active - 1);
        break;
      case 'Enter':
        event.preventDefault();
        if (open && view.active >= 0) pickItem(view, view.suggestions[view.active]);
        break;
      case 'Escape':
        if (!open) return;
        event.preventDefault();
        hideSuggestions(view);
        break;
      default:
    }
  }

  function pickItem(view, item) {
    cancelSearch(view);
    hideSuggestions(view);
    view.input.value = item.name;
    view.picked = item;
    view.choice.replaceChildren(choiceHeader(view, item));
    view.choice.hidden = false;
    loadParameters(view, item);
  }

  function choiceHeader(view, item) {
    const head = element('div', 'hs1c-choice-head');
    const cancel = element('button', 'hs1c-choice-cancel', TEXT.cancel);
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      resetPicker(view);
      view.input.value = '';
      view.input.focus();
    });
    head.append(element('span', 'hs1c-choice-name', item.name), cancel);
    return head;
  }

  // Runs one request of the chosen item's chain; a newer choice aborts it and ignores its answer.
  async function choiceRequest(view, loadingText, apiPath) {
    cancelChoice(view);
    const abort = new AbortController();
    view.choiceAbort = abort;
    setNotes(view, [['loading', loadingText]]);
    try {
      const answer = await api('GET', apiPath, { signal: abort.signal });
      if (view.choiceAbort !== abort) return null;
      view.choiceAbort = null;
      setNotes(view, answer.stale ? [['warning', TEXT.stale]] : []);
      return answer;
    } catch (e) {
      if (!isAbort(e) && view.choiceAbort === abort) {
        view.choiceAbort = null;
        setNotes(view, [['error', e.message]]);
      }
      return null;
    }
  }

  async function loadParameters(view, item) {
    const answer = await choiceRequest(view, TEXT.loadingParameters, path.parameters(item.id));
    if (!answer) return;
    const parameters = Array.isArray(answer.parameters) ? answer.parameters : [];
    if (!parameters.length) {
      finishChoice(view, item, null, null);
      return;
    }
    const select = choiceSelect('hs1c-parameter', TEXT.parameterLabel, TEXT.chooseParameter, parameters);
    select.addEventListener('change', () => {
      const parameter = parameters[select.selectedIndex - 1];
      clearAfter(view, select);
      if (parameter) loadValues(view, item, parameter);
    });
    view.choice.append(select);
    select.focus();
  }

  async function loadValues(view, item, parameter) {
    const answer = await choiceRequest(view, TEXT.loadingValues, path.values(item.id, parameter.id));
    if (!answer) return;
    const values = Array.isArray(answer.values) ? answer.values : [];
    if (!values.length) {
      const box = element('div', 'hs1c-no-values');
      const add = element('button', 'hs1c-add-plain', TEXT.addWithoutValue);
      add.type = 'button';
      add.addEventListener('click', () => finishChoice(view, item, parameter, null));
      box.append(element('span', 'hs1c-no-values-text', TEXT.noValues(parameter.name)), add);
      view.choice.append(box);
      return;
    }
    const select = choiceSelect('hs1c-value', TEXT.valueLabel, TEXT.chooseValue, values);
    select.addEventListener('change', () => {
      const value = values[select.selectedIndex - 1];
      if (value) finishChoice(view, item, parameter, value);
    });
    view.choice.append(select);
    select.focus();
  }

  function choiceSelect(className, label, prompt, entries) {
    const select = element('select', 'hs1c-select ' + className);
    select.setAttribute('aria-label', label);
    const first = new Option(prompt, '');
    first.disabled = true;
    select.add(first);
    for (const entry of entries) select.add(new Option(entry.name, entry.id));
    select.selectedIndex = 0;
    return select;
  }

  // Choosing another parameter drops what the previous one brought.
  function clearAfter(view, node) {
    while (node.nextSibling) node.nextSibling.remove();
    cancelChoice(view);
    setNotes(view, []);
  }

  function finishChoice(view, item, parameter, value) {
    resetPicker(view);
    view.input.value = '';
    addLine(view.state, item, parameter, value).then(() => view.input.focus());
  }

  // ---------------------------------------------------------------------------------------------
  // Widgets in the run view (S2)

  function buildView(state, source) {
    const root = element('div', 'hs1c-widget');
    root.dataset.field = state.fieldId;
    const listId = uniqueId('hs1c-suggestions');
    const input = element('input', 'hs1c-search');
    input.type = 'text';
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.placeholder = TEXT.placeholder(config.min_letters);
    input.setAttribute('aria-label', TEXT.searchLabel);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', listId);
    const list = element('ul', 'hs1c-suggestions');
    list.id = listId;
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    const search = element('div', 'hs1c-search-box');
    search.append(input, list);
    const status = element('div', 'hs1c-status');
    status.setAttribute('role', 'status');
    status.hidden = true;
    const choice = element('div', 'hs1c-choice');
    choice.hidden = true;
    const cartStatus = element('div', 'hs1c-cart-status');
    cartStatus.setAttribute('role', 'status');
    const lines = element('ul', 'hs1c-lines');
    const empty = element('div', 'hs1c-empty', TEXT.emptyCart);
    const cart = element('div', 'hs1c-cart');
    cart.append(lines, empty, cartStatus);
    root.append(search, status, choice, cart);

    const view = {
      state, source, root, input, list, listId, status, choice, lines, empty, cartStatus,
      suggestions: [], active: -1, timer: 0, searchAbort: null, choiceAbort: null, picked: null,
    };
    input.addEventListener('input', () => onSearchInput(view));
    input.addEventListener('keydown', (e) => onSearchKey(view, e));
    input.addEventListener('blur', () => hideSuggestions(view));
    // Coming back to typed text reopens its list (the proxy answers it from cache).
    input.addEventListener('focus', () => { if (!view.picked && input.value.trim()) onSearchInput(view); });
    // The host page may wrap a field in a <label>; a click on plain text of the widget would then be
    // passed on to the hidden field.
    root.addEventListener('click', (e) => {
      if (!e.target.closest('input, select, textarea, button, a')) e.preventDefault();
    });
    return view;
  }

  function mountWidget(source) {
    const fieldId = String(source.name || source.getAttribute('name') || '');
    if (!isNomenclature(app.fields && app.fields[fieldId])) return;
    source.dataset.hs1cWidget = 'mounted';
    source.classList.add('hs1c-source');
    source.hidden = true;
    const state = states.get(fieldId) || createState(fieldId);
    // HyperScript renders the step text anew on every step; widgets it threw away go.
    for (const old of state.views) if (!old.root.isConnected) dropView(old);
    const view = buildView(state, source);
    state.views.add(view);
    source.after(view.root);
    renderLines(view, state);
    syncFieldValue(state);
  }

  function dropView(view) {
    cancelSearch(view);
    cancelChoice(view);
    view.state.views.delete(view);
  }

  function mountWidgets() {
    const fields = `${selectors.view_box} ${selectors.run_field}, ${selectors.sidebar} ${selectors.run_field}`;
    for (const source of document.querySelectorAll(fields)) {
      if (!source.dataset.hs1cWidget) mountWidget(source);
    }
  }

  // A new pass starts with new states: carts of a finished pass are forgotten, an unfinished one
  // (e.g. after a reload) comes back from storage.
  function onStartScript() {
    stopOrderWatch();
    for (const state of states.values()) state.views.forEach(dropView);
    states.clear();
    scan();
  }

  function onStopScript(event, data) {
    const scriptId = data && data.script_id != null ? data.script_id : app.script_id;
    const finished = Array.from(states.values()).filter((state) => String(state.scriptId) === String(scriptId));
    watchOrders(finished);
    forgetScriptCarts(scriptId);
    for (const state of finished) {
      state.closed = true;
      renderCart(state);
    }
  }

  // «Разговор окончен» sends the cart id only; the proxy reads the cart then. A quantity committed by
  // the blur of that very click must reach the proxy first, so the click waits for pending writes.
  let releasingFinish = false;
  function holdFinishWhileSaving(event) {
    const button = event.target.closest && event.target.closest(selectors.finish);
    if (!button || releasingFinish) return;
    const pending = Array.from(states.values()).filter((s) => s.pending > 0).map((s) => s.queue);
    if (!pending.length) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    Promise.allSettled(pending).then(() => {
      releasingFinish = true;
      try {
        button.click();
      } finally {
        releasingFinish = false;
      }
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Order notices after the call (S3): the proxy made an order of each cart that had lines; the
  // operator learns whether 1C has it before taking the next call.

  function orderNotice(answer) {
    const number = typeof answer.number === 'string' ? answer.number : '';
    if (answer.state === 'pending_1c') return { kind: 'queued', text: TEXT.orderQueued };
    if (answer.state === 'parked' && !number) return { kind: 'rejected', text: TEXT.orderRejected };
    if (ORDER_ACCEPTED.has(answer.state)) return { kind: 'sent', text: TEXT.orderSent(number) };
    return { kind: 'unknown', text: TEXT.orderUnknown };
  }

  function fieldName(fieldId) {
    const field = app.fields && app.fields[fieldId];
    return field && field.name != null ? String(field.name) : '';
  }

  function watchOrders(finished) {
    stopOrderWatch();
    const ordered = finished.filter((state) => state.cart && state.cart.lines.length);
    if (!ordered.length) return;
    const watch = {
      abort: new AbortController(),
      box: null,
      notices: ordered.map((state) => ({
        cartId: state.cart.id,
        fieldName: fieldName(state.fieldId),
        kind: 'checking',
        text: TEXT.orderChecking,
        timer: 0,
        delay: ORDER_RECHECK_FIRST_MS,
      })),
    };
    orderWatch = watch;
    renderOrderNotices(watch);
    watch.notices.forEach((notice) => checkOrder(watch, notice));
  }

  function stopOrderWatch() {
    const watch = orderWatch;
    if (!watch) return;
    orderWatch = null;
    watch.abort.abort();
    watch.notices.forEach((notice) => clearTimeout(notice.timer));
    if (watch.box) watch.box.remove();
  }

  async function checkOrder(watch, notice) {
    let shown;
    try {
      shown = orderNotice(await api('GET', path.order(notice.cartId), { signal: watch.abort.signal }));
    } catch (e) {
      if (isAbort(e)) return;
      // A failed re-check of a queued order changes nothing the operator was told.
      shown = notice.kind === 'queued' ? notice : { kind: 'unknown', text: TEXT.orderUnknown };
    }
    if (orderWatch !== watch) return;
    notice.kind = shown.kind;
    notice.text = shown.text;
    renderOrderNotices(watch);
    if (notice.kind !== 'queued') return;
    notice.timer = setTimeout(() => checkOrder(watch, notice), notice.delay);
    notice.delay = Math.min(notice.delay * ORDER_RECHECK_FACTOR, ORDER_RECHECK_MAX_MS);
  }

  function renderOrderNotices(watch) {
    if (!watch.box) {
      watch.box = element('div', 'hs1c-orders');
      watch.box.setAttribute('role', 'status');
    }
    // With several nomenclature fields the operator needs to know which order is which.
    const named = watch.notices.length > 1;
    watch.box.replaceChildren(...watch.notices.map((notice) => {
      const row = element('div', `hs1c-order hs1c-order-${notice.kind}`);
      if (named && notice.fieldName) row.append(element('span', 'hs1c-order-field', notice.fieldName));
      row.append(element('span', 'hs1c-order-text', notice.text));
      return row;
    }));
    mountOrderNotices();
  }

  // The notices sit at the end of the run view; a view HyperScript renders anew gets them back.
  function mountOrderNotices() {
    const box = orderWatch && orderWatch.box;
    if (!box || box.isConnected) return;
    const viewBox = document.querySelector(selectors.view_box);
    if (viewBox) viewBox.append(box);
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  function scan() {
    if (!app) return;
    offerFieldType();
    markFieldTags();
    mountWidgets();
    mountOrderNotices();
  }

  function insideOwnNodes(node) {
    const target = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return Boolean(target && target.closest('.hs1c-widget, .hs1c-orders'));
  }

  function observePage() {
    const observer = new MutationObserver((mutations) => {
      if (mutations.every((m) => insideOwnNodes(m.target))) return;
      scan();
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }

  // Every HyperScript name comes from the proxy's rules; without one of them the plugin cannot tell
  // which element is which, so it stays out of the page rather than guess.
  function readConfig() {
    const c = window.hs1cConfig;
    if (!c || typeof c !== 'object' || typeof c.api !== 'string' || typeof c.cart_value_prefix !== 'string') return null;
    if (!c.field_type || !c.field_type.value || !c.field_type.label || !c.selectors) return null;
    if (!REQUIRED_SELECTORS.every((name) => typeof c.selectors[name] === 'string' && c.selectors[name])) return null;
    return Object.assign({}, c, {
      context_params: Array.isArray(c.context_params) ? c.context_params : [],
      min_letters: Number(c.min_letters) > 0 ? Number(c.min_letters) : DEFAULT_MIN_LETTERS,
      search_debounce_ms: Number(c.search_debounce_ms) >= 0 ? Number(c.search_debounce_ms) : DEFAULT_DEBOUNCE_MS,
    });
  }

  // Features need both the app and the server's configuration; without the latter only the badge shows.
  function start() {
    if (started || !app || document.readyState === 'loading') return;
    config = readConfig();
    if (!config) return;
    started = true;
    selectors = config.selectors;
    hs1c.config = config;
    app.misc.on('constructor load done', scan);
    app.misc.on('constructor step selected', scan);
    app.misc.on('start script', onStartScript);
    app.misc.on('stop script', onStopScript);
    document.addEventListener('click', holdFinishWhileSaving, true);
    observePage();
    scan();
  }

  function showBadge() {
    if (document.querySelector('.hs1c-badge')) return;
    const badge = element('div', 'hs1c-badge', TEXT.badge);
    badge.title = TEXT.badgeTitle;
    document.body.appendChild(badge);
  }

  function attach(hostApp) {
    app = hostApp;
    hs1c.app = hostApp;
    document.documentElement.dataset.hs1c = 'attached';
    start();
  }

  function onReady() {
    showBadge();
    start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', onReady);
  else onReady();

  window.appasyncadd = window.appasyncadd || [];
  window.appasyncadd.push(attach);
})();
