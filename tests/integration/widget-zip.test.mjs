// The amoCRM widget package as the build makes it (widget.zip next to the binaries): files at the
// archive's root, the manifest amoCRM expects, both languages complete, logos of the exact sizes and
// within the byte limit, and an AMD script that answers every callback. The zip is read with a small
// reader of its own (central directory, then each local header) so no npm package is needed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { binDir, sourceDir } from '../lib/harness.mjs';

const zipPath = path.join(process.env.HS1C_BIN ?? binDir, '..', 'widget.zip');
const packageDir = path.join(sourceDir, 'plugins/widget/amocrm');

const IMAGES = {
  'images/logo_main.png': [400, 272],
  'images/logo_small.png': [108, 108],
  'images/logo.png': [130, 100],
  'images/logo_medium.png': [240, 84],
  'images/logo_min.png': [84, 84],
};
const FILES = ['manifest.json', 'script.js', 'i18n/ru.json', 'i18n/en.json', 'style.css', ...Object.keys(IMAGES)];
const IMAGE_LIMIT_BYTES = 300 * 1000;
const ZIP_LIMIT_BYTES = 2 * 1000 * 1000;
const CALLBACKS = ['render', 'init', 'bind_actions', 'settings', 'onSave', 'destroy'];

// --- a minimal ZIP reader ------------------------------------------------------------------------
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_BYTES = 22;
const MAX_COMMENT_BYTES = 0xffff;
const CENTRAL_HEADER_BYTES = 46;
const LOCAL_HEADER_BYTES = 30;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;
const FLAG_ENCRYPTED = 1;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// Returns [{ name, method, flags, data }] in central-directory order; throws on anything malformed.
function readZip(buf) {
  let eocd = -1;
  const lowest = Math.max(0, buf.length - EOCD_MIN_BYTES - MAX_COMMENT_BYTES);
  for (let i = buf.length - EOCD_MIN_BYTES; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
  }
  assert.ok(eocd >= 0, 'no end of central directory record');
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  let at = buf.readUInt32LE(eocd + 16);
  assert.equal(at + size, eocd, 'central directory does not end where the end record starts');
  const entries = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(at), CENTRAL_SIGNATURE, `central header ${n}`);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const crc = buf.readUInt32LE(at + 16);
    const packed = buf.readUInt32LE(at + 20);
    const unpacked = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + CENTRAL_HEADER_BYTES, at + CENTRAL_HEADER_BYTES + nameLength).toString('utf8');
    at += CENTRAL_HEADER_BYTES + nameLength + extraLength + commentLength;

    assert.equal(buf.readUInt32LE(local), LOCAL_SIGNATURE, `local header of ${name}`);
    const localName = buf.readUInt16LE(local + 26);
    const localExtra = buf.readUInt16LE(local + 28);
    assert.equal(buf.subarray(local + LOCAL_HEADER_BYTES, local + LOCAL_HEADER_BYTES + localName).toString('utf8'), name);
    const start = local + LOCAL_HEADER_BYTES + localName + localExtra;
    const raw = buf.subarray(start, start + packed);
    assert.equal(flags & FLAG_ENCRYPTED, 0, `${name} is encrypted`);
    let data;
    if (method === METHOD_STORED) data = Buffer.from(raw);
    else if (method === METHOD_DEFLATED) data = zlib.inflateRawSync(raw);
    else assert.fail(`${name}: compression method ${method}`);
    assert.equal(data.length, unpacked, `${name}: size`);
    assert.equal(crc32(data), crc, `${name}: CRC-32`);
    entries.push({ name, method, flags, data });
  }
  assert.equal(at, eocd, 'central directory entries do not fill the directory');
  return entries;
}

// --- PNG header ------------------------------------------------------------------------------------
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function pngSize(data) {
  assert.deepEqual(data.subarray(0, PNG_SIGNATURE.length), PNG_SIGNATURE, 'not a PNG');
  assert.equal(data.subarray(12, 16).toString('ascii'), 'IHDR', 'the first chunk is not IHDR');
  return [data.readUInt32BE(16), data.readUInt32BE(20)];
}

