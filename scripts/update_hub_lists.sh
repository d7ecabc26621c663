#!/usr/bin/env bash
# Refreshes glasshouse/data/hub_lists.json (the Hub's pipeline tags, dataset task ids and library
# names) from the npm package @huggingface/tasks. Needs node and npm; not run by the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
(cd "$work" && npm pack --silent @huggingface/tasks >/dev/null && tar xzf huggingface-tasks-*.tgz)
version=$(node -p "require('$work/package/package.json').version")
node -e '
const m = require(process.argv[1] + "/package/dist/commonjs/index.js");
const fs = require("fs");
const sub = new Set();
for (const v of Object.values(m.PIPELINE_DATA)) for (const s of (v.subtasks || [])) sub.add(s.type);
const out = {
  _source: "Hugging Face Hub task and library identifiers, from the npm package @huggingface/tasks " +
    process.argv[2] + " (MIT licence): PIPELINE_TYPES (pipeline_tag and dataset task_categories), " +
    "PIPELINE_DATA[*].subtasks[*].type (dataset task_ids) and the keys of " +
    "MODEL_LIBRARIES_UI_ELEMENTS (library_name). size_categories: the Hub\u0027s dataset card " +
    "size buckets. Regenerate with scripts/update_hub_lists.sh.",
  pipeline_tags: [...m.PIPELINE_TYPES].sort(),
  task_ids: [...sub].sort(),
  library_names: Object.keys(m.MODEL_LIBRARIES_UI_ELEMENTS).sort(),
  size_categories: JSON.parse(fs.readFileSync("glasshouse/data/hub_lists.json")).size_categories,
};
fs.writeFileSync("glasshouse/data/hub_lists.json", JSON.stringify(out, null, 1) + "\n");
' "$work" "$version"
rm -rf "$work"
echo "glasshouse/data/hub_lists.json updated from @huggingface/tasks $version"
