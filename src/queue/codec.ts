/**
 * A chunk's aggregate to and from the result message stored in Redis (protocol.ts): every float64
 * block concatenated, little-endian whatever the machine, raw-deflated (the slots are mostly zero
 * or small integers: a run chunk's ~1 MB of slots shrinks to a few tens of kB) and base64'd.
 *
 * Decoding checks everything a hostile or broken worker could get wrong before a single slot is
 * merged: the schema, the kind, the number and length of the blocks (against the coordinator's own
 * layout, never the message's), and that every slot is a finite integer, as exact merges need.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { endianness } from 'node:os';
import type { ChunkTransfer } from '../montecarlo/index.js';
import { CasesResultSchema, ChunkResultSchema, MAX_RESULT_CHARS, PROTOCOL_VERSION, type CasesIdentity, type CasesResultMessage, type ChunkResultMessage } from './protocol.js';

const LITTLE_ENDIAN = endianness() === 'LE';

function blocksOf(t: ChunkTransfer): { blocks: Float64Array[]; pathways: [string, number][][]; pathwayExamples: [string, number[]][][] } {
  if (t.kind === 'run') return { blocks: [t.agg.data], pathways: [t.agg.pathways], pathwayExamples: [t.agg.pathwayExamples] };
  return {
    blocks: [...t.agg.arms.map((a) => a.data), t.agg.paired, t.agg.probe],
    pathways: t.agg.arms.map((a) => a.pathways),
    pathwayExamples: t.agg.arms.map((a) => a.pathwayExamples),
  };
}

export function encodeChunkResult(t: ChunkTransfer, meta: { chunkId: string; engineVersion: string; trajectories: number; worker: string }): ChunkResultMessage {
  const { blocks, pathways, pathwayExamples } = blocksOf(t);
  const total = blocks.reduce((n, b) => n + b.length, 0);
  const bytes = Buffer.alloc(total * 8);
  let at = 0;
  for (const b of blocks) {
    Buffer.from(b.buffer, b.byteOffset, b.byteLength).copy(bytes, at);
    at += b.byteLength;
  }
  if (!LITTLE_ENDIAN) bytes.swap64();
  return {
    protocol: PROTOCOL_VERSION,
    chunkId: meta.chunkId,
    engineVersion: meta.engineVersion,
    kind: t.kind,
    trajectories: meta.trajectories,
    lengths: blocks.map((b) => b.length),
    pathways,
    pathwayExamples,
    data: deflateRawSync(bytes, { level: 1 }).toString('base64'),
    worker: meta.worker,
  };
}

/** The block lengths a chunk of this job must have: from the coordinator's own empty aggregate. */
export type ExpectedShape = { kind: 'run'; length: number } | { kind: 'compare'; arms: number[]; paired: number; probe: number };

/**
 * The transfer in a result message, or a reason it is refused (malformed, of another shape, or
 * slots that are not finite integers).
 */
