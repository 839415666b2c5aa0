// Writes Arrow IPC files with apache-arrow for the engine to read.
// Usage: node write.mjs <directory>   -> <directory>/node.arrow (file format) and node.arrows (stream format),
//                                        and node-binary.arrow (file format, below)
// Contents (the C# interop test checks exactly these):
//   schema metadata {origin: "apache-arrow"}; two batches of 3 rows each.
//   i8 Int8, i16 Int16, i32 Int32 (not null, metadata {unit: "count"}), i64 Int64, u8 Uint8, u16 Uint16,
//   u32 Uint32, u64 Uint64, f32 Float32, f64 Float64, flag Bool, name Utf8, ts Timestamp(ms, "UTC"),
//   ts_local Timestamp(us, "Europe/Vienna"), day DateDay, road Dictionary<Int32, Utf8>.
//   Batch b (0 or 1), row r (0..2), k = 3b + r: row with r == 1 is null in every nullable column; otherwise
//   i8 = k - 3, i16 = -100k, i32 = k (never null), i64 = 2^40 + k, u8 = 200 + k, u16 = 60000 + k,
//   u32 = 4e9 + k, u64 = 2^63 + k, f32 = k + 0.5, f64 = k / 4, flag = k even, name = "n" + k + "ü",
//   ts = 1.7e12 + k ms, ts_local = (1.7e12 + k) ms
//   stored in microseconds (apache-arrow takes and returns timestamps as epoch milliseconds), day = 19000 + k, road = ["A", "B", "C", "D", "E", "F"][k].
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Field, Schema, Int8, Int16, Int32, Int64, Uint8, Uint16, Uint32, Uint64, Float32, Float64, Bool, Utf8,
  TimestampMillisecond, TimestampMicrosecond, TimeUnit, Timestamp, DateDay, Dictionary, vectorFromArray,
  makeData, RecordBatch, Struct, tableToIPC, Table, Binary,
} from 'apache-arrow';

const fields = [
  new Field('i8', new Int8(), true),
  new Field('i16', new Int16(), true),
  new Field('i32', new Int32(), false, new Map([['unit', 'count']])),
  new Field('i64', new Int64(), true),
  new Field('u8', new Uint8(), true),
  new Field('u16', new Uint16(), true),
  new Field('u32', new Uint32(), true),
  new Field('u64', new Uint64(), true),
  new Field('f32', new Float32(), true),
  new Field('f64', new Float64(), true),
  new Field('flag', new Bool(), true),
  new Field('name', new Utf8(), true),
  new Field('ts', new Timestamp(TimeUnit.MILLISECOND, 'UTC'), true),
  new Field('ts_local', new Timestamp(TimeUnit.MICROSECOND, 'Europe/Vienna'), true),
  new Field('day', new DateDay(), true),
  new Field('road', new Dictionary(new Utf8(), new Int32(), 0), true),
];
const schema = new Schema(fields, new Map([['origin', 'apache-arrow']]));
const roads = ['A', 'B', 'C', 'D', 'E', 'F'];

function value(name, k) {
  switch (name) {
    case 'i8': return k - 3;
    case 'i16': return -100 * k;
    case 'i32': return k;
    case 'i64': return 2n ** 40n + BigInt(k);
    case 'u8': return 200 + k;
    case 'u16': return 60000 + k;
    case 'u32': return 4e9 + k;
    case 'u64': return 2n ** 63n + BigInt(k);
    case 'f32': return k + 0.5;
    case 'f64': return k / 4;
    case 'flag': return k % 2 === 0;
    case 'name': return `n${k}ü`;
    case 'ts': return 1.7e12 + k;
    case 'ts_local': return 1.7e12 + k; // milliseconds; stored as microseconds
    case 'day': return new Date((19000 + k) * 86400000);
    case 'road': return roads[k];
    default: throw new Error(name);
  }
}

// Each column is built once over all six rows (one dictionary for the file format) and sliced per batch.
const all = [0, 1, 2, 3, 4, 5];
const full = fields.map((f) => vectorFromArray(all.map((k) => (k % 3 === 1 && f.nullable ? null : value(f.name, k))), f.type));
const batches = [0, 1].map((b) => {
  const children = full.map((vector) => vector.slice(3 * b, 3 * b + 3).data[0]);
  const data = makeData({ type: new Struct(fields), length: 3, nullCount: 0, children });
  return new RecordBatch(schema, data);
});
const table = new Table(schema, batches);
const directory = process.argv[2];
writeFileSync(join(directory, 'node.arrow'), tableToIPC(table, 'file'));
writeFileSync(join(directory, 'node.arrows'), tableToIPC(table, 'stream'));

// node-binary.arrow: one batch, one nullable Binary field 'blob' with field metadata
// {"ARROW:extension:name": "geoarrow.wkb"}; rows [00 01 ff], null, [] (empty), [ca fe].
const blobField = new Field('blob', new Binary(), true, new Map([['ARROW:extension:name', 'geoarrow.wkb']]));
const blobSchema = new Schema([blobField]);
const blobs = vectorFromArray([Uint8Array.of(0, 1, 255), null, new Uint8Array(0), Uint8Array.of(0xca, 0xfe)], blobField.type);
const blobData = makeData({ type: new Struct([blobField]), length: 4, nullCount: 0, children: [blobs.data[0]] });
writeFileSync(join(directory, 'node-binary.arrow'), tableToIPC(new Table(blobSchema, [new RecordBatch(blobSchema, blobData)]), 'file'));
