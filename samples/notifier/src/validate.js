// Checks JSON documents against one published schema, strictly:
//   node src/validate.js api/SessionSnapshot < answers.jsonl
// One document per input line. Prints "N valid" or the first failures, and exits 1 when any document is invalid.
import { createInterface } from "node:readline";
import { loadValidators, check } from "./schemas.js";

const [folder, name] = (process.argv[2] ?? "").split("/");
const validate = folder && name ? loadValidators(folder).get(name) : undefined;
if (!validate) {
  console.error(`usage: node src/validate.js <events|api>/<schema name>  (unknown: ${process.argv[2]})`);
  process.exit(2);
}

let valid = 0;
const failures = [];
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === "") continue;
  const errors = check(validate, JSON.parse(line));
  if (errors) failures.push({ document: line.slice(0, 300), errors });
  else valid++;
}

if (failures.length > 0) {
  console.log(JSON.stringify({ valid, invalid: failures.length, failures: failures.slice(0, 5) }, null, 2));
  process.exit(1);
}
console.log(`${valid} valid`);
