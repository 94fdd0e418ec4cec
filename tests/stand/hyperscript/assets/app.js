// HyperScript stand: a small plain-JS imitation of HyperScript's one-page app (script list,
// constructor, run view) talking to its /ajax RPC. Its DOM hooks, events and request encoding are the
// contract of DESIGN §3 that the proxy's injected plugin relies on; keep them exact.
(function () {
  'use strict';

  // User-facing texts, kept together.
  const TEXT = {
    saved: 'Разговор сохранён',
    network: 'Нет связи с сервером, попробуйте ещё раз',
    nameRequired: 'Введите название поля',
    stepSaved: 'Сохранено',
    stepSaving: 'Сохранение…',
    scriptEnd: 'Конец скрипта. Нажмите «Разговор окончен», чтобы сохранить результат.',
    run: 'Пройти',
    constructor: 'Конструктор',
    insert: 'Вставить',
    leadBadge: 'Сделка №',
    noFields: 'В скрипте пока нет полей',
    answerTo: '→ ',
  };
  const TYPE_LABELS = {
    text: 'строка', textarea: 'текст', checkbox: 'флажок', number: 'число',
    date: 'дата', datetime: 'дата и время', multilist: 'список',
  };
  const TOKEN_BYTES = 16;
  const MS_PER_SECOND = 1000;
  const TEXTAREA_ROWS = 3;

  const csrfToken = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  const pageParams = new URLSearchParams(location.search);
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));

  // jQuery.param: nested objects as a[b][c], arrays of scalars as a[], arrays of objects as a[0][b];
  // encodeURIComponent with spaces as '+', as the real front end (an older jQuery) sends it.
  function param(data) {
    const pairs = [];
    const add = (key, value) => {
      if (typeof value === 'function') value = value();
      pairs.push(encodeURIComponent(key) + '=' + encodeURIComponent(value == null ? '' : value));
    };
    const build = (prefix, value) => {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (/\[\]$/.test(prefix)) add(prefix, item);
          else build(prefix + '[' + (item !== null && typeof item === 'object' ? i : '') + ']', item);
        });
      } else if (value !== null && typeof value === 'object') {
        for (const key of Object.keys(value)) build(prefix + '[' + key + ']', value[key]);
      } else {
        add(prefix, value);
      }
    };
    for (const key of Object.keys(data)) build(key, data[key]);
    return pairs.join('&').replace(/%20/g, '+');
  }

  // One RPC call; resolves to `response`, rejects with the server's Russian message on status != 0.
  async function rpc(method, params) {
    const body = param(Object.assign({ method }, params, { csrf_token: csrfToken }));
    let res;
    try {
      res = await fetch('/ajax', {
        method: 'POST',
        credentials: 'same-origin',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
          'X-Requested-With': 'XMLHttpRequest',
        },
        body,
      });
    } catch (e) {
      throw new Error(TEXT.network);
    }
    if (!res.ok) throw new Error(TEXT.network + ' (HTTP ' + res.status + ')');
    const data = await res.json();
    if (data.status !== 0) {
      const error = new Error(data.msg_ru || data.msg);
      error.rpc = data;
      throw error;
    }
    return data.response;
  }

  // The event bus: handlers are called jQuery-style as cb(event, data), event.type being the name.
  const handlers = new Map();
  const misc = {
    on(type, cb) {
      if (!handlers.has(type)) handlers.set(type, []);
      handlers.get(type).push(cb);
      return misc;
    },
    off(type, cb) {
      const list = handlers.get(type) || [];
      handlers.set(type, cb ? list.filter((h) => h !== cb) : []);
      return misc;
    },
    trigger(type, data) {
      for (const cb of (handlers.get(type) || []).slice()) {
        try { cb({ type }, data); } catch (e) { console.error(e); }
      }
      return misc;
    },
  };

  const app = { misc, rpc, param, csrf_token: csrfToken, script_id: null, script: null, fields: {} };

  const state = {
    stepId: null,   // constructor: the selected step
    range: null,    // constructor: the caret in the step editor
    pass: null,     // run view: { token, startedAt, stepId, log, values, finished }
  };

  // ---------------------------------------------------------------------------------------------
  // Common

  function showToast(message) {
    const toast = $('.js_toast');
    toast.textContent = message;
    toast.hidden = !message;
  }

  function showPanel(name) {
    for (const id of ['panel_list', 'panel_constructor', 'panel_view']) $('#' + id).hidden = id !== 'panel_' + name;
    $$('.js_script_title').forEach((h) => { h.textContent = app.script ? app.script.title : ''; });
  }

  function stepById(id) {
    return app.script.steps.find((s) => String(s.id) === String(id));
  }

  function sortedFields() {
    return Object.values(app.fields).sort((a, b) => a.position - b.position);
  }

  function optionList(field) {
    const options = field.options;
    if (Array.isArray(options)) return options.map(String);
    if (typeof options === 'string') return options.split('\n').map((o) => o.trim()).filter(Boolean);
    return [];
  }

  function parseHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    return { id: Number(params.get('s')) || null, constructor: params.get('mode') === 'constructor' };
  }

  async function loadScript(id) {
    const res = await rpc('scripts.load_without_external_scripts', { id });
    app.script = res.data;
    app.script_id = res.data.id;
    app.fields = res.fields;
  }

  async function route() {
    showToast('');
    const { id, constructor } = parseHash();
    try {
      if (!id) {
        await showList();
        return;
      }
      await loadScript(id);
      if (constructor) openConstructor();
      else openView();
    } catch (e) {
      showToast(e.message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Script list

  async function showList() {
    app.script = null;
    app.script_id = null;
    showPanel('list');
    const { scripts } = await rpc('scripts.list', {});
    const rows = $('.js_scripts_rows');
    rows.replaceChildren(...scripts.map((s) => {
      const tr = document.createElement('tr');
      const title = document.createElement('a');
      title.href = '#s=' + s.id;
      title.textContent = s.title;
      const cells = [title, String(s.steps), String(s.fields), String(s.ver)];
      for (const content of cells) {
        const td = document.createElement('td');
        td.append(content);
        tr.append(td);
      }
      const actions = document.createElement('td');
      actions.className = 'row_actions';
      for (const [label, hash] of [[TEXT.run, '#s=' + s.id], [TEXT.constructor, '#s=' + s.id + '&mode=constructor']]) {
        const a = document.createElement('a');
        a.className = 'btn btn_small';
        a.href = hash;
        a.textContent = label;
        actions.append(a);
      }
      tr.append(actions);
      return tr;
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Constructor

  const editor = $('.js_step_editor');

  function makeFieldTag(field) {
    const tag = document.createElement('hs');
    tag.className = 'js_field';
    tag.dataset.id = String(field.id);
    tag.textContent = field.name;
    return tag;
  }

  // Tags are atomic while editing; the attributes that make them so are dropped again on save.
  function prepareTags(root) {
    for (const tag of $$('hs', root)) {
      tag.contentEditable = 'false';
      tag.classList.toggle('is_missing', !app.fields[tag.dataset.id]);
    }
  }

  function editorHtml() {
    const clone = editor.cloneNode(true);
    for (const tag of $$('hs', clone)) {
      tag.removeAttribute('contenteditable');
      tag.classList.remove('is_missing');
    }
    return clone.innerHTML;
  }

  function openConstructor() {
    showPanel('constructor');
    $('.js_save_state').textContent = '';
    const list = $('.js_steps_list');
    list.replaceChildren(...app.script.steps.map((step) => {
      const li = document.createElement('li');
      li.className = 'js_step_item';
      li.dataset.id = String(step.id);
      li.textContent = step.title;
      li.addEventListener('click', () => selectStep(step.id));
      return li;
    }));
    renderFieldsList();
    const keep = state.stepId && stepById(state.stepId);
    selectStep(keep ? state.stepId : app.script.start);
    app.misc.trigger('constructor load done', { script_id: app.script_id, script: app.script, fields: app.fields });
  }

  function selectStep(id) {
    const step = stepById(id);
    if (!step) return;
    state.stepId = step.id;
    state.range = null;
    $$('.js_step_item').forEach((li) => li.classList.toggle('active', li.dataset.id === String(step.id)));
    $('.js_step_title').value = step.title;
    editor.innerHTML = step.text;
    prepareTags(editor);
    $('.js_answers_list').replaceChildren(...step.answers.map((a) => {
      const li = document.createElement('li');
      const target = stepById(a.target);
      li.textContent = a.text + '  ' + TEXT.answerTo + (target ? target.title : a.target);
      return li;
    }));
    app.misc.trigger('constructor step selected', { script_id: app.script_id, step_id: step.id, step, editor });
  }

  function renderFieldsList() {
    const fields = sortedFields();
    const item = (field) => {
      const li = document.createElement('li');
      li.dataset.id = String(field.id);
      const name = document.createElement('span');
      name.className = 'field_name';
      name.textContent = field.name;
      const type = document.createElement('span');
      type.className = 'field_type';
      type.textContent = TYPE_LABELS[field.type] || field.type;
      const insert = document.createElement('button');
      insert.type = 'button';
      insert.className = 'btn btn_small js_insert_field';
      insert.textContent = TEXT.insert;
      insert.addEventListener('mousedown', (e) => e.preventDefault());  // keep the caret in the editor
      insert.addEventListener('click', () => { closeAddField(); insertExisting(field); });
      li.append(name, type, insert);
      return li;
    };
    const empty = () => {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = TEXT.noFields;
      return li;
    };
    for (const list of [$('.js_fields_list'), $('.js_existing_fields')])
      list.replaceChildren(...(fields.length ? fields.map(item) : [empty()]));
  }

  function rememberCaret() {
    const sel = document.getSelection();
    if (sel.rangeCount && editor.contains(sel.getRangeAt(0).commonAncestorContainer))
      state.range = sel.getRangeAt(0).cloneRange();
  }

  // Where a new tag goes: the caret (at the end when the editor never had it), moved out of a tag
  // the caret sits in, since tags never nest.
  function insertionRange() {
    let range = state.range && editor.contains(state.range.startContainer) ? state.range : null;
    if (!range) {
      range = document.createRange();
      range.selectNodeContents(editor);
      range.collapse(false);
    }
    const start = range.startContainer;
    const tag = (start.nodeType === Node.ELEMENT_NODE ? start : start.parentNode).closest('hs');
    if (tag && editor.contains(tag)) {
      range = document.createRange();
      range.setStartAfter(tag);
      range.collapse(true);
    }
    return range;
  }

  // Puts a field's tag at the caret, separated from the text around it by spaces.
  function insertFieldTag(field) {
    const range = insertionRange();
    range.deleteContents();
    const before = document.createRange();
    before.setStart(editor, 0);
    before.setEnd(range.startContainer, range.startOffset);
    const needsSpace = /\S$/.test(before.toString());
    const tag = makeFieldTag(field);
    const space = document.createTextNode(' ');
    range.insertNode(space);
    range.insertNode(tag);
    if (needsSpace) range.insertNode(document.createTextNode(' '));
    prepareTags(editor);
    const after = document.createRange();
    after.setStartAfter(space);
    after.collapse(true);
    state.range = after;
  }

  async function saveStep() {
    const status = $('.js_save_state');
    status.textContent = TEXT.stepSaving;
    try {
      const res = await rpc('script.update_node', {
        script_id: app.script_id,
        node_id: state.stepId,
        title: $('.js_step_title').value,
        text: editorHtml(),
      });
      const step = stepById(res.node.id);
      step.text = res.node.text;
      step.title = res.node.title;
      app.script.ver = res.ver;
      const item = $('.js_step_item[data-id="' + res.node.id + '"]');
      if (item) item.textContent = res.node.title;
      status.textContent = TEXT.stepSaved;
    } catch (e) {
      status.textContent = '';
      showToast(e.message);
    }
  }

  async function insertExisting(field) {
    insertFieldTag(field);
    await saveStep();
  }

  // The add-field dialog (#show_add_field).
  const dialog = $('#show_add_field');

  function switchTab(name) {
    $$('.tab', dialog).forEach((t) => t.classList.toggle('active', t.dataset.tab === name));
    $('.js_tab_new', dialog).hidden = name !== 'new';
    $('.js_tab_existing', dialog).hidden = name !== 'existing';
  }

  function openAddField() {
    rememberCaret();
    $('#field_name').value = '';
    $('#field_type').value = 'text';
    $('#field_options').value = '';
    $('.js_options_row').hidden = true;
    $('.js_add_field_error').textContent = '';
    switchTab('new');
    dialog.hidden = false;
    $('#field_name').focus();
  }

  function closeAddField() {
    dialog.hidden = true;
  }

  async function saveNewField() {
    const error = $('.js_add_field_error');
    const name = $('#field_name').value.trim();
    if (!name) {
      error.textContent = TEXT.nameRequired;
      return;
    }
    const type = $('#field_type').value;
    const params = {
      script_id: app.script_id, node_id: state.stepId, name, key: '', type, is_from_crm: 0, sys_name: '',
    };
    if (type === 'multilist') params.options = $('#field_options').value;
    const save = $('.js_add_field_save');
    save.disabled = true;
    try {
      const field = await rpc('script.add_field', params);
      app.fields[String(field.id)] = Object.assign({ value: '' }, field);
      closeAddField();
      renderFieldsList();
      insertFieldTag(field);
      await saveStep();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      save.disabled = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Run view

  function randomToken() {
    const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function emptyValue(field) {
    if (field.type === 'multilist') return [];
    if (field.type === 'checkbox') return '0';
    return '';
  }

  function readValue(el) {
    if (el.type === 'checkbox') return el.checked ? '1' : '0';
    if (el.multiple) return Array.from(el.selectedOptions, (o) => o.value);
    return el.value;
  }

  function writeValue(el, value) {
    if (el.type === 'checkbox') el.checked = value === '1';
    else if (el.multiple) for (const o of el.options) o.selected = Array.isArray(value) && value.includes(o.value);
    else el.value = value == null ? '' : value;
  }

  function createInput(field) {
    let el;
    const input = (type) => {
      const i = document.createElement('input');
      i.type = type;
      return i;
    };
    switch (field.type) {
      case 'textarea':
        el = document.createElement('textarea');
        el.rows = TEXTAREA_ROWS;
        break;
      case 'checkbox':
        el = input('checkbox');
        el.value = '1';
        break;
      case 'number':
        el = input('number');
        el.step = 'any';
        break;
      case 'date':
        el = input('date');
        break;
      case 'datetime':
        el = input('datetime-local');
        break;
      case 'multilist':
        el = document.createElement('select');
        el.multiple = true;
        for (const text of optionList(field)) el.add(new Option(text, text));
        break;
      default:
        el = input('text');
    }
    el.classList.add('js_script_field');
    el.name = String(field.id);
    el.dataset.type = field.type;
    el.title = field.name;
    if (el.type !== 'checkbox' && !el.multiple) el.placeholder = field.name;
    writeValue(el, state.pass.values[field.id]);
    return el;
  }

  function renderOutfields() {
    const box = $('.js_outfields_box');
    box.replaceChildren(...sortedFields().map((field) => {
      const row = document.createElement('label');
      row.className = 'outfield outfield_' + field.type;
      const name = document.createElement('span');
      name.className = 'outfield_name';
      name.textContent = field.name;
      row.append(name, createInput(field));
      return row;
    }));
  }

  function renderStep() {
    const step = stepById(state.pass.stepId);
    $('.js_view_step_title').textContent = step.title;
    const text = $('.js_view_step_text');
    text.innerHTML = step.text;
    for (const tag of $$('hs', text)) {
      const field = app.fields[tag.dataset.id];
      if (!field) {
        tag.replaceWith(document.createTextNode(tag.textContent));
        continue;
      }
      const wrap = document.createElement('span');
      wrap.className = 'field_inline field_' + field.type;
      wrap.append(createInput(field));
      tag.replaceWith(wrap);
    }
    const answers = $('.js_view_answers');
    if (!step.answers.length) {
      const end = document.createElement('p');
      end.className = 'script_end';
      end.textContent = TEXT.scriptEnd;
      answers.replaceChildren(end);
      return;
    }
    answers.replaceChildren(...step.answers.map((a) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'btn answer js_answer';
      b.dataset.id = String(a.id);
      b.textContent = a.text;
      b.addEventListener('click', () => choose(a));
      return b;
    }));
  }

  function logEntry(step, answerId) {
    return { id: step.id, cid: answerId, script: { id: app.script_id, ver: app.script.ver }, isgoal: step.goal ? 1 : 0 };
  }

  function choose(answer) {
    if (state.pass.finished) return;
    const target = stepById(answer.target);
    if (!target) return;
    state.pass.stepId = target.id;
    state.pass.log.push(logEntry(target, answer.id));
    renderStep();
  }

  function startPass() {
    const start = stepById(app.script.start);
    const values = {};
    for (const field of Object.values(app.fields)) {
      // Fields bound to a CRM attribute start with the value the CRM integration put in the page URL.
      const fromPage = field.sys_name && pageParams.get(field.sys_name);
      values[field.id] = fromPage || emptyValue(field);
    }
    state.pass = { token: randomToken(), startedAt: Date.now(), stepId: start.id, log: [logEntry(start, '')], values, finished: false };
    $('.js_result').textContent = '';
    $('.js_result').className = 'result js_result';
    $('.js_restart').hidden = true;
    $('.talk_is_over').disabled = false;
    renderOutfields();
    renderStep();
    app.misc.trigger('start script', { script_id: app.script_id, token: state.pass.token, fields: app.fields });
  }

  function openView() {
    showPanel('view');
    startPass();
  }

  function onFieldEdit(e) {
    const el = e.target.closest && e.target.closest('.js_script_field');
    if (!el || !state.pass || !$('.js_view_box').parentNode.contains(el)) return;
    const value = readValue(el);
    state.pass.values[el.name] = value;
    for (const other of $$('.js_script_field[name="' + CSS.escape(el.name) + '"]'))
      if (other !== el) writeValue(other, value);
  }

  // A value set by script without an input event (e.g. by a plugin) still counts: any input that
  // differs from the known value wins.
  function currentValue(field) {
    const known = state.pass.values[field.id];
    for (const el of $$('.js_script_field[name="' + CSS.escape(String(field.id)) + '"]')) {
      const v = readValue(el);
      if (JSON.stringify(v) !== JSON.stringify(known)) return v;
    }
    return known;
  }

  async function talkIsOver() {
    const pass = state.pass;
    if (!pass || pass.finished) return;
    const button = $('.talk_is_over');
    const result = $('.js_result');
    button.disabled = true;
    const last = pass.log[pass.log.length - 1];
    const params = {
      id: app.script_id,
      ver: app.script.ver,
      token: pass.token,
      outcome: last.isgoal ? 'ok' : 'interrupted',
      log: pass.log,
      fields: sortedFields().map((f) => ({ id: f.id, value: currentValue(f) })),
      unexpected: [],
      duration: Math.round((Date.now() - pass.startedAt) / MS_PER_SECOND),
      widgets: { basket2: { total: 0 } },
    };
    try {
      await rpc('script.save_log', params);
    } catch (e) {
      result.textContent = e.message;
      result.className = 'result error js_result';
      button.disabled = false;
      return;
    }
    pass.finished = true;
    result.textContent = TEXT.saved;
    result.className = 'result ok js_result';
    $$('.js_answer').forEach((b) => { b.disabled = true; });
    $('.js_restart').hidden = false;
    app.misc.trigger('stop script', { script_id: app.script_id, token: pass.token });
  }

  // ---------------------------------------------------------------------------------------------
  // Wiring

  $('.js_show_add_field').addEventListener('mousedown', (e) => e.preventDefault());
  $('.js_show_add_field').addEventListener('click', openAddField);
  $$('.js_close_add_field').forEach((b) => b.addEventListener('click', closeAddField));
  $$('.tab', dialog).forEach((t) => t.addEventListener('click', () => switchTab(t.dataset.tab)));
  $('#field_type').addEventListener('change', () => {
    $('.js_options_row').hidden = $('#field_type').value !== 'multilist';
  });
  $('.js_add_field_save').addEventListener('click', saveNewField);
  $('#field_name').addEventListener('keydown', (e) => { if (e.key === 'Enter') saveNewField(); });
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !dialog.hidden) closeAddField(); });
  document.addEventListener('selectionchange', rememberCaret);
  $('.js_save_step').addEventListener('click', saveStep);
  $('.js_to_view').addEventListener('click', () => { location.hash = 's=' + app.script_id; });
  $('.js_to_constructor').addEventListener('click', () => { location.hash = 's=' + app.script_id + '&mode=constructor'; });
  $('.talk_is_over').addEventListener('click', talkIsOver);
  $('.js_restart').addEventListener('click', startPass);
  document.addEventListener('input', onFieldEdit);
  document.addEventListener('change', onFieldEdit);
  window.addEventListener('hashchange', route);

  const lead = pageParams.get('lead_id');
  if (lead) {
    const badge = $('.js_lead_badge');
    badge.textContent = TEXT.leadBadge + lead;
    badge.hidden = false;
  }

  // The module hook: functions pushed before the app existed run now, later ones at once.
  const queue = Array.isArray(window.appasyncadd) ? window.appasyncadd : [];
  const runModule = (fn) => {
    if (typeof fn !== 'function') return;
    try { fn(app); } catch (e) { console.error(e); }
  };
  const early = queue.slice();
  queue.push = function (...fns) {
    fns.forEach(runModule);
    return Array.prototype.push.apply(this, fns);
  };
  window.appasyncadd = queue;
  early.forEach(runModule);

  // Scripts later in the page (an injected plugin) get to subscribe before the first events fire.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', route);
  else route();
})();
