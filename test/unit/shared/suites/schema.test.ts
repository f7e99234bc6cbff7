import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteJsonSchemaText } from '../../../../shared/suites/schema.ts';

const root = join(import.meta.dirname, '..', '..', '..', '..');

describe('schemas/suite.schema.json', () => {
  it('is the JSON Schema generated from the suite schema (after a change: npx tsx scripts/suite-schema.ts)', () => {
    expect(readFileSync(join(root, 'schemas', 'suite.schema.json'), 'utf8')).toBe(suiteJsonSchemaText());
  });

  it('forbids unknown fields and requires name and cases, as the parser does', () => {
    const schema = JSON.parse(suiteJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['name', 'cases']);
    expect(schema.properties.cases.items.additionalProperties).toBe(false);
  });
});
