// Builds the committed site assets so that running the site needs no Node:
//   site.scss -> src/annual_review/public/static/public/site.css
//   site.css, site.js -> .gz beside them (WhiteNoise serves them to browsers that accept them)
//   axe-core  -> tests/browser/vendor/axe.min.js (injected by the browser tests)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const staticDir = resolve(root, "src/annual_review/public/static/public");
const vendorDir = resolve(root, "tests/browser/vendor");

const result = sass.compile(resolve(here, "site.scss"), {
  loadPaths: [resolve(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
mkdirSync(staticDir, { recursive: true });
writeFileSync(resolve(staticDir, "site.css"), result.css + "\n");

for (const name of ["site.css", "site.js"]) {
  const body = readFileSync(resolve(staticDir, name));
  writeFileSync(resolve(staticDir, `${name}.gz`), gzipSync(body, { level: 9 }));
}

mkdirSync(vendorDir, { recursive: true });
copyFileSync(resolve(here, "node_modules/axe-core/axe.min.js"), resolve(vendorDir, "axe.min.js"));
copyFileSync(resolve(here, "node_modules/axe-core/LICENSE"), resolve(vendorDir, "axe-core-LICENSE.txt"));
console.log(`site.css: ${result.css.length} bytes`);
