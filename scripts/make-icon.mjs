// Draws images/icon.png (128x128): a pod (rounded square, Kubernetes blue) holding an app container and a
// smaller sidecar joined to it. Pure Node (zlib), so the icon can be regenerated anywhere: node scripts/make-icon.mjs
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128,
  SS = 4; // 4x4 supersampling for smooth edges
const BLUE = [50, 108, 229],
  WHITE = [255, 255, 255],
  AMBER = [255, 193, 7];
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r),
    cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};
// later layers paint over earlier ones
const layers = [
  [roundRect(4, 4, 124, 124, 24), BLUE],
  [roundRect(20, 30, 78, 98, 8), WHITE], // app container
  [roundRect(86, 44, 110, 84, 6), AMBER], // sidecar
  [roundRect(76, 58, 88, 70, 2), AMBER], // the link between them
  [roundRect(30, 42, 68, 48, 3), BLUE],
  [roundRect(30, 56, 62, 62, 3), BLUE],
  [roundRect(30, 70, 66, 76, 3), BLUE],
];
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < N; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++)
      for (let sx = 0; sx < SS; sx++) {
        const px = x + (sx + 0.5) / SS,
          py = y + (sy + 0.5) / SS;
        let color = null;
        for (const [inside, c] of layers) if (inside(px, py)) color = c;
        if (color) {
          acc[0] += color[0];
          acc[1] += color[1];
          acc[2] += color[2];
          acc[3] += 255;
        }
      }
    const n = acc[3] / 255,
      o = y * (N * 4 + 1) + 1 + x * 4;
    raw[o] = n ? acc[0] / n : 0;
    raw[o + 1] = n ? acc[1] / n : 0;
    raw[o + 2] = n ? acc[2] / n : 0;
    raw[o + 3] = acc[3] / (SS * SS);
  }
}
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync(
  new URL('../images/icon.png', import.meta.url),
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