// Every dotted path to a leaf of a JSON object, e.g. "ui.open_order".
function leafPaths(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    (v !== null && typeof v === 'object' ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
const lookup = (obj, dotted) => dotted.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

let entries;
let files;
before(() => {
  assert.ok(fs.existsSync(zipPath), `${zipPath} is missing: build the hs1c_widget_zip target`);
  entries = readZip(fs.readFileSync(zipPath));
  files = new Map(entries.map((e) => [e.name, e.data]));
});
const json = (name) => JSON.parse(files.get(name).toString('utf8'));

test('the zip holds exactly the package files, at its root, each once', () => {
  const names = entries.map((e) => e.name);
  assert.deepEqual([...names].sort(), [...FILES].sort());
  assert.equal(new Set(names).size, names.length);
  for (const name of names) {
    assert.ok(!name.startsWith('/') && !name.includes('\\') && !name.split('/').includes('..'), name);
    assert.ok(!name.startsWith('amocrm/'), `${name} is nested in a folder`);
  }
  assert.ok(fs.statSync(zipPath).size < ZIP_LIMIT_BYTES);
});

test('the zip is up to date with the package sources', () => {
  for (const name of FILES) {
    assert.ok(files.get(name).equals(fs.readFileSync(path.join(packageDir, name))), `${name} differs from the source`);
  }
});

test('the manifest follows amoCRM conventions', () => {
  const manifest = json('manifest.json');
  const w = manifest.widget;
  assert.equal(w.name, 'widget.name');
  assert.equal(w.description, 'widget.description');
  assert.equal(w.short_description, 'widget.short_description');
  assert.equal(w.version, '1.0.0');
  assert.equal(w.interface_version, 2);
  assert.equal(w.init_once, false);
  assert.deepEqual(w.locale, ['ru', 'en']);
  assert.equal(w.installation, true);
  assert.match(w.support.link, /^https:\/\/[^\s/]+/);
  assert.match(w.support.email, /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
  assert.deepEqual(manifest.locations, ['lcard-1']);
  assert.deepEqual(manifest.settings, { proxy_url: { name: 'settings.proxy_url', type: 'text', required: true } });
  assert.equal(files.get('manifest.json').subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), false, 'BOM');
});

test('both languages hold the same keys, every manifest key, Russian in ru and none in en', () => {
  const ru = json('i18n/ru.json');
  const en = json('i18n/en.json');
  assert.deepEqual(leafPaths(en).sort(), leafPaths(ru).sort());
  const manifest = json('manifest.json');
  const referenced = [manifest.widget.name, manifest.widget.description, manifest.widget.short_description,
    ...Object.values(manifest.settings).map((s) => s.name)];
  for (const lang of [ru, en]) {
    for (const key of referenced) assert.ok(typeof lookup(lang, key) === 'string' && lookup(lang, key).trim(), key);
    for (const key of leafPaths(lang)) assert.ok(lookup(lang, key).trim().length > 0, `${key} is empty`);
  }
  assert.equal(ru.ui.open_order, 'Просмотреть заказ');
  assert.equal(ru.ui.no_order, 'Заказа из 1С нет');
  for (const key of leafPaths(ru).filter((k) => k.startsWith('ui.error_'))) {
    assert.match(lookup(ru, key), /[А-Яа-яЁё]/, `${key} is not Russian`);
  }
  // "1С" in Russian text uses the Cyrillic С; the Latin C is a common slip.
  for (const key of leafPaths(ru)) assert.doesNotMatch(lookup(ru, key), /1C/, `${key}: Latin C in «1С»`);
  for (const key of leafPaths(en)) assert.doesNotMatch(lookup(en, key), /[А-Яа-яЁё]/, `${key} in en.json is Cyrillic`);
});

test('every UI text the script asks for exists in both languages', () => {
  const script = files.get('script.js').toString('utf8');
  const asked = new Set([
    ...[...script.matchAll(/\btext\('([a-z_]+)'\)/g)].map((m) => m[1]),
    ...[...script.matchAll(/'((?:error|column)_[a-z_]+)'/g)].map((m) => m[1]),
  ]);
  assert.ok(asked.has('open_order') && asked.has('error_network') && asked.has('column_name'), [...asked].join());
  for (const lang of ['ru', 'en']) {
    const ui = json(`i18n/${lang}.json`).ui;
    for (const key of asked) assert.equal(typeof ui[key], 'string', `${lang}: ui.${key}`);
  }
});

test('the logos have amoCRM\'s exact sizes and stay under 300 KB', () => {
  for (const [name, [width, height]] of Object.entries(IMAGES)) {
    const data = files.get(name);
    assert.deepEqual(pngSize(data), [width, height], name);
    assert.ok(data.length < IMAGE_LIMIT_BYTES, `${name}: ${data.length} bytes`);
    assert.ok(data.length > PNG_SIGNATURE.length + 25, `${name} is empty`);
  }
});

test('script.js is an AMD module on jquery and the Modal component with every callback', () => {
  const source = files.get('script.js').toString('utf8');
  let defined;
  const jqueryStub = () => new Proxy({}, { get: (_, key) => (key === 'then' ? undefined : () => jqueryStub()) });
  const sandbox = {
    define: (deps, factory) => { defined = { deps, factory }; },
    document: { documentElement: { lang: 'ru' }, getElementById: () => null, head: {} },
    window: { AMOCRM: { data: { current_card: { id: 0 } } } },
  };
  sandbox.AMOCRM = sandbox.window.AMOCRM;
  vm.runInNewContext(source, sandbox, { filename: 'script.js' });
  assert.deepEqual([...defined.deps], ['jquery', 'lib/components/base/modal']);
  const Widget = defined.factory(jqueryStub, function Modal() {});
  let rendered = false;
  Object.assign(Widget.prototype, {
    get_settings: () => ({ proxy_url: 'https://hs1c.example/' }),
    i18n: () => ({}),
    get_version: () => '1.0.0',
    render_template: () => { rendered = true; },
    $authorizedAjax: () => assert.fail('no request for an unsaved deal'),
  });
  const widget = new Widget();
  for (const name of CALLBACKS) assert.equal(typeof widget.callbacks[name], 'function', name);
  for (const name of ['init', 'render', 'bind_actions', 'settings']) assert.equal(widget.callbacks[name].call(widget), true, name);
  assert.equal(widget.callbacks.onSave.call(widget, { fields: {} }), true);
  assert.equal(rendered, false, 'an unsaved deal (id 0) renders nothing');
  widget.callbacks.destroy.call(widget);
});

test('script.js never writes data as HTML', () => {
  const source = files.get('script.js').toString('utf8');
  assert.doesNotMatch(source, /\.html\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  assert.doesNotMatch(source, /console\.(log|debug)/);
});
