// Writes schemas/suite.schema.json from the suite file's zod schema (shared/suites/schema.ts), so
// editors validate suite files as the CLI does. Run after changing the schema:
//   npx tsx scripts/suite-schema.ts
// (test/unit/shared/suites/schema.test.ts fails while the committed file is out of date.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suiteJsonSchemaText } from '../shared/suites/schema.ts';

const target = join(import.meta.dirname, '..', 'schemas', 'suite.schema.json');
writeFileSync(target, suiteJsonSchemaText());
console.log(`wrote ${target}`);
