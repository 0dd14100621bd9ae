// Copy the parts of @noble/curves and @noble/hashes the browser needs from node_modules (installed
// from package-lock.json by `make js`) into static/vendor/noble/, and write static/vendor/manifest.json
// with each file's subresource-integrity hash, which the pages put on their <link rel="modulepreload">.
//
// Browsers cannot resolve bare specifiers such as '@noble/hashes/sha2.js' without an import map, and
// an inline import map would need a CSP exception; so bare specifiers are rewritten to relative paths.
// Only the import graph of the entry points is copied.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'node_modules', '@noble');
const TARGET = join(ROOT, 'static', 'vendor', 'noble');
const MANIFEST = join(ROOT, 'static', 'vendor', 'manifest.json');
const ENTRIES = ['curves/ed25519.js', 'hashes/sha2.js', 'hashes/utils.js'];
const PACKAGES = ['curves', 'hashes'];
// Static import and re-export statements start a line; examples in doc comments start with ' *'.
const IMPORT = /^((?:import|export)\b[^;'"]*?(?:\bfrom\s*|\bimport\s*))(['"])([^'"]+)\2/gm;

const versions = Object.fromEntries(
  PACKAGES.map((name) => [
    `@noble/${name}`,
    JSON.parse(readFileSync(join(SOURCE, name, 'package.json'), 'utf8')).version,
  ]),
);

rmSync(TARGET, { recursive: true, force: true });
const files = {};
const queue = [...ENTRIES];
while (queue.length) {
  const file = queue.shift();
  if (file in files) continue;
  let text = readFileSync(join(SOURCE, file), 'utf8');
  text = text.replace(IMPORT, (whole, keyword, quote, spec) => {
    let target;
    if (spec.startsWith('@noble/')) target = spec.slice('@noble/'.length);
    else if (spec.startsWith('.')) target = posix.join(posix.dirname(file), spec);
    else throw new Error(`${file} imports ${spec}, which is not vendored`);
    queue.push(target);
    let rel = posix.relative(posix.dirname(file), target);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${keyword}${quote}${rel}${quote}`;
  });
  text = text.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
  const out = join(TARGET, file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  files[file] = `sha384-${createHash('sha384').update(text).digest('base64')}`;
}
for (const name of PACKAGES) {
  writeFileSync(join(TARGET, name, 'LICENSE'), readFileSync(join(SOURCE, name, 'LICENSE')));
}
const sorted = Object.fromEntries(Object.keys(files).sort().map((k) => [`noble/${k}`, files[k]]));
writeFileSync(MANIFEST, `${JSON.stringify({ versions, files: sorted }, null, 2)}\n`);
console.log(`vendored ${Object.keys(files).length} files into ${relative(ROOT, TARGET)}`);
