// The origin's files: fixed-size bodies for pass-through and an HTML page of about 200 KB with a
// real <head> (so hs1c injects) and Cyrillic text (so the rewriter sees multi-byte UTF-8).
import fs from 'node:fs';
import path from 'node:path';

const KIB = 1024;
export const SMALL = { file: '1k.bin', bytes: KIB, label: '1 KB' };
export const LARGE = { file: '100k.bin', bytes: 100 * KIB, label: '100 KB' };
export const PAGE = { file: 'page.html', bytes: 200 * KIB, label: 'HTML 200 KB' };

function pattern(bytes) {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = 0x41 + (i % 26);
  return out;
}

function page(bytes) {
  const head = '<!doctype html>\n<html lang="ru"><head><meta charset="utf-8"><title>Скрипт продаж</title>'
    + '<link rel="stylesheet" href="/assets/app.css"></head>\n<body><main>\n';
  const row = (i) => `<div class="step" data-i="${i}"><p>Шаг ${i}: уточните у клиента ёмкость и сечение кабеля, `
    + 'предложите автомат и клеммник WAGO.</p></div>\n';
  const parts = [head];
  let size = Buffer.byteLength(head);
  for (let i = 0; size < bytes - 64; i++) {
    parts.push(row(i));
    size += Buffer.byteLength(parts.at(-1));
  }
  parts.push('</main></body></html>\n');
  return parts.join('');
}

export function writeFixtures(root) {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, SMALL.file), pattern(SMALL.bytes));
  fs.writeFileSync(path.join(root, LARGE.file), pattern(LARGE.bytes));
  fs.writeFileSync(path.join(root, PAGE.file), page(PAGE.bytes));
}
