// Draws the extension's icon (images/icon.png, 128×128) as a PNG without image libraries: every
// pixel is computed from signed distances to a few shapes, 4×4 supersampled for smooth edges.
// Usage: node scripts/build/draw-icon.mjs   (the PNG is committed; run again after changing this)
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;

const clamp = (x, a = 0, b = 1) => Math.max(a, Math.min(b, x));
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function segment(x, y, ax, ay, bx, by, w) {
  const px = x - ax,
    py = y - ay,
    dx = bx - ax,
    dy = by - ay;
  const h = clamp((px * dx + py * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - dx * h, py - dy * h) - w;
}

const NAVY_TOP = hex('#1f3a68');
const NAVY_BOTTOM = hex('#0f1c33');
const ENTRA = hex('#3ba0ff');
const AWS = hex('#ff9900');
const WHITE = [255, 255, 255];
const LINE = hex('#9fb6d8');

/** The colour (with alpha) at one sample point; later shapes paint over earlier ones. */
function shade(x, y) {
  let colour = [0, 0, 0];
  let alpha = 0;
  const paint = (d, c) => {
    if (d <= 0) {
      colour = c;
      alpha = 1;
    }
  };
  paint(roundedBox(x, y, 64, 64, 62, 62, 22), mix(NAVY_TOP, NAVY_BOTTOM, y / SIZE));
  // Entra (a circle of "source" attributes) on the left, AWS (a rounded square) on the right.
  paint(circle(x, y, 30, 46, 17), ENTRA);
  paint(roundedBox(x, y, 98, 46, 16, 16, 5), AWS);
  // The mapping arrow between them.
  paint(segment(x, y, 52, 46, 74, 46, 3.2), WHITE);
  paint(segment(x, y, 68, 38, 77, 46, 3.2), WHITE);
  paint(segment(x, y, 68, 54, 77, 46, 3.2), WHITE);
  // Attribute rows below: source → target pairs.
  for (const [row, left, right] of [
    [80, 34, 52],
    [94, 28, 44],
    [108, 38, 30],
  ]) {
    paint(segment(x, y, 16, row, 16 + left, row, 3), LINE);
    paint(segment(x, y, 112 - right, row, 112, row, 3), row === 80 ? AWS : LINE);
    paint(circle(x, y, 64, row, 2.6), WHITE);
  }
  return [...colour, alpha];
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let px = 0; px < SIZE; px++) {
    let r = 0,
      g = 0,
      b = 0,
      a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const [cr, cg, cb, ca] = shade(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        r += cr * ca;
        g += cg * ca;
        b += cb * ca;
        a += ca;
      }
    }
    const n = SS * SS;
    const o = 1 + px * 4;
    row[o] = a ? Math.round(r / a) : 0;
    row[o + 1] = a ? Math.round(g / a) : 0;
    row[o + 2] = a ? Math.round(b / a) : 0;
    row[o + 3] = Math.round((a / n) * 255);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = new URL('../../images/icon.png', import.meta.url);
writeFileSync(out, png);
console.log(`wrote ${out.pathname} (${png.length} bytes)`);
