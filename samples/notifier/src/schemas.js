// The published contract (docs/schemas), compiled strictly: an event or answer with a field the schema does not
// name, a value outside a closed set or a missing required field is refused, never guessed at.
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = dirname(fileURLToPath(import.meta.url));
export const schemasDir = process.env.SUPPORT_SCHEMAS_DIR ?? join(here, "..", "..", "..", "docs", "schemas");

function compiler() {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

/** One validator per file of a schema folder ("events" or "api"), by file name without ".schema.json". */
export function loadValidators(folder) {
  const ajv = compiler();
  const validators = new Map();
  for (const file of readdirSync(join(schemasDir, folder)).filter((f) => f.endsWith(".schema.json"))) {
    const schema = JSON.parse(readFileSync(join(schemasDir, folder, file), "utf8"));
    validators.set(file.replace(/\.schema\.json$/, ""), ajv.compile(schema));
  }
  return validators;
}

/** Null when the value is valid, else the errors as "path message" lines. */
export function check(validate, value) {
  if (validate(value)) {
    return null;
  }
  return validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
}
