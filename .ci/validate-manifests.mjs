// Validates rendered Kubernetes manifests (multi-document YAML on stdin or in the files given) against the
// Kubernetes OpenAPI schemas shipped in the npm package kubernetes-models. Exits 1 on the first invalid document.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseAllDocuments } from 'yaml';

const require = createRequire(import.meta.url);
const files = process.argv.slice(2);
const text = files.length ? files.map((f) => readFileSync(f, 'utf8')).join('\n---\n') : readFileSync(0, 'utf8');
let count = 0;
for (const document of parseAllDocuments(text)) {
  const manifest = document.toJS();
  if (!manifest) continue;
  const { apiVersion, kind } = manifest;
  // core/v1 lives at kubernetes-models/v1, apps/v1 at kubernetes-models/apps/v1, and so on
  const module = require(`kubernetes-models/${apiVersion}`);
  const Model = module[kind];
  if (!Model) throw new Error(`no schema for ${apiVersion} ${kind}`);
  try {
    new Model(manifest).validate();
  } catch (error) {
    console.error(`${kind} ${manifest.metadata?.name}: ${error.message}`);
    for (const detail of error.errors ?? []) console.error(`  ${detail.instancePath} ${detail.message}`);
    process.exit(1);
  }
  count++;
}
if (count === 0) {
  console.error('no manifests to validate');
  process.exit(1);
}
console.log(`${count} manifests valid`);
