import * as path from 'node:path';

/** The repository (package) root: compiled code runs from dist/compiler/. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** The fleet JSON Schema, the single source of truth for fleet.yaml. */
export const SCHEMA_PATH = path.join(PACKAGE_ROOT, 'spec', 'fleet.schema.json');

/** The ajv validator precompiled from the schema by `npm run generate`. */
export const VALIDATOR_PATH = path.join(PACKAGE_ROOT, 'generated', 'validator', 'fleet-validator.js');
