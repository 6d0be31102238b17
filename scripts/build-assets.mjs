// Builds build/static/: the NHS.UK frontend compiled for this app (no third-party
// font or image URLs), its JavaScript, and its icons. Run by `make` before the app starts.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const assets = join(root, "resiliencehub", "core", "assets");

mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

const css = sass.compile(join(assets, "app.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
if (/url\(\s*["']?(https?:)?\/\//.test(css.css)) {
  throw new Error("The compiled CSS refers to another origin; refusing to build.");
}
writeFileSync(join(out, "css", "app.css"), css.css);

cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "js", "nhsuk-frontend.min.js"));
cpSync(join(assets, "app.mjs"), join(out, "js", "app.mjs"));
cpSync(join(nhsuk, "assets"), join(out, "nhsuk", "assets"), { recursive: true });
console.log(`Built ${out} (${css.css.length} bytes of CSS).`);
