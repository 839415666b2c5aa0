// Reads an Arrow IPC file or stream with apache-arrow and prints its schema and values as JSON.
// Usage: node read.mjs <path>
// Timestamps and dates print as epoch milliseconds (apache-arrow's convention for every unit), BigInts as strings,
// binary values as lower-case hex strings.
import { readFileSync } from 'node:fs';
import { RecordBatchReader } from 'apache-arrow';

const bytes = readFileSync(process.argv[2]);
const reader = RecordBatchReader.from(bytes);
reader.open();
const schema = reader.schema;
const toPlain = (value) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.getTime();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
};
const mapToObject = (map) => Object.fromEntries([...(map ?? new Map()).entries()]);
const batches = [];
for (const batch of reader) {
  const columns = {};
  schema.fields.forEach((field, i) => {
    const vector = batch.getChildAt(i);
    const values = [];
    for (let r = 0; r < batch.numRows; r++) values.push(toPlain(vector.get(r)));
    columns[field.name] = values;
  });
  batches.push({ rows: batch.numRows, columns });
}
const output = {
  format: reader.isFile() ? 'file' : 'stream',
  fields: schema.fields.map((f) => ({
    name: f.name,
    type: String(f.type),
    nullable: f.nullable,
    metadata: mapToObject(f.metadata),
  })),
  metadata: mapToObject(schema.metadata),
  batches,
};
process.stdout.write(JSON.stringify(output));