export function decodeChunkResult(raw: unknown, expect: ExpectedShape, chunkIdWanted: string): { transfer: ChunkTransfer; message: ChunkResultMessage } | { refused: string } {
  const parsed = ChunkResultSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
  if (!parsed.success) return { refused: `malformed result (${parsed.error.issues[0]?.path.join('.') || 'message'}: ${parsed.error.issues[0]?.message ?? '?'})` };
  const m = parsed.data;
  if (m.chunkId !== chunkIdWanted) return { refused: `result names chunk ${m.chunkId}, not ${chunkIdWanted}` };
  if (m.kind !== expect.kind) return { refused: `result is of kind ${m.kind}, the study of kind ${expect.kind}` };
  const lengths = expect.kind === 'run' ? [expect.length] : [...expect.arms, expect.paired, expect.probe];
  if (m.lengths.length !== lengths.length || m.lengths.some((n, i) => n !== lengths[i])) return { refused: `result blocks of ${m.lengths.join('+')} slots, the study needs ${lengths.join('+')}` };
  const arms = expect.kind === 'run' ? 1 : expect.arms.length;
  if (m.pathways.length !== arms) return { refused: `result has pathways for ${m.pathways.length} arms, the study has ${arms}` };
  if (m.pathwayExamples.length !== arms) return { refused: `result has pathway examples for ${m.pathwayExamples.length} arms, the study has ${arms}` };
  if (m.pathwayExamples.some((arm) => arm.some(([, pairs]) => pairs.length % 2 !== 0))) return { refused: 'result has a pathway example without its day' };
  const total = lengths.reduce((a, b) => a + b, 0);
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(Buffer.from(m.data, 'base64'), { maxOutputLength: total * 8 + 1 });
  } catch (e) {
    return { refused: `result data does not inflate (${e instanceof Error ? e.message : String(e)})` };
  }
  if (bytes.length !== total * 8) return { refused: `result data has ${bytes.length} bytes, ${total * 8} expected` };
  if (!LITTLE_ENDIAN) bytes.swap64();
  // Aligned copy (a Buffer may sit at any offset of its pool).
  const all = new Float64Array(total);
  Buffer.from(all.buffer).set(bytes);
  for (let i = 0; i < total; i++) {
    if (!Number.isInteger(all[i]!)) return { refused: `result slot ${i} is ${all[i]}, not a finite integer` };
  }
  const blocks: Float64Array[] = [];
  let at = 0;
  for (const n of lengths) {
    blocks.push(all.subarray(at, at + n));
    at += n;
  }
  if (expect.kind === 'run') return { message: m, transfer: { kind: 'run', agg: { data: blocks[0]!, pathways: m.pathways[0]!, pathwayExamples: m.pathwayExamples[0]! } } };
  const A = expect.arms.length;
  return {
    message: m,
    transfer: {
      kind: 'compare',
      agg: { arms: blocks.slice(0, A).map((data, j) => ({ data, pathways: m.pathways[j]!, pathwayExamples: m.pathwayExamples[j]! })), paired: blocks[A]!, probe: blocks[A + 1]! },
    },
  };
}

function safeJson(s: string): unknown {
  if (s.length > MAX_RESULT_CHARS + 1e6) return null;
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/**
 * A chunk of historical simulations' result (`brink calibrate|backtest --queue`), or why it is
 * refused: one tally of `width` integers per item of the chunk, each between 0 and the item's
 * trajectories, its first four (the levels, or the violence categories) adding up to them.
 */
export function decodeCasesResult(raw: unknown, identity: CasesIdentity, width: number, chunkIdWanted: string): { message: CasesResultMessage } | { refused: string } {
  const parsed = CasesResultSchema.safeParse(typeof raw === 'string' ? safeJson(raw) : raw);
  if (!parsed.success) return { refused: `malformed result (${parsed.error.issues[0]?.path.join('.') || 'message'}: ${parsed.error.issues[0]?.message ?? '?'})` };
  const m = parsed.data;
  if (m.chunkId !== chunkIdWanted) return { refused: `result names chunk ${m.chunkId}, not ${chunkIdWanted}` };
  if (m.tallies.length !== identity.items.length) return { refused: `result has ${m.tallies.length} tallies, the chunk ${identity.items.length} simulations` };
  let total = 0;
  for (let k = 0; k < m.tallies.length; k++) {
    const t = m.tallies[k]!;
    const n = identity.items[k]!.count;
    total += n;
    if (t.length !== width) return { refused: `tally ${k} has ${t.length} counts, ${width} expected` };
    if (t.some((x) => x > n)) return { refused: `tally ${k} counts more than its ${n} trajectories` };
    if (t[0]! + t[1]! + t[2]! + t[3]! !== n) return { refused: `tally ${k}'s outcome categories do not add up to its ${n} trajectories` };
  }
  if (m.trajectories !== total) return { refused: `result of ${m.trajectories} trajectories, the chunk has ${total}` };
  return { message: m };
}
