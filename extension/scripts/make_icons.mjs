// Draws the extension icon (a white hourglass on a teal rounded square) as PNGs in icons/.
// Run once after changing the design: node scripts/make_icons.mjs. The PNGs are committed.
import { writeFileSync, mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "icons");
const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const SAND = [250, 204, 21];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// Colour of the point (u, v) in the unit square, or null for transparent.
function shade(u, v) {
  const r = 0.2;
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  if (dx * dx + dy * dy > r * r) return null;
  const half = Math.abs(v - 0.5);
  const inGlass = v > 0.2 && v < 0.8 && Math.abs(u - 0.5) < 0.04 + half * 0.9;
  if (v > 0.16 && v < 0.22 && Math.abs(u - 0.5) < 0.32) return WHITE;
  if (v > 0.78 && v < 0.84 && Math.abs(u - 0.5) < 0.32) return WHITE;
  if (inGlass) {
    const sand =
      (v > 0.62 && Math.abs(u - 0.5) < (v - 0.62) * 1.4) ||
      (v < 0.42 && v > 0.3 && Math.abs(u - 0.5) < half * 0.6);
    return sand ? SAND : WHITE;
  }
  return TEAL;
}

function icon(size) {
  const n = 4;
  return png(size, (x, y) => {
    const acc = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const c = shade((x + (i + 0.5) / n) / size, (y + (j + 0.5) / n) / size);
        if (!c) continue;
        acc[0] += c[0];
        acc[1] += c[1];
        acc[2] += c[2];
        acc[3] += 1;
      }
    }
    if (acc[3] === 0) return [0, 0, 0, 0];
    return [acc[0] / acc[3], acc[1] / acc[3], acc[2] / acc[3], (255 * acc[3]) / (n * n)].map(Math.round);
  });
}

mkdirSync(OUT, { recursive: true });
for (const size of [16, 32, 48, 128]) writeFileSync(join(OUT, `icon-${size}.png`), icon(size));
